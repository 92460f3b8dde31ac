import { Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../auth/index.ts';
import { SettingsFrame } from '../../../components/SettingsFrame.tsx';
import { AdminsOnly } from '../../team/index.ts';
import { BusinessDetailsForm } from '../../business-details/index.ts';

/** Settings → Business: the details every document prints. */
export function BusinessSettingsPage() {
  const { t } = useTranslation();
  const session = useSession();
  return (
    <SettingsFrame tab="business">
      {session.data && session.data.role !== 'admin' ? (
        <AdminsOnly />
      ) : (
        <Paper withBorder p="lg" maw={760}>
          <Stack gap="sm">
            <div>
              <Title order={2} size="h4">
                {t('businessDetails.title')}
              </Title>
              <Text size="sm" c="dimmed">
                {t('businessDetails.subtitle')}
              </Text>
            </div>
            <BusinessDetailsForm />
          </Stack>
        </Paper>
      )}
    </SettingsFrame>
  );
}
