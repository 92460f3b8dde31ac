import { Alert, Badge, Button, Group, Loader, Popover, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../lib/errors.ts';
import { useSession } from '../../auth/index.ts';
import { fetchPayments, invoiceStatuses, paymentsKey, refundInvoice, tenge, type InvoiceRow, type InvoiceStatus } from '../payments.api.ts';

const statusColors: Record<InvoiceStatus, string> = { pending: 'blue', paid: 'green', failed: 'red', refunded: 'gray', expired: 'gray' };

/** The clinic's invoices, newest first, by status; admins refund a paid one through the provider. */
export function PaymentsPanel() {
  const { t, i18n } = useTranslation();
  const { data: me } = useSession();
  const [status, setStatus] = useState<InvoiceStatus | null>(null);
  const list = useQuery({ queryKey: [...paymentsKey, status], queryFn: () => fetchPayments(status), refetchInterval: 10_000 });
  const date = (iso: string | null) =>
    iso ? new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso)) : '—';
  return (
    <Stack gap="md">
      <Select
        label={t('clinic.payments.status')}
        w={220}
        clearable
        placeholder={t('clinic.payments.all')}
        data={invoiceStatuses.map((value) => ({ value, label: t(`clinic.payments.statuses.${value}`) }))}
        value={status}
        onChange={(value) => setStatus(value)}
      />
      {list.isPending ? (
        <Loader size="sm" />
      ) : list.error ? (
        <Alert color="red">{errorText(list.error)}</Alert>
      ) : list.data.results.length === 0 ? (
        <Text c="dimmed">{t('clinic.payments.empty')}</Text>
      ) : (
        <Table.ScrollContainer data-scrolls-sideways minWidth={820}>
          <Table aria-label={t('clinic.payments.table')} striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('clinic.payments.number')}</Table.Th>
                <Table.Th>{t('clinic.patient')}</Table.Th>
                <Table.Th>{t('clinic.payments.description')}</Table.Th>
                <Table.Th>{t('clinic.payments.amount')}</Table.Th>
                <Table.Th>{t('clinic.statusLabel')}</Table.Th>
                <Table.Th>{t('clinic.payments.created')}</Table.Th>
                <Table.Th>{t('clinic.payments.paid')}</Table.Th>
                <Table.Th>{t('clinic.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.results.map((row) => (
                <Table.Tr key={row.id} data-status={row.status}>
                  <Table.Td>{row.number}</Table.Td>
                  <Table.Td>{row.patient_name}</Table.Td>
                  <Table.Td>{row.description}</Table.Td>
                  <Table.Td>
                    {tenge(row.amount_minor, i18n.language)}
                    {row.refunded_minor > 0 && (
                      <Text size="xs" c="dimmed">
                        {t('clinic.payments.refunded', { amount: tenge(row.refunded_minor, i18n.language) })}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Badge color={statusColors[row.status]} variant="light">
                      {t(`clinic.payments.statuses.${row.status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{date(row.created_at)}</Table.Td>
                  <Table.Td>{date(row.paid_at)}</Table.Td>
                  <Table.Td>{me?.role === 'admin' && row.status === 'paid' && <RefundButton row={row} />}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

function RefundButton({ row }: { row: InvoiceRow }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const refund = useMutation({
    mutationFn: refundInvoice,
    meta: { silent: true },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: paymentsKey }),
  });
  return (
    <Popover width={280} trapFocus position="bottom-end" withArrow>
      <Popover.Target>
        <Button size="compact-xs" variant="light" color="orange">
          {t('clinic.payments.refund')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <TextInput label={t('clinic.payments.reason')} value={reason} onChange={(event) => setReason(event.currentTarget.value)} />
          {refund.error && <Alert color="red">{errorText(refund.error)}</Alert>}
          <Group justify="flex-end">
            <Button
              size="xs"
              color="orange"
              disabled={!reason.trim()}
              loading={refund.isPending}
              onClick={() => refund.mutate({ id: row.id, reason: reason.trim() })}
            >
              {t('clinic.payments.refundConfirm')}
            </Button>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
