import { Alert, Button, Group, Loader, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../lib/dates.ts';
import type { Account } from '../api/accounts.api.ts';
import { useWebhookInfo } from '../hooks/useAccounts.ts';
import { errorText } from '../../../lib/errors.ts';

/** The last failed delivery's time (Unix seconds; absent or 0 when none failed). */
function errorDate(value: number | undefined): string | null {
  if (!value) return null;
  const date = new Date(value * 1000);
  return Number.isNaN(date.getTime()) ? String(value) : date.toISOString();
}

/** What Telegram says about the bot's webhook (getWebhookInfo): URL, waiting updates, the last error. */
export function WebhookStatus({ bot }: { bot: Account }) {
  const { t, i18n } = useTranslation();
  const info = useWebhookInfo(bot.id, true);
  const lastError = info.data ? errorDate(info.data.last_error_date) : null;
  return (
    <Stack gap={4} data-testid="webhook-status">
      <Group justify="space-between">
        <Text size="sm" fw={600}>
          {t('bots.webhook')}
        </Text>
        <Button size="compact-xs" variant="subtle" onClick={() => void info.refetch()} loading={info.isFetching}>
          {t('common.refresh')}
        </Button>
      </Group>
      {info.isPending && <Loader size="xs" aria-label={t('common.loading')} />}
      {info.isError && (
        <Alert color="red" role="alert">
          {errorText(info.error)}
        </Alert>
      )}
      {info.data && (
        <Table withRowBorders={false} verticalSpacing={2} fz="sm">
          <Table.Tbody>
            <Table.Tr>
              <Table.Th w={170}>{t('bots.webhookUrl')}</Table.Th>
              <Table.Td className="sb-message-text">{info.data.url || t('bots.webhookNone')}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>{t('bots.pending')}</Table.Th>
              <Table.Td>{info.data.pending_update_count}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>{t('bots.lastError')}</Table.Th>
              <Table.Td className="sb-message-text">
                {info.data.last_error_message
                  ? `${lastError ? `${formatDateTime(lastError, i18n.language)}: ` : ''}${info.data.last_error_message}`
                  : t('bots.noErrors')}
              </Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
