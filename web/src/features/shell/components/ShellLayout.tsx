import { AppShell, Burger, Group, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation } from 'react-router';
import { ConnectionNotice, RealtimeProvider, useUnreadTitle } from '../../inbox/index.ts';
import { Sidebar } from './Sidebar.tsx';

export function ShellLayout() {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const location = useLocation();
  useEffect(close, [location.pathname, location.search, close]);
  useUnreadTitle();

  return (
    <RealtimeProvider>
      <AppShell
        header={{ height: { base: 48, sm: 0 } }}
        navbar={{ width: 232, breakpoint: 'sm', collapsed: { mobile: !opened } }}
        padding={0}
      >
        <AppShell.Header hiddenFrom="sm" px="sm">
          <Group h="100%" gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} size="sm" aria-label={opened ? t('shell.closeMenu') : t('shell.openMenu')} />
            <img src="/favicon.svg" alt="" width={22} height={22} />
            <Text fw={700}>Switchboard</Text>
          </Group>
        </AppShell.Header>
        <AppShell.Navbar aria-label={t('shell.navigation')}>
          <Sidebar />
        </AppShell.Navbar>
        <AppShell.Main h="100dvh" style={{ display: 'flex', flexDirection: 'column', minHeight: 0 }}>
          <ConnectionNotice />
          <div style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}>
            <Outlet />
          </div>
        </AppShell.Main>
      </AppShell>
    </RealtimeProvider>
  );
}
