import { Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { AppSettingsForms } from './AppSettingsForms.tsx';
import { SettingsFrame } from '../../../components/SettingsFrame.tsx';

/** Settings → Apps: every running app's settings in the one generic form (admins). */
export function AppsSettingsPage() {
  const { t } = useTranslation();
  return (
    <SettingsFrame tab="apps">
      <Stack gap="md">
        <Text c="dimmed" size="sm">
          {t('settings.appsIntro')}
        </Text>
        <AppSettingsForms />
      </Stack>
    </SettingsFrame>
  );
}
