import { Anchor, Box, Button, Group, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { PlusIcon } from '../../../components/ui/icons.tsx';
import { displayName } from '../../../lib/safe-display.ts';
import { useClients } from '../hooks/useClients.ts';
import { NewClientDialog } from './NewClientDialog.tsx';
import { LoadMore, QueryState } from './PageFrame.tsx';
import { PortalStatusBadge } from './StatusBadges.tsx';

/**
 * The contacts list filtered to people with portal access (`/contacts?show=portal`, where `/clients` leads):
 * search by name, e-mail or phone, and "Add client", which creates the contact and its portal account together.
 */
export function PortalPeopleList({ q }: { q: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [adding, setAdding] = useState(false);
  const clients = useClients(q);
  const rows = clients.data?.pages.flatMap((page) => page.results) ?? [];
  return (
    <>
      <Group justify="space-between" gap="xs">
        <Text size="sm" c="dimmed">
          {t('tickets.clients.subtitle')}
        </Text>
        <Button leftSection={<PlusIcon size={16} />} onClick={() => setAdding(true)}>
          {t('tickets.clients.add')}
        </Button>
      </Group>
      <QueryState
        isPending={clients.isPending}
        error={clients.error}
        isEmpty={rows.length === 0}
        empty={q.trim() ? t('tickets.noMatches') : t('tickets.clients.empty')}
      />
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={320}>
          <Table highlightOnHover verticalSpacing="xs" aria-label={t('tickets.clients.table')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('tickets.clients.name')}</Table.Th>
                <Table.Th visibleFrom="sm">{t('tickets.clients.email')}</Table.Th>
                <Table.Th visibleFrom="md">{t('tickets.clients.phone')}</Table.Th>
                <Table.Th visibleFrom="md">{t('tickets.clients.language')}</Table.Th>
                <Table.Th>{t('tickets.clients.portal')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((client) => (
                <Table.Tr key={client.id} data-testid="client-row">
                  {/* Takes the room the other columns leave; a long name ends with "…" instead of widening the table. */}
                  <Table.Td style={{ maxWidth: 0, width: '100%' }}>
                    <Anchor component={Link} to={`/contacts/${client.id}`} fw={500} className="sb-ellipsis" display="block" dir="auto">
                      {displayName(client.display_name) || `#${client.id}`}
                    </Anchor>
                    <Text size="xs" c="dimmed" hiddenFrom="sm" className="sb-ellipsis">
                      {client.email ?? client.phone ?? ''}
                    </Text>
                  </Table.Td>
                  <Table.Td visibleFrom="sm">
                    <Text size="sm">{client.email ?? '—'}</Text>
                  </Table.Td>
                  <Table.Td visibleFrom="md">
                    <Text size="sm">{client.phone ?? '—'}</Text>
                  </Table.Td>
                  <Table.Td visibleFrom="md">
                    <Text size="sm">{t(`tickets.clients.languages.${client.language}`, { defaultValue: client.language })}</Text>
                  </Table.Td>
                  <Table.Td>
                    {/* The badge's whole label sets the column's width: it never shrinks to "IN…". */}
                    <Box miw="max-content">
                      <PortalStatusBadge status={client.portal_status} />
                    </Box>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMore hasNextPage={clients.hasNextPage} isFetchingNextPage={clients.isFetchingNextPage} fetchNextPage={clients.fetchNextPage} />
      <NewClientDialog opened={adding} onClose={() => setAdding(false)} onCreated={(id) => void navigate(`/contacts/${id}`)} />
    </>
  );
}
