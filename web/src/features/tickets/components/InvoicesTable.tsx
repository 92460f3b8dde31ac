import { Anchor, Button, Group, Popover, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatMoney, type Invoice } from '../api/invoices.api.ts';
import { useInvoiceMutations } from '../hooks/useInvoices.ts';
import { InvoiceCards } from './InvoiceCards.tsx';
import { InvoiceStatusBadge } from './StatusBadges.tsx';
import { showSuccess } from '../notify.ts';
import { displayName } from '../../../lib/safe-display.ts';

export const invoiceDay = (value: string, language: string) =>
  new Intl.DateTimeFormat(language, { dateStyle: 'medium' }).format(new Date(value.length === 10 ? `${value}T00:00:00` : value));

/**
 * Invoices with their PDF and the actions their status allows (issued → paid | void, paid → void):
 * a table, or on a phone one card each so nothing scrolls sideways.
 */
export function InvoicesTable({ invoices, showClient = true }: { invoices: Invoice[]; showClient?: boolean }) {
  const { t, i18n } = useTranslation();
  const isPhone = useMediaQuery('(max-width: 47.99em)', false, { getInitialValueInEffect: false });
  const day = (value: string) => invoiceDay(value, i18n.language);
  if (isPhone) return <InvoiceCards invoices={invoices} showClient={showClient} />;
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table highlightOnHover verticalSpacing="xs" aria-label={t('tickets.invoices.table')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('tickets.invoices.number')}</Table.Th>
            {showClient && <Table.Th>{t('tickets.invoices.client')}</Table.Th>}
            <Table.Th ta="right">{t('tickets.invoices.amount')}</Table.Th>
            <Table.Th>{t('tickets.invoices.statusLabel')}</Table.Th>
            <Table.Th>{t('tickets.invoices.due')}</Table.Th>
            <Table.Th>{t('tickets.invoices.issued')}</Table.Th>
            <Table.Th>{t('tickets.invoices.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {invoices.map((invoice) => (
            <Table.Tr key={invoice.id} data-testid="invoice-row">
              <Table.Td fw={500}>{invoice.number}</Table.Td>
              {showClient && (
                <Table.Td>
                  <Anchor component={Link} to={`/contacts/${invoice.client_id}`} c="inherit">
                    {displayName(invoice.client_name)}
                  </Anchor>
                </Table.Td>
              )}
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }} data-testid="invoice-amount">
                {formatMoney(invoice.amount, invoice.currency, i18n.language)}
              </Table.Td>
              <Table.Td miw={100}>
                <InvoiceStatusBadge status={invoice.status} />
              </Table.Td>
              <Table.Td>
                <Text size="sm" c={invoice.due_date ? undefined : 'dimmed'}>
                  {invoice.due_date ? day(invoice.due_date) : '—'}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" c="dimmed">
                  {day(invoice.issued_at)}
                </Text>
              </Table.Td>
              <Table.Td>
                <InvoiceActions invoice={invoice} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function InvoiceActions({ invoice }: { invoice: Invoice }) {
  const { t } = useTranslation();
  const { update } = useInvoiceMutations();
  const [confirming, setConfirming] = useState(false);
  const setStatus = (status: 'paid' | 'void') =>
    update.mutate(
      { id: invoice.id, status },
      {
        onSuccess: () =>
          showSuccess(t(status === 'paid' ? 'tickets.invoices.markedPaid' : 'tickets.invoices.voided', { number: invoice.number })),
      },
    );
  return (
    <Group gap={4} wrap="nowrap" data-toolbar="invoice-actions">
      <Button
        component="a"
        href={invoice.pdf_url}
        target="_blank"
        rel="noopener"
        size="compact-xs"
        variant="default"
        aria-label={t('tickets.invoices.downloadPdf', { number: invoice.number })}
        data-testid="invoice-pdf"
      >
        {t('tickets.invoices.pdf')}
      </Button>
      {invoice.status === 'issued' && (
        <Button
          size="compact-xs"
          variant="light"
          color="green"
          loading={update.isPending && update.variables?.status === 'paid'}
          onClick={() => setStatus('paid')}
          data-testid="invoice-paid"
        >
          {t('tickets.invoices.markPaid')}
        </Button>
      )}
      {invoice.status !== 'void' && (
        <Popover opened={confirming} onChange={setConfirming} withArrow trapFocus position="bottom-end">
          <Popover.Target>
            <Button
              size="compact-xs"
              variant="subtle"
              color="red"
              onClick={() => setConfirming((open) => !open)}
              data-testid="invoice-void"
            >
              {t('tickets.invoices.void')}
            </Button>
          </Popover.Target>
          <Popover.Dropdown maw={260}>
            <Stack gap="xs">
              <Text size="sm">{t('tickets.invoices.confirmVoid', { number: invoice.number })}</Text>
              <Group gap="xs" justify="flex-end">
                <Button size="xs" variant="default" onClick={() => setConfirming(false)}>
                  {t('common.cancel')}
                </Button>
                <Button
                  size="xs"
                  color="red"
                  loading={update.isPending}
                  onClick={() => {
                    setConfirming(false);
                    setStatus('void');
                  }}
                >
                  {t('tickets.invoices.confirm')}
                </Button>
              </Group>
            </Stack>
          </Popover.Dropdown>
        </Popover>
      )}
    </Group>
  );
}
