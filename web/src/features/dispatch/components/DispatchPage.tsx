import { Stack, Tabs, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useSession } from '../../auth/index.ts';
import { AmocrmPanel } from './AmocrmPanel.tsx';
import { Board } from './Board.tsx';
import { CalendarPanel } from './CalendarPanel.tsx';
import { CrewPanel } from './CrewPanel.tsx';
import { ReportsPanel } from './ReportsPanel.tsx';

const tabs = ['board', 'calendar', 'reports', 'crew', 'amocrm'] as const;
const adminTabs: readonly string[] = ['crew', 'amocrm'];

/** /dispatch: the board for staff; the crew and the AmoCRM connection for admins. */
export function DispatchPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const isAdmin = useSession().data?.role === 'admin';
  const asked = params.get('tab');
  const tab = tabs.includes(asked as (typeof tabs)[number]) && (isAdmin || !adminTabs.includes(asked!)) ? asked! : 'board';
  return (
    <Stack p={{ base: 'sm', sm: 'xl' }} gap="md" component="main" style={{ overflowY: 'auto' }} h="100%">
      <div>
        <Text component="h1" size="xl" fw={700} m={0}>
          {t('dispatch.title')}
        </Text>
        <Text c="dimmed" size="sm">
          {t('dispatch.subtitle')}
        </Text>
      </div>
      <Tabs
        value={tab}
        keepMounted={false}
        onChange={(value) => {
          const next = new URLSearchParams(params);
          // Each tab keeps its own filters in the address: switching starts from a clean one.
          for (const name of [...next.keys()]) next.delete(name);
          if (value && value !== 'board') next.set('tab', value);
          setParams(next, { replace: true });
        }}
      >
        {/* Five tabs do not fit a phone's width: the row scrolls sideways rather than wrapping. */}
        <Tabs.List style={{ flexWrap: 'nowrap', overflowX: 'auto', overflowY: 'hidden' }} data-scrolls-sideways>
          <Tabs.Tab value="board">{t('dispatch.boardTab')}</Tabs.Tab>
          <Tabs.Tab value="calendar">{t('dispatch.calendarTab')}</Tabs.Tab>
          <Tabs.Tab value="reports">{t('dispatch.reportsTab')}</Tabs.Tab>
          {isAdmin && <Tabs.Tab value="crew">{t('dispatch.crewTab')}</Tabs.Tab>}
          {isAdmin && <Tabs.Tab value="amocrm">{t('dispatch.amocrmTab')}</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="board" pt="md">
          <Board />
        </Tabs.Panel>
        <Tabs.Panel value="calendar" pt="md">
          <CalendarPanel />
        </Tabs.Panel>
        <Tabs.Panel value="reports" pt="md">
          <ReportsPanel />
        </Tabs.Panel>
        {isAdmin && (
          <Tabs.Panel value="crew" pt="md">
            <CrewPanel />
          </Tabs.Panel>
        )}
        {isAdmin && (
          <Tabs.Panel value="amocrm" pt="md">
            <AmocrmPanel />
          </Tabs.Panel>
        )}
      </Tabs>
    </Stack>
  );
}
