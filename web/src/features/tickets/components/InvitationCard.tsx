import { Alert, Button, Card, CopyButton, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../lib/dates.ts';
import type { Client } from '../api/clients.api.ts';
import { useClientMutations } from '../hooks/useClients.ts';
import { errorText } from '../../../lib/errors.ts';

/** "Invite": a link the client sets a password from. Nothing is e-mailed: staff pass the link on themselves. */
export function InvitationCard({ client }: { client: Client }) {
  const { t, i18n } = useTranslation();
  const { invite } = useClientMutations(client.id);
  const invitation = invite.data;
  return (
    <Card withBorder padding="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('tickets.client.invitation')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('tickets.client.inviteHelp')}
        </Text>
        {invite.error && (
          <Alert color="red" role="alert">
            {errorText(invite.error)}
          </Alert>
        )}
        {invitation && (
          <Stack gap={6}>
            <TextInput
              label={t('tickets.client.inviteLink')}
              readOnly
              value={invitation.invite_url}
              onFocus={(event) => event.currentTarget.select()}
              data-testid="invite-url"
            />
            <Group justify="space-between" gap="xs">
              <Text size="xs" c="dimmed">
                {t('tickets.client.inviteExpires', { date: formatDateTime(invitation.expires_at, i18n.language) })}
              </Text>
              <CopyButton value={invitation.invite_url}>
                {({ copied, copy }) => (
                  <Button size="xs" variant={copied ? 'filled' : 'light'} color={copied ? 'green' : undefined} onClick={copy}>
                    {copied ? t('tickets.client.copied') : t('tickets.client.copy')}
                  </Button>
                )}
              </CopyButton>
            </Group>
            <Alert color="blue" variant="light" p="xs" role="note">
              <Text size="xs">{t('tickets.client.noEmailSent')}</Text>
            </Alert>
          </Stack>
        )}
        <Button
          variant={invitation ? 'default' : 'filled'}
          w="fit-content"
          loading={invite.isPending}
          onClick={() => invite.mutate()}
          data-testid="invite"
        >
          {invitation || client.portal_status !== 'not_invited' ? t('tickets.client.reinvite') : t('tickets.client.invite')}
        </Button>
      </Stack>
    </Card>
  );
}
