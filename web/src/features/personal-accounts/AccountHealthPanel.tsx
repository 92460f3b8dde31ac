// Under an account on the accounts page, for kinds that keep a live connection (a personal account): connected or
// not, when it last heard from the messenger, flood waits, a paused outgoing queue (an admin must act), and "New chat".
import { Alert, Badge, Button, Group, Progress, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConnectionHealthText } from '../../components/ConnectionHealthText.tsx';
import { formatDateTime } from '../../lib/dates.ts';
import { fetchHealth, healthKey, type AccountHealth } from './personal-accounts.api.ts';
import { StartChatDialog } from './StartChatDialog.tsx';

/** Every 2 s while the first import runs (its progress), while reconnecting, and in the first minute of a connection. */
function watchClosely(health: AccountHealth | null | undefined): boolean {
  if (health?.importing || health?.dropped_at) return true;
  return Boolean(health?.connected_at && Date.now() - Date.parse(health.connected_at) < 60_000);
}

export function AccountHealthPanel({ account }: { account: { id: number | string; name: string; kind?: string } }) {
  const { t, i18n } = useTranslation();
  const [starting, setStarting] = useState(false);
  const query = useQuery({
    queryKey: healthKey(account.id),
    queryFn: () => fetchHealth(account.id),
    // An account removed meanwhile answers 404 until the list refreshes: no error toast for that.
    meta: { silent: true },
    refetchInterval: (current) => (watchClosely(current.state.data) ? 2_000 : 15_000),
  });
  const health = query.data;
  if (!health) return null;
  const importing = health.importing;
  const when = (value: string) => formatDateTime(value, i18n.language);
  return (
    <Stack gap={4} pl="md" data-testid="account-health" aria-label={t('personalAccounts.health.title')}>
      <Group gap="xs" wrap="wrap">
        <Badge size="sm" variant="light" color={health.connected || health.held_elsewhere ? 'green' : 'gray'}>
          {health.connected
            ? t('personalAccounts.health.connected')
            : health.held_elsewhere
              ? t('personalAccounts.health.heldElsewhere', {
                  instance: health.held_elsewhere.instance_id.slice(0, 8),
                  when: when(health.held_elsewhere.since),
                })
              : t('personalAccounts.health.notConnected')}
        </Badge>
        <Text size="xs" c="dimmed">
          {health.last_update_at
            ? t('personalAccounts.health.lastUpdate', { when: when(health.last_update_at) })
            : t('personalAccounts.health.noUpdate')}
        </Text>
        <Text size="xs" c={health.flood_waits > 0 ? 'orange' : 'dimmed'}>
          {health.last_flood_wait
            ? t('personalAccounts.health.floodWaits', {
                count: health.flood_waits,
                seconds: health.last_flood_wait.seconds,
                when: when(health.last_flood_wait.at),
              })
            : t('personalAccounts.health.noFloodWaits')}
        </Text>
        {health.connected && <ConnectionHealthText health={health} />}
        {health.connected && !health.paused_reason && (
          <Button size="compact-xs" variant="light" onClick={() => setStarting(true)} data-testid="start-chat">
            {t('personalAccounts.startChat.open')}
          </Button>
        )}
      </Group>
      {importing && (
        <Stack gap={2} data-testid="import-progress">
          <Text size="xs" c="dimmed" id={`import-${account.id}`}>
            {t('personalAccounts.health.importing', { done: importing.done, total: importing.total })}
          </Text>
          <Progress
            size="sm"
            value={importing.total > 0 ? (100 * importing.done) / importing.total : 0}
            aria-labelledby={`import-${account.id}`}
          />
        </Stack>
      )}
      {health.paused_reason && (
        <Alert color="red" role="alert" title={t('personalAccounts.health.paused')} p="xs">
          <Text size="xs">{health.paused_reason}</Text>
        </Alert>
      )}
      <StartChatDialog account={account} opened={starting} onClose={() => setStarting(false)} />
    </Stack>
  );
}
