import { Alert, Loader, Paper, Stack, Switch, Text, Title } from '@mantine/core';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { AttributesSection } from '../../attributes/index.ts';
import { SettingsFrame } from '../../../components/SettingsFrame.tsx';
import { useSession } from '../../auth/index.ts';
import { usePolicy, useSavePolicy } from '../hooks/useTeam.ts';
import { AdminsOnly } from './AdminsOnly.tsx';
import { CannedResponsesSection } from './CannedResponsesSection.tsx';
import { LabelsSection } from './LabelsSection.tsx';
import { CsatSection, TeamsSection } from './TeamsSection.tsx';
import { errorText } from '../../../lib/errors.ts';

/** Settings → Inbox: how conversations reach operators, teams, the rating question, labels, and saved answers. */
export function InboxSettingsPage() {
  const session = useSession();
  const isAdmin = session.data?.role === 'admin';
  return (
    <SettingsFrame tab="inbox">
      {session.data && !isAdmin ? (
        <AdminsOnly />
      ) : (
        <Stack gap="lg" maw={760}>
          <PolicySection />
          <TeamsSection />
          <CsatSection />
          <LabelsSection />
          <CannedResponsesSection />
          <Suspense fallback={<Loader size="sm" />}>
            <AttributesSection />
          </Suspense>
        </Stack>
      )}
    </SettingsFrame>
  );
}

function PolicySection() {
  const { t } = useTranslation();
  const policy = usePolicy();
  const save = useSavePolicy();
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="policy-title">
      <Stack gap="sm">
        <div>
          <Title order={2} size="h4" id="policy-title">
            {t('team.policyTitle')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('team.policySubtitle')}
          </Text>
        </div>
        {policy.isPending && <Loader size="sm" aria-label={t('common.loading')} />}
        {policy.isError && (
          <Alert color="red" role="alert">
            {errorText(policy.error)}
          </Alert>
        )}
        {policy.data && (
          <>
            <Switch
              label={t('team.autoAssign')}
              description={t('team.autoAssignHint')}
              checked={policy.data.auto_assign}
              disabled={save.isPending}
              onChange={(event) => save.mutate({ auto_assign: event.currentTarget.checked })}
            />
            <Switch
              label={t('team.seeUnassigned')}
              description={t('team.seeUnassignedHint')}
              checked={policy.data.operators_see_unassigned}
              disabled={save.isPending}
              onChange={(event) => save.mutate({ operators_see_unassigned: event.currentTarget.checked })}
            />
          </>
        )}
        {save.error && (
          <Alert color="red" role="alert">
            {errorText(save.error)}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
