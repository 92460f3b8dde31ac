import { Anchor, Button, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { PlusIcon, SearchIcon } from '../../../components/ui/icons.tsx';
import { useClients } from '../hooks/useClients.ts';
import { NewClientDialog } from './NewClientDialog.tsx';
import { LoadMore, PageFrame, QueryState } from './PageFrame.tsx';
import { PortalStatusBadge } from './StatusBadges.tsx';
import { displayName } from '../../../lib/safe-display.ts';

/** Portal clients with search (name, e-mail, phone) and "Add client". */
export function ClientsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [debounced] = useDebouncedValue(search, 300);
  const [adding, setAdding] = useState(false);
  const clients = useClients(debounced);
  const rows = clients.data?.pages.flatMap((page) => page.results) ?? [];

  return (
    <PageFrame
      title={t('tickets.clients.title')}
      subtitle={t('tickets.clients.subtitle')}
      actions={
        <Button leftSection={<PlusIcon size={16} />} onClick={() => setAdding(true)}>
          {t('tickets.clients.add')}
        </Button>
      }
    >
      <TextInput
        role="searchbox"
        aria-label={t('tickets.clients.search')}
        placeholder={t('tickets.clients.searchPlaceholder')}
        leftSection={<SearchIcon size={16} />}
        maw={420}
        value={search}
        onChange={(event) => {
          setSearch(event.currentTarget.value);
          setParams(event.currentTarget.value ? { q: event.currentTarget.value } : {}, { replace: true });
        }}
      />
      <QueryState
        isPending={clients.isPending}
        error={clients.error}
        isEmpty={rows.length === 0}
        empty={debounced.trim() ? t('tickets.noMatches') : t('tickets.clients.empty')}
      />
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={640}>
          <Table highlightOnHover verticalSpacing="xs" aria-label={t('tickets.clients.table')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('tickets.clients.name')}</Table.Th>
                <Table.Th>{t('tickets.clients.email')}</Table.Th>
                <Table.Th>{t('tickets.clients.phone')}</Table.Th>
                <Table.Th>{t('tickets.clients.language')}</Table.Th>
                <Table.Th>{t('tickets.clients.portal')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((client) => (
                <Table.Tr key={client.id} data-testid="client-row">
                  <Table.Td>
                    <Anchor component={Link} to={`/clients/${client.id}`} fw={500}>
                      {displayName(client.display_name)}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{client.email ?? '—'}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{client.phone ?? '—'}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{t(`tickets.clients.languages.${client.language}`, { defaultValue: client.language })}</Text>
                  </Table.Td>
                  <Table.Td>
                    <PortalStatusBadge status={client.portal_status} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMore hasNextPage={clients.hasNextPage} isFetchingNextPage={clients.isFetchingNextPage} fetchNextPage={clients.fetchNextPage} />
      <NewClientDialog opened={adding} onClose={() => setAdding(false)} onCreated={(id) => void navigate(`/clients/${id}`)} />
    </PageFrame>
  );
}
