import { Alert, Anchor, Badge, Button, Group, Loader, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorText } from '../../../lib/errors.ts';
import { dispatchKey, fetchAmocrm } from '../dispatch.api.ts';

const stateColors = { unconfigured: 'gray', ok: 'green', needs_reauthorization: 'red' } as const;

/** The AmoCRM connection (GET /api/dispatch/amocrm), with the sign-in link when AmoCRM wants one. */
export function AmocrmPanel() {
  const { t, i18n } = useTranslation();
  const status = useQuery({ queryKey: [...dispatchKey, 'amocrm'], queryFn: fetchAmocrm });
  if (status.isPending) return <Loader size="sm" />;
  if (status.error) return <Alert color="red">{errorText(status.error)}</Alert>;
  const data = status.data;
  return (
    <Stack gap="sm" maw={640} component="section" aria-label={t('dispatch.amocrm.title')}>
      <Group gap="sm">
        <Text fw={600}>{t('dispatch.amocrm.title')}</Text>
        <Badge color={stateColors[data.state]} data-testid="amocrm-state">
          {t(`dispatch.amocrm.state.${data.state}`)}
        </Badge>
      </Group>
      {!data.configured && <Text size="sm">{t('dispatch.amocrm.unconfiguredHelp')}</Text>}
      {data.mode && (
        <Text size="sm">
          {t('dispatch.amocrm.mode')}: {data.mode}
        </Text>
      )}
      {data.expires_at && (
        <Text size="sm">
          {t('dispatch.amocrm.expires')}:{' '}
          {new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(data.expires_at))}
        </Text>
      )}
      {data.state === 'needs_reauthorization' && <Alert color="red">{t('dispatch.amocrm.reauthorize')}</Alert>}
      {data.last_error && (
        <Text size="sm" c="dimmed">
          {t('dispatch.amocrm.lastError')}: {data.last_error}
        </Text>
      )}
      {data.authorize_url && (
        <Group>
          <Button
            component="a"
            href={data.authorize_url}
            target="_blank"
            rel="noreferrer"
            variant={data.state === 'ok' ? 'light' : 'filled'}
          >
            {t('dispatch.amocrm.signIn')}
          </Button>
        </Group>
      )}
      <Text size="sm" c="dimmed">
        {t('dispatch.amocrm.settings')}{' '}
        <Anchor component={Link} to="/settings/apps">
          {t('dispatch.amocrm.openSettings')}
        </Anchor>
      </Text>
    </Stack>
  );
}
