import { Anchor, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatListTime } from '../../../lib/dates.ts';
import type { Ticket } from '../api/tickets.api.ts';
import { TicketStatusBadge } from './StatusBadges.tsx';
import { displayName } from '../../../lib/safe-display.ts';

/** Tickets as a table; on a phone only the number, the subject and the status show, so it fits the screen. */
export function TicketsTable({ tickets, showClient = true }: { tickets: Ticket[]; showClient?: boolean }) {
  const { t, i18n } = useTranslation();
  const now = new Date();
  return (
    <Table.ScrollContainer minWidth={320}>
      <Table highlightOnHover verticalSpacing="xs" aria-label={t('tickets.tickets.table')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={60}>{t('tickets.tickets.number')}</Table.Th>
            <Table.Th>{t('tickets.tickets.subject')}</Table.Th>
            {showClient && <Table.Th visibleFrom="sm">{t('tickets.tickets.client')}</Table.Th>}
            <Table.Th>{t('tickets.tickets.statusLabel')}</Table.Th>
            <Table.Th visibleFrom="sm">{t('tickets.tickets.assignee')}</Table.Th>
            <Table.Th visibleFrom="sm">{t('tickets.updated')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tickets.map((ticket) => (
            <Table.Tr key={ticket.id} data-testid="ticket-row">
              <Table.Td c="dimmed">{ticket.id}</Table.Td>
              <Table.Td>
                <Anchor component={Link} to={`/tickets/${ticket.id}`} fw={500} style={{ overflowWrap: 'anywhere' }}>
                  {ticket.subject}
                </Anchor>
              </Table.Td>
              {showClient && (
                <Table.Td visibleFrom="sm">
                  <Anchor component={Link} to={`/contacts/${ticket.client_id}`} c="inherit">
                    {displayName(ticket.client_name)}
                  </Anchor>
                </Table.Td>
              )}
              <Table.Td miw={120}>
                <TicketStatusBadge status={ticket.status} />
              </Table.Td>
              <Table.Td visibleFrom="sm">
                <Text size="sm" c={ticket.assignee_name ? undefined : 'dimmed'}>
                  {ticket.assignee_name ?? t('tickets.tickets.unassigned')}
                </Text>
              </Table.Td>
              <Table.Td visibleFrom="sm">
                <Text size="sm" c="dimmed" title={new Date(ticket.updated_at).toLocaleString(i18n.language)}>
                  {formatListTime(ticket.updated_at, now, i18n.language)}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
