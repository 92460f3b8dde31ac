import { Alert, Badge, Button, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { SendIcon } from '../../../components/ui/icons.tsx';
import { formatDateTime } from '../../../lib/dates.ts';
import type { TelegramStatus } from '../api/clients.api.ts';
import { useClientTelegram } from '../hooks/useClients.ts';
import { errorText } from '../../../lib/errors.ts';

/** Who a client is on Telegram: "@user", or the Telegram user id when they have no username. */
export function telegramName(status: TelegramStatus): string {
  return status.telegram_username ? `@${status.telegram_username}` : `id ${status.telegram_user_id}`;
}

/** Whether the client linked Telegram (seed 001's status, as staff see it), and "Send message". */
export function ClientTelegramCard({ clientId, onSend }: { clientId: number; onSend(): void }) {
  const { t, i18n } = useTranslation();
  const status = useClientTelegram(clientId);
  return (
    <Card withBorder padding="md" data-testid="client-telegram">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4">
            {t('tickets.client.telegram')}
          </Title>
          {status.data && (
            <Badge color={status.data.connected ? 'green' : 'gray'} variant="light" data-testid="telegram-state">
              {status.data.connected ? t('tickets.client.connectedBadge') : t('tickets.client.notConnectedBadge')}
            </Badge>
          )}
        </Group>
        {status.isPending && <Loader size="sm" aria-label={t('common.loading')} />}
        {status.error && (
          <Alert color="red" role="alert">
            {errorText(status.error)}
          </Alert>
        )}
        {status.data?.connected && (
          <Stack gap={2}>
            <Text size="sm">
              {t('tickets.client.telegramConnected', { who: telegramName(status.data), bot: status.data.bot_username ?? '?' })}
            </Text>
            {status.data.linked_at && (
              <Text size="xs" c="dimmed">
                {t('tickets.client.telegramConnectedSince', { date: formatDateTime(status.data.linked_at, i18n.language) })}
              </Text>
            )}
            {!status.data.enabled && (
              <Text size="xs" c="orange">
                {t('tickets.client.telegramMuted')}
              </Text>
            )}
          </Stack>
        )}
        {status.data && !status.data.connected && (
          <Text size="sm" c="dimmed">
            {status.data.pending_link_expires_at
              ? t('tickets.client.telegramPending', { date: formatDateTime(status.data.pending_link_expires_at, i18n.language) })
              : t('tickets.client.telegramNotConnected')}
          </Text>
        )}
        <Button variant="light" w="fit-content" leftSection={<SendIcon size={16} />} onClick={onSend}>
          {t('tickets.client.sendMessage')}
        </Button>
      </Stack>
    </Card>
  );
}
