// An account's own connection in one line (a personal account's, on the accounts page and in system status):
// reconnects so far and, while the connection is lost, since when and the next attempt with its backoff.
import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../lib/dates.ts';

export interface ConnectionHealth {
  reconnects?: number;
  last_reconnect_at?: string | null;
  dropped_at?: string | null;
  backoff?: { attempt: number; wait_ms: number; next_attempt_at: string } | null;
}

export function ConnectionHealthText({ health }: { health: ConnectionHealth }) {
  const { t, i18n } = useTranslation();
  const when = (value: string) => formatDateTime(value, i18n.language);
  const count = health.reconnects ?? 0;
  const reconnects = health.last_reconnect_at
    ? t('system.connection.lastReconnect', { count, when: when(health.last_reconnect_at) })
    : t('system.connection.reconnects', { count });
  if (!health.dropped_at)
    return (
      <Text size="xs" c="dimmed" data-testid="connection-health">
        {reconnects}
      </Text>
    );
  const backoff = health.backoff;
  return (
    <Text size="xs" c="orange" data-testid="connection-health" role="status">
      {t('system.connection.down', { since: when(health.dropped_at) })}
      {backoff &&
        `, ${t('system.connection.backoff', {
          attempt: backoff.attempt,
          when: when(backoff.next_attempt_at),
          seconds: Math.round(backoff.wait_ms / 1000),
        })}`}
      {` · ${reconnects}`}
    </Text>
  );
}
