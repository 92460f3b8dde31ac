import { Alert, Anchor, Box, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { dayKey } from '../../../lib/dates.ts';
import type { Invoice } from '../api/portal.api.ts';
import { useMyInvoices } from '../hooks/usePortal.ts';
import { InvoiceStatusBadge } from './StatusBadges.tsx';
import { errorText } from '../../../lib/errors.ts';

export function formatMoney(amount: number, currency: string, language: string): string {
  try {
    return new Intl.NumberFormat(language, { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
}

/** A calendar day (YYYY-MM-DD) as a date in the reader's language, without a time zone shifting it. */
function formatDay(day: string, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

const isOverdue = (invoice: Invoice) => invoice.status === 'issued' && invoice.due_date !== null && invoice.due_date < dayKey(new Date());

/** The client's invoices with their PDFs (GET /api/invoices/:id/pdf, read with the portal session cookie). */
export function PortalInvoices() {
  const { t, i18n } = useTranslation();
  const invoices = useMyInvoices();
  const items = invoices.data?.pages.flatMap((page) => page.results) ?? [];

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="portal-invoices-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="portal-invoices-title">
          {t('portal.invoices.title')}
        </Title>
        {invoices.error && (
          <Alert color="red" role="alert">
            {errorText(invoices.error)}
          </Alert>
        )}
        {invoices.isPending && <Text c="dimmed">{t('common.loading')}</Text>}
        {invoices.data && items.length === 0 && <Text c="dimmed">{t('portal.invoices.empty')}</Text>}
        {items.length > 0 && (
          <Stack gap={0} component="ul" p={0} m={0} hiddenFrom="sm" style={{ listStyle: 'none' }}>
            {items.map((invoice) => (
              <Box
                component="li"
                key={invoice.id}
                py="xs"
                style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
                data-testid="portal-invoice-card"
              >
                <Group justify="space-between" wrap="nowrap" gap="xs">
                  <Text fw={500}>{invoice.number}</Text>
                  <InvoiceStatusBadge status={invoice.status} />
                </Group>
                <Group justify="space-between" wrap="nowrap" gap="xs">
                  <Text size="sm">{formatMoney(invoice.amount, invoice.currency, i18n.language)}</Text>
                  <PdfLink invoice={invoice} />
                </Group>
                <Text size="xs" c={isOverdue(invoice) ? 'red' : 'dimmed'}>
                  {t('portal.invoices.dueDate')}:{' '}
                  {invoice.due_date ? formatDay(invoice.due_date, i18n.language) : t('portal.invoices.noDueDate')}
                </Text>
              </Box>
            ))}
          </Stack>
        )}
        {items.length > 0 && (
          <Table.ScrollContainer minWidth={520} visibleFrom="sm">
            <Table verticalSpacing="xs" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('portal.invoices.number')}</Table.Th>
                  <Table.Th ta="right">{t('portal.invoices.amount')}</Table.Th>
                  <Table.Th>{t('portal.invoices.dueDate')}</Table.Th>
                  <Table.Th>{t('portal.invoices.status')}</Table.Th>
                  <Table.Th>{t('portal.invoices.pdf')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((invoice) => (
                  <Table.Tr key={invoice.id} data-testid="portal-invoice-row">
                    <Table.Td fw={500}>{invoice.number}</Table.Td>
                    <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                      {formatMoney(invoice.amount, invoice.currency, i18n.language)}
                    </Table.Td>
                    <Table.Td c={isOverdue(invoice) ? 'red' : undefined} style={{ whiteSpace: 'nowrap' }}>
                      {invoice.due_date ? formatDay(invoice.due_date, i18n.language) : t('portal.invoices.noDueDate')}
                    </Table.Td>
                    <Table.Td>
                      <InvoiceStatusBadge status={invoice.status} />
                    </Table.Td>
                    <Table.Td>
                      <PdfLink invoice={invoice} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {invoices.hasNextPage && (
          <Button variant="subtle" onClick={() => void invoices.fetchNextPage()} loading={invoices.isFetchingNextPage}>
            {t('portal.invoices.more')}
          </Button>
        )}
      </Stack>
    </Paper>
  );
}

function PdfLink({ invoice }: { invoice: Invoice }) {
  const { t } = useTranslation();
  return (
    <Anchor
      href={invoice.pdf_url}
      download={`${invoice.number}.pdf`}
      aria-label={t('portal.invoices.download', { number: invoice.number })}
      size="sm"
    >
      PDF
    </Anchor>
  );
}
