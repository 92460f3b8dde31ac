import { Box, Stack, Tabs, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';

export type SettingsTab = 'messengers' | 'inbox' | 'business' | 'apps' | 'system';

/** Every settings page: the title and the tab bar, which moves between /settings/<tab> pages. */
export function SettingsFrame({ tab, children }: { tab: SettingsTab; children: ReactNode }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
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
        <Tabs value={tab} keepMounted={false} onChange={(value) => void (value && navigate(`/settings/${value}`))}>
          <Tabs.List aria-label={t('settings.tabs')}>
            <Tabs.Tab value="messengers">{t('settings.messengersTab')}</Tabs.Tab>
            <Tabs.Tab value="inbox">{t('team.inboxTab')}</Tabs.Tab>
            <Tabs.Tab value="business">{t('businessDetails.tab')}</Tabs.Tab>
            <Tabs.Tab value="apps">{t('settings.appsTab')}</Tabs.Tab>
            <Tabs.Tab value="system">{t('system.tab')}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value={tab} pt="lg">
            {children}
          </Tabs.Panel>
        </Tabs>
      </Stack>
    </Box>
  );
}
