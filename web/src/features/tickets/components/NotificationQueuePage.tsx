import { Alert, Anchor, Button, Group, Select, Table, Tabs, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { RetryIcon } from '../../../components/ui/icons.tsx';
import { formatDateTime } from '../../../lib/dates.ts';
import { useSession } from '../../auth/index.ts';
import { notificationKinds, queueStates, type QueuedNotification } from '../api/notifications.api.ts';
import { useNotificationQueue, useRetryNotification } from '../hooks/useNotifications.ts';
import { AppSettingsPanel } from './AppSettingsPanel.tsx';
import { LoadMore, PageFrame, QueryState } from './PageFrame.tsx';
import { QueueStateBadge } from './StatusBadges.tsx';
import { showSuccess } from '../notify.ts';
import { errorText } from '../../../lib/errors.ts';

/** seed 001's notification queue (admin): type, reference, sent, sent_at, error, with retry; and the portal apps' settings. */
export function NotificationQueuePage() {
  const { t } = useTranslation();
  const { data: me } = useSession();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'settings' ? 'settings' : 'queue';

  if (me && me.role !== 'admin')
    return (
      <PageFrame title={t('tickets.queue.title')}>
        <Alert color="orange" role="alert">
          {t('tickets.queue.adminOnly')}
        </Alert>
      </PageFrame>
    );

  return (
    <PageFrame title={t('tickets.queue.title')} subtitle={t('tickets.queue.subtitle')}>
      <Tabs
        value={tab}
        onChange={(value) => setParams(value === 'settings' ? { tab: 'settings' } : {}, { replace: true })}
        keepMounted={false}
      >
        <Tabs.List>
          <Tabs.Tab value="queue">{t('tickets.queue.tab')}</Tabs.Tab>
          <Tabs.Tab value="settings">{t('tickets.queue.settingsTab')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="queue" pt="lg">
          <QueuePanel />
        </Tabs.Panel>
        <Tabs.Panel value="settings" pt="lg">
          <AppSettingsPanel />
        </Tabs.Panel>
      </Tabs>
    </PageFrame>
  );
}

function QueuePanel() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const state = queueStates.find((value) => value === params.get('state')) ?? null;
  const type = notificationKinds.find((value) => value === params.get('type')) ?? null;
  const queue = useNotificationQueue({ state, type });
  const rows = queue.data?.pages.flatMap((page) => page.results) ?? [];
  const setFilter = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  return (
    <>
      <Group gap="sm" align="flex-end" mb="md" role="search" aria-label={t('tickets.filters')}>
        <Select
          label={t('tickets.queue.stateLabel')}
          w={{ base: '100%', xs: 170 }}
          data={[
            { value: '', label: t('tickets.all') },
            ...queueStates.map((value) => ({ value, label: t(`tickets.queue.state.${value}`) })),
          ]}
          value={state ?? ''}
          onChange={(value) => setFilter('state', value || null)}
          allowDeselect={false}
        />
        <Select
          label={t('tickets.queue.typeLabel')}
          w={{ base: '100%', xs: 200 }}
          data={[
            { value: '', label: t('tickets.all') },
            ...notificationKinds.map((value) => ({ value, label: t(`tickets.queue.type.${value}`) })),
          ]}
          value={type ?? ''}
          onChange={(value) => setFilter('type', value || null)}
          allowDeselect={false}
        />
      </Group>
      <QueryState
        isPending={queue.isPending}
        error={queue.error}
        isEmpty={rows.length === 0}
        empty={state || type ? t('tickets.noMatches') : t('tickets.queue.empty')}
      />
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={980}>
          <Table verticalSpacing="xs" highlightOnHover aria-label={t('tickets.queue.table')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('tickets.created')}</Table.Th>
                <Table.Th>{t('tickets.queue.typeLabel')}</Table.Th>
                <Table.Th>{t('tickets.queue.recipient')}</Table.Th>
                <Table.Th>{t('tickets.queue.reference')}</Table.Th>
                <Table.Th>{t('tickets.queue.message')}</Table.Th>
                <Table.Th>{t('tickets.queue.sent')}</Table.Th>
                <Table.Th>{t('tickets.queue.sentAt')}</Table.Th>
                <Table.Th>{t('tickets.queue.error')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <QueueRow key={row.id} row={row} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMore hasNextPage={queue.hasNextPage} isFetchingNextPage={queue.isFetchingNextPage} fetchNextPage={queue.fetchNextPage} />
    </>
  );
}

function QueueRow({ row }: { row: QueuedNotification }) {
  const { t, i18n } = useTranslation();
  const retry = useRetryNotification();
  const retryable = row.state === 'failed' || row.state === 'cancelled';
  const reference =
    row.reference_type === 'ticket' ? (
      <Anchor component={Link} to={`/tickets/${row.reference_id}`} size="sm">
        {t('tickets.queue.ticketRef', { id: row.reference_id })}
      </Anchor>
    ) : row.reference_type === 'invoice' ? (
      <Text size="sm">{t('tickets.queue.invoiceRef', { id: row.reference_id })}</Text>
    ) : (
      <Text size="sm">{`${row.reference_type} #${row.reference_id}`}</Text>
    );
  return (
    <Table.Tr data-testid="queue-row" data-state={row.state}>
      <Table.Td>
        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {formatDateTime(row.created_at, i18n.language)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{t(`tickets.queue.type.${row.notification_type}`)}</Text>
      </Table.Td>
      <Table.Td>
        {row.recipient_type === 'client' ? (
          <Anchor component={Link} to={`/contacts/${row.recipient_id}`} size="sm">
            {t('tickets.queue.client')} #{row.recipient_id}
          </Anchor>
        ) : (
          <Text size="sm">{t('tickets.queue.staff', { id: row.recipient_id })}</Text>
        )}
      </Table.Td>
      <Table.Td>{reference}</Table.Td>
      <Table.Td maw={280}>
        <Tooltip label={row.message} multiline w={360} openDelay={300}>
          <Text size="sm" lineClamp={2} className="sb-message-text">
            {row.message}
          </Text>
        </Tooltip>
      </Table.Td>
      <Table.Td miw={110}>
        <QueueStateBadge state={row.state} />
      </Table.Td>
      <Table.Td>
        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {row.sent_at ? formatDateTime(row.sent_at, i18n.language) : '—'}
        </Text>
      </Table.Td>
      <Table.Td maw={240}>
        {row.error ? (
          <Text size="xs" c="red" lineClamp={3} data-testid="queue-error">
            {row.error}
          </Text>
        ) : (
          <Text size="xs" c="dimmed">
            —
          </Text>
        )}
        {retry.error && (
          <Text size="xs" c="red" role="alert">
            {errorText(retry.error)}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {retryable && (
          <Button
            size="compact-xs"
            variant="light"
            leftSection={<RetryIcon size={12} />}
            loading={retry.isPending}
            aria-label={t('tickets.queue.retryLabel', { id: row.id })}
            onClick={() =>
              retry.mutate(row.id, {
                onSuccess: () => showSuccess(t('tickets.queue.retried', { id: row.id })),
              })
            }
            data-testid="queue-retry"
          >
            {t('tickets.queue.retry')}
          </Button>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
