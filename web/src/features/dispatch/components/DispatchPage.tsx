import { Stack, Tabs, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useSession } from '../../auth/index.ts';
import { AmocrmPanel } from './AmocrmPanel.tsx';
import { Board } from './Board.tsx';
import { CrewPanel } from './CrewPanel.tsx';

const tabs = ['board', 'crew', 'amocrm'] as const;

/** /dispatch: the board for staff; the crew and the AmoCRM connection for admins. */
export function DispatchPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const isAdmin = useSession().data?.role === 'admin';
  const asked = params.get('tab');
  const tab = isAdmin && tabs.includes(asked as (typeof tabs)[number]) ? asked! : 'board';
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
          if (value && value !== 'board') next.set('tab', value);
          else next.delete('tab');
          setParams(next, { replace: true });
        }}
      >
        <Tabs.List>
          <Tabs.Tab value="board">{t('dispatch.boardTab')}</Tabs.Tab>
          {isAdmin && <Tabs.Tab value="crew">{t('dispatch.crewTab')}</Tabs.Tab>}
          {isAdmin && <Tabs.Tab value="amocrm">{t('dispatch.amocrmTab')}</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="board" pt="md">
          <Board />
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
