import { Alert, Avatar, Box, Card, Group, Loader, Stack, Tabs, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { initials } from '../../../lib/avatar.ts';
import { useSession } from '../../auth/index.ts';
import { useEnabledApps } from '../../shell/index.ts';
import { ApiTokensCard } from './ApiTokensCard.tsx';
import { ChangePasswordCard } from './ChangePasswordCard.tsx';
import { NotificationPreferences } from './NotificationPreferences.tsx';
import { TelegramTab } from './TelegramTab.tsx';

/** The signed-in staff user: who they are, their Telegram link (seed 001's "Telegram" tab) and which notifications they get. */
export function ProfilePage() {
  const { t } = useTranslation();
  const { data: user, isPending } = useSession();
  const apps = useEnabledApps();
  const [params, setParams] = useSearchParams();
  const tabs = ['telegram', 'notifications', 'security'];
  const tab = tabs.includes(params.get('tab') ?? '') ? params.get('tab')! : 'telegram';

  return (
    <Box p={{ base: 'sm', sm: 'xl' }} style={{ overflowY: 'auto' }} h="100%" component="main">
      <Stack gap="lg" maw={900}>
        <Title order={1} size="h2">
          {t('tickets.profile.title')}
        </Title>
        {isPending && <Loader size="sm" aria-label={t('common.loading')} />}
        {user && (
          <Card withBorder padding="md">
            <Group gap="md" wrap="nowrap" align="flex-start">
              <Avatar size={56} radius="xl" color="initials" name={user.name || user.email}>
                {initials(user.name || user.email)}
              </Avatar>
              <Stack gap={6} style={{ minWidth: 0 }}>
                <Field label={t('tickets.profile.name')} value={user.name || '—'} testId="profile-name" />
                <Field label={t('tickets.profile.email')} value={user.email} testId="profile-email" />
                <Field
                  label={t('tickets.profile.role')}
                  value={t(`roles.${user.role}`, { defaultValue: user.role })}
                  testId="profile-role"
                />
              </Stack>
            </Group>
          </Card>
        )}
        <Tabs
          value={tab}
          onChange={(value) => setParams(value && value !== 'telegram' ? { tab: value } : {}, { replace: true })}
          keepMounted={false}
        >
          <Tabs.List aria-label={t('tickets.profile.tabs')}>
            <Tabs.Tab value="telegram">{t('tickets.profile.telegramTab')}</Tabs.Tab>
            <Tabs.Tab value="notifications">{t('tickets.profile.notificationsTab')}</Tabs.Tab>
            <Tabs.Tab value="security">{t('profile.securityTab')}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="telegram" pt="lg">
            {apps.isPending ? (
              <Loader size="sm" aria-label={t('common.loading')} />
            ) : apps.isEnabled('linking') ? (
              <TelegramTab />
            ) : (
              <Alert color="gray">{t('tickets.profile.linkingOff')}</Alert>
            )}
          </Tabs.Panel>
          <Tabs.Panel value="notifications" pt="lg">
            {apps.isPending ? (
              <Loader size="sm" aria-label={t('common.loading')} />
            ) : apps.isEnabled('tickets') ? (
              <NotificationPreferences />
            ) : (
              <Alert color="gray">{t('tickets.profile.ticketsOff')}</Alert>
            )}
          </Tabs.Panel>
          <Tabs.Panel value="security" pt="lg">
            <Stack gap="lg">
              <ApiTokensCard />
              <ChangePasswordCard />
            </Stack>
          </Tabs.Panel>
        </Tabs>
      </Stack>
    </Box>
  );
}

function Field({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <Group gap="xs" wrap="nowrap">
      <Text size="sm" c="dimmed" w={70} style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <Text size="sm" fw={500} className="sb-ellipsis" data-testid={testId}>
        {value}
      </Text>
    </Group>
  );
}
