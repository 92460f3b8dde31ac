import { Alert, Box, Loader, SimpleGrid, Stack, Tabs, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { messengerOrder } from '../api/messengers.api.ts';
import { useMessengerSettings } from '../hooks/useMessengers.ts';
import { MessengerCard } from './MessengerCard.tsx';

/** Settings → Messengers (seed 000): a card per messenger with its switch; Telegram's card manages the bots. */
export function MessengersSettingsPage() {
  const { t } = useTranslation();
  const settings = useMessengerSettings();
  const navigate = useNavigate();
  const byType = new Map(settings.data?.map((item) => [item.type, item]));
  return (
    <Box p={{ base: 'sm', sm: 'xl' }} style={{ overflowY: 'auto' }} h="100%" component="main">
      <Stack gap="lg" maw={1100}>
        <div>
          <Title order={1} size="h2">
            {t('settings.title')}
          </Title>
          <Text c="dimmed" size="sm">
            {t('settings.subtitle')}
          </Text>
        </div>
        <Tabs value="messengers" keepMounted={false} onChange={(value) => value && navigate(`/settings/${value}`)}>
          <Tabs.List aria-label={t('settings.tabs')}>
            <Tabs.Tab value="messengers">{t('settings.messengersTab')}</Tabs.Tab>
            <Tabs.Tab value="inbox">{t('team.inboxTab')}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="messengers" pt="lg">
            {settings.isPending && <Loader aria-label={t('common.loading')} />}
            {settings.isError && (
              <Alert color="red" role="alert">
                {settings.error.message}
              </Alert>
            )}
            {settings.data && (
              <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
                {messengerOrder
                  .map((type) => byType.get(type))
                  .filter((item) => item !== undefined)
                  .map((item) => (
                    <MessengerCard key={item.type} setting={item} />
                  ))}
              </SimpleGrid>
            )}
          </Tabs.Panel>
        </Tabs>
      </Stack>
    </Box>
  );
}
