import { Box, Stack, Tabs, Text, Title } from '@mantine/core';
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';

export type SettingsTab = 'messengers' | 'inbox' | 'business' | 'apps' | 'system';

/** Every settings page: the title and the tab bar, which moves between /settings/<tab> pages. */
export function SettingsFrame({ tab, children }: { tab: SettingsTab; children: ReactNode }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const tabList = useRef<HTMLDivElement>(null);
  // On a phone the open tab may sit past the edge of the strip: bring it into view.
  useEffect(() => {
    tabList.current?.querySelector('[data-active]')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [tab]);
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
          {/* One row on every screen: on a phone the tabs scroll sideways instead of wrapping onto a second line. */}
          <Tabs.List
            ref={tabList}
            aria-label={t('settings.tabs')}
            data-scrolls-sideways
            // The fading right edge says there is more to scroll to.
            style={{
              flexWrap: 'nowrap',
              overflowX: 'auto',
              overflowY: 'hidden',
              maskImage: 'linear-gradient(to right, black calc(100% - 2rem), transparent)',
            }}
          >
            <Tabs.Tab value="messengers" style={{ flexShrink: 0 }}>
              {t('settings.messengersTab')}
            </Tabs.Tab>
            <Tabs.Tab value="inbox" style={{ flexShrink: 0 }}>
              {t('team.inboxTab')}
            </Tabs.Tab>
            <Tabs.Tab value="business" style={{ flexShrink: 0 }}>
              {t('businessDetails.tab')}
            </Tabs.Tab>
            <Tabs.Tab value="apps" style={{ flexShrink: 0 }}>
              {t('settings.appsTab')}
            </Tabs.Tab>
            <Tabs.Tab value="system" style={{ flexShrink: 0 }}>
              {t('system.tab')}
            </Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value={tab} pt="lg">
            {children}
          </Tabs.Panel>
        </Tabs>
      </Stack>
    </Box>
  );
}
