import { Alert, Checkbox, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { notificationKinds, notificationLanguages, type NotificationLanguage } from '../api/portal.api.ts';
import { usePreferences, useUpdatePreferences } from '../hooks/usePortal.ts';
import { errorText } from '../../../lib/errors.ts';

const languageNames: Record<NotificationLanguage, string> = { ru: 'Русский', kk: 'Қазақша', en: 'English' };

/** Which kinds of notification the client gets in Telegram (GET/PUT /api/notifications/preferences), saved on each change. */
export function NotificationPreferences() {
  const { t } = useTranslation();
  const preferences = usePreferences();
  const update = useUpdatePreferences();
  const error = preferences.error ?? update.error;

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="portal-preferences-title">
      <Stack gap="sm">
        <div>
          <Title order={2} size="h4" id="portal-preferences-title">
            {t('portal.preferences.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('portal.preferences.subtitle')}
          </Text>
        </div>
        {error && (
          <Alert color="red" role="alert">
            {errorText(error)}
          </Alert>
        )}
        {preferences.isPending && <Text c="dimmed">{t('common.loading')}</Text>}
        {preferences.data && (
          <>
            <Stack gap="xs" role="group" aria-labelledby="portal-preferences-title">
              {notificationKinds.map((kind) => (
                <Checkbox
                  key={kind}
                  label={t(`portal.preferences.${kind}`)}
                  checked={preferences.data.kinds[kind]}
                  disabled={update.isPending}
                  onChange={(event) => update.mutate({ kinds: { [kind]: event.currentTarget.checked } })}
                />
              ))}
            </Stack>
            <Select
              label={t('portal.preferences.language')}
              data={[
                { value: 'auto', label: t('portal.preferences.languageAuto') },
                ...notificationLanguages.map((language) => ({ value: language, label: languageNames[language] })),
              ]}
              value={preferences.data.language ?? 'auto'}
              allowDeselect={false}
              disabled={update.isPending}
              onChange={(value) => update.mutate({ language: !value || value === 'auto' ? null : value })}
              maw={320}
            />
          </>
        )}
      </Stack>
    </Paper>
  );
}
