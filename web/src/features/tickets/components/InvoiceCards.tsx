import { Anchor, Group, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatMoney, type Invoice } from '../api/invoices.api.ts';
import { InvoiceActions, invoiceDay } from './InvoicesTable.tsx';
import { InvoiceStatusBadge } from './StatusBadges.tsx';

/** Invoices on a phone: one card each (number and status, client and amount, due date, actions). */
export function InvoiceCards({ invoices, showClient }: { invoices: Invoice[]; showClient: boolean }) {
  const { t, i18n } = useTranslation();
  return (
    <Stack gap="xs" role="list" aria-label={t('tickets.invoices.table')}>
      {invoices.map((invoice) => (
        <Paper key={invoice.id} withBorder p="sm" role="listitem" data-testid="invoice-row">
          <Group justify="space-between" wrap="nowrap" gap="xs">
            <Text fw={500}>{invoice.number}</Text>
            <InvoiceStatusBadge status={invoice.status} />
          </Group>
          <Group justify="space-between" wrap="nowrap" gap="xs" mt={4}>
            {showClient ? (
              <Anchor component={Link} to={`/contacts/${invoice.client_id}`} c="inherit" size="sm" className="sb-ellipsis">
                {invoice.client_name}
              </Anchor>
            ) : (
              <span />
            )}
            <Text size="sm" fw={500} style={{ whiteSpace: 'nowrap' }} data-testid="invoice-amount">
              {formatMoney(invoice.amount, invoice.currency, i18n.language)}
            </Text>
          </Group>
          {invoice.due_date && (
            <Text size="xs" c="dimmed" mt={2}>
              {t('tickets.invoices.due')}: {invoiceDay(invoice.due_date, i18n.language)}
            </Text>
          )}
          <Group mt="xs">
            <InvoiceActions invoice={invoice} />
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}
