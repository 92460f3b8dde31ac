// The operators page's invite links (issue 26, admin): make one that expires, copy it, see who joined, withdraw.
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  CopyButton,
  Group,
  Modal,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import type { StaffInvite } from '@switchboard/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../../../lib/api.ts';
import { errorText } from '../../../lib/errors.ts';
import '../invites.locales.ts';

const invitesKey = ['invites'] as const;
const stateColors = { pending: 'blue', used: 'green', expired: 'gray', revoked: 'red' } as const;
const hourChoices = ['24', '72', '168', '720'] as const;

export function InvitesSection() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const invites = useQuery({
    queryKey: invitesKey,
    queryFn: () => api.get<Page<StaffInvite>>('/api/invites').then((page) => page.results),
  });
  const revoke = useMutation({
    mutationFn: (id: number) => api.delete(`/api/invites/${id}`),
    meta: { silent: true },
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: invitesKey }),
  });
  const [open, setOpen] = useState(false);
  const date = (iso: string) => new Date(iso).toLocaleString(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="invites-title">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4" id="invites-title">
            {t('invites.pendingTitle')}
          </Title>
          <Button variant="light" onClick={() => setOpen(true)} data-testid="invite-open">
            {t('invites.invite')}
          </Button>
        </Group>
        <Text size="sm" c="dimmed">
          {t('invites.inviteHint')}
        </Text>
        {invites.data?.map((invite) => (
          <Group key={invite.id} justify="space-between" wrap="nowrap" gap="xs" data-testid="invite-row">
            <div style={{ minWidth: 0 }}>
              <Text size="sm" className="sb-ellipsis">
                {invite.email}
              </Text>
              <Text size="xs" c="dimmed">
                {t(`invites.roles.${invite.role}`, { defaultValue: invite.role })} ·{' '}
                {t('invites.expiresAt', { date: date(invite.expires_at) })}
              </Text>
            </div>
            <Group gap={6} wrap="nowrap" style={{ flexShrink: 0 }}>
              <Badge variant="light" color={stateColors[invite.state]}>
                {t(`invites.states.${invite.state}`)}
              </Badge>
              {invite.state === 'pending' && (
                <Button
                  size="compact-xs"
                  variant="subtle"
                  color="red"
                  aria-label={t('invites.revokeFor', { email: invite.email })}
                  onClick={() => revoke.mutate(invite.id)}
                >
                  {t('invites.revoke')}
                </Button>
              )}
            </Group>
          </Group>
        ))}
        {(invites.error ?? revoke.error) && (
          <Alert color="red" role="alert">
            {errorText((invites.error ?? revoke.error)!)}
          </Alert>
        )}
      </Stack>
      {open && <InviteDialog onClose={() => setOpen(false)} />}
    </Paper>
  );
}

function InviteDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState('operator');
  const [hours, setHours] = useState<string>('72');
  const create = useMutation({
    mutationFn: () => api.post<StaffInvite>('/api/invites', { email: email.trim(), role, expires_in_hours: Number(hours) }),
    meta: { silent: true },
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: invitesKey }),
  });
  const link = create.data?.token ? `${window.location.origin}/invite/${create.data.token}` : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };

  return (
    <Modal opened onClose={onClose} title={t('invites.inviteTitle')} closeButtonProps={{ 'aria-label': t('invites.close') }}>
      {link ? (
        <Stack>
          <Text size="sm">{t('invites.inviteHint')}</Text>
          <Group gap="xs" wrap="nowrap" align="flex-end">
            <TextInput
              label={t('invites.link')}
              value={link}
              readOnly
              flex={1}
              data-testid="invite-link"
              onFocus={(event) => event.currentTarget.select()}
            />
            <CopyButton value={link}>
              {({ copied, copy }) => (
                <Tooltip label={copied ? t('invites.copied') : t('invites.copy')}>
                  <ActionIcon size={36} variant="light" onClick={copy} aria-label={t('invites.copy')}>
                    {copied ? '✓' : '⧉'}
                  </ActionIcon>
                </Tooltip>
              )}
            </CopyButton>
          </Group>
          <Group justify="flex-end">
            <Button onClick={onClose}>{t('invites.close')}</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit}>
          <Stack>
            <TextInput
              label={t('invites.email')}
              type="email"
              required
              autoFocus
              value={email}
              onChange={(event) => setEmail(event.currentTarget.value)}
            />
            <Select
              label={t('invites.role')}
              value={role}
              allowDeselect={false}
              onChange={(value) => value && setRole(value)}
              data={['operator', 'admin'].map((value) => ({ value, label: t(`invites.roles.${value}`) }))}
            />
            <Select
              label={t('invites.expires')}
              value={hours}
              allowDeselect={false}
              onChange={(value) => value && setHours(value)}
              data={hourChoices.map((value) => ({ value, label: t(`invites.hours.${value}`) }))}
            />
            {create.error && (
              <Alert color="red" role="alert">
                {errorText(create.error)}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button type="submit" loading={create.isPending} disabled={!email.trim()}>
                {t('invites.create')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
