import { Button, Group, Select } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { PlusIcon } from '../../../components/ui/icons.tsx';
import { useSession } from '../../auth/index.ts';
import { ticketStatuses } from '../api/tickets.api.ts';
import { useTeammates, useTickets } from '../hooks/useTickets.ts';
import { ClientSelect } from './ClientSelect.tsx';
import { NewTicketDialog } from './NewTicketDialog.tsx';
import { LoadMore, PageFrame, QueryState } from './PageFrame.tsx';
import { TicketsTable } from './TicketsTable.tsx';

const positive = (value: string | null) => (value && Number(value) > 0 ? Number(value) : undefined);

/** All tickets, filtered by status, assignee and client; the filters live in the address, so they can be shared. */
export function TicketsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const { data: me } = useSession();
  const teammates = useTeammates();
  const status = ticketStatuses.find((value) => value === params.get('status'));
  const filters = { status, assignee_id: positive(params.get('assignee_id')), client_id: positive(params.get('client_id')) };
  const tickets = useTickets(filters);
  const rows = tickets.data?.pages.flatMap((page) => page.results) ?? [];
  const filtered = Boolean(filters.status || filters.assignee_id || filters.client_id);

  const setFilter = (key: string, value: string | number | null) => {
    const next = new URLSearchParams(params);
    if (value === null || value === '') next.delete(key);
    else next.set(key, String(value));
    setParams(next, { replace: true });
  };

  const assignees = [
    ...(me ? [{ value: String(me.id), label: t('tickets.me') }] : []),
    ...(teammates.data ?? [])
      .filter((user) => user.id !== me?.id && user.is_active)
      .map((user) => ({ value: String(user.id), label: user.name })),
  ];

  return (
    <PageFrame
      title={t('tickets.tickets.title')}
      subtitle={t('tickets.tickets.subtitle')}
      actions={
        <Button leftSection={<PlusIcon size={16} />} onClick={() => setCreating(true)}>
          {t('tickets.tickets.new')}
        </Button>
      }
    >
      <Group gap="sm" align="flex-end" role="search" aria-label={t('tickets.filters')}>
        <Select
          label={t('tickets.tickets.statusLabel')}
          w={{ base: '100%', xs: 170 }}
          data={[
            { value: '', label: t('tickets.all') },
            ...ticketStatuses.map((value) => ({ value, label: t(`tickets.status.${value}`) })),
          ]}
          value={status ?? ''}
          onChange={(value) => setFilter('status', value || null)}
          allowDeselect={false}
        />
        <Select
          label={t('tickets.tickets.assignee')}
          w={{ base: '100%', xs: 200 }}
          data={[{ value: '', label: t('tickets.any') }, ...assignees]}
          value={filters.assignee_id ? String(filters.assignee_id) : ''}
          onChange={(value) => setFilter('assignee_id', value || null)}
          allowDeselect={false}
        />
        <ClientSelect
          label={t('tickets.tickets.client')}
          w={{ base: '100%', xs: 260 }}
          clearable
          value={filters.client_id ?? null}
          onChange={(id) => setFilter('client_id', id)}
          placeholder={t('tickets.any')}
        />
      </Group>
      <QueryState
        isPending={tickets.isPending}
        error={tickets.error}
        isEmpty={rows.length === 0}
        empty={filtered ? t('tickets.noMatches') : t('tickets.tickets.empty')}
      />
      {rows.length > 0 && <TicketsTable tickets={rows} />}
      <LoadMore hasNextPage={tickets.hasNextPage} isFetchingNextPage={tickets.isFetchingNextPage} fetchNextPage={tickets.fetchNextPage} />
      <NewTicketDialog
        key={filters.client_id ?? 0}
        opened={creating}
        onClose={() => setCreating(false)}
        clientId={filters.client_id}
        onCreated={(id) => void navigate(`/tickets/${id}`)}
      />
    </PageFrame>
  );
}
