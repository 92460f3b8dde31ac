import { Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** In a bot's dialog: how a business account connects the bot (it is done in Telegram, not here). */
export function BusinessConnectHint({ username, name }: { username: string | null; name: string }) {
  const { t } = useTranslation();
  const bot = username ? `@${username}` : name;
  return (
    <Stack gap={2} data-testid="business-connect-hint">
      <Text size="sm" fw={600}>
        {t('business.connectTitle')}
      </Text>
      <Text size="xs" c="dimmed">
        {t('business.connectHint', { bot })}
      </Text>
    </Stack>
  );
}
