import { Anchor, Group, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useInvoices } from '../hooks/useInvoices.ts';
import { useTickets } from '../hooks/useTickets.ts';
import { InvoicesTable } from './InvoicesTable.tsx';
import { QueryState } from './PageFrame.tsx';
import { TicketsTable } from './TicketsTable.tsx';

/** A client's newest tickets, with a link to all of them. */
export function ClientTickets({ clientId }: { clientId: number }) {
  const { t } = useTranslation();
  const tickets = useTickets({ client_id: clientId });
  const rows = tickets.data?.pages[0]?.results ?? [];
  return (
    <Stack gap="xs" component="section" aria-label={t('tickets.client.tickets')}>
      <Group justify="space-between">
        <Title order={3} size="h5">
          {t('tickets.client.tickets')}
        </Title>
        <Anchor component={Link} to={`/tickets?client_id=${clientId}`} size="sm">
          {t('tickets.client.allTickets')}
        </Anchor>
      </Group>
      <QueryState isPending={tickets.isPending} error={tickets.error} isEmpty={rows.length === 0} empty={t('tickets.client.noTickets')} />
      {rows.length > 0 && <TicketsTable tickets={rows} showClient={false} />}
    </Stack>
  );
}

/** A client's newest invoices, with a link to all of them. */
export function ClientInvoices({ clientId }: { clientId: number }) {
  const { t } = useTranslation();
  const invoices = useInvoices({ client_id: clientId });
  const rows = invoices.data?.pages[0]?.results ?? [];
  return (
    <Stack gap="xs" component="section" aria-label={t('tickets.client.invoices')}>
      <Group justify="space-between">
        <Title order={3} size="h5">
          {t('tickets.client.invoices')}
        </Title>
        <Anchor component={Link} to={`/invoices?client_id=${clientId}`} size="sm">
          {t('tickets.client.allInvoices')}
        </Anchor>
      </Group>
      <QueryState
        isPending={invoices.isPending}
        error={invoices.error}
        isEmpty={rows.length === 0}
        empty={t('tickets.client.noInvoices')}
      />
      {rows.length > 0 && <InvoicesTable invoices={rows} showClient={false} />}
    </Stack>
  );
}
