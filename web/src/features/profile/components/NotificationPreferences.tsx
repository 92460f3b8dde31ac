import { Alert, Card, Loader, Select, Stack, Switch, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { notificationKinds } from '../../tickets/index.ts';
import { usePreferences, useUpdatePreferences } from '../../tickets/index.ts';
import { errorText } from '../../../lib/errors.ts';

/** Which notifications the signed-in staff user gets in Telegram (GET/PUT /api/notifications/preferences); each switch saves at once. */
export function NotificationPreferences() {
  const { t } = useTranslation();
  const preferences = usePreferences();
  const update = useUpdatePreferences();
  if (preferences.isPending) return <Loader size="sm" aria-label={t('common.loading')} />;
  if (preferences.isError)
    return (
      <Alert color="red" role="alert">
        {errorText(preferences.error)}
      </Alert>
    );
  const data = preferences.data;
  return (
    <Card withBorder padding="md">
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t('tickets.profile.notificationsHelp')}
        </Text>
        {update.error && (
          <Alert color="red" role="alert">
            {errorText(update.error)}
          </Alert>
        )}
        {notificationKinds.map((kind) => (
          <Switch
            key={kind}
            label={t(`tickets.profile.kind.${kind}`)}
            description={data.defaults[kind] ? t('tickets.profile.defaultOn') : t('tickets.profile.defaultOff')}
            checked={data.kinds[kind]}
            disabled={update.isPending}
            onChange={(event) => update.mutate({ kinds: { [kind]: event.currentTarget.checked } })}
            data-testid={`preference-${kind}`}
          />
        ))}
        <Select
          label={t('tickets.profile.language')}
          maw={300}
          allowDeselect={false}
          data={[
            { value: '', label: t('tickets.profile.followTelegram') },
            { value: 'ru', label: t('tickets.clients.languages.ru') },
            { value: 'kk', label: t('tickets.clients.languages.kk') },
            { value: 'en', label: t('tickets.clients.languages.en') },
          ]}
          value={data.language ?? ''}
          onChange={(value) => update.mutate({ language: value || null })}
        />
      </Stack>
    </Card>
  );
}
