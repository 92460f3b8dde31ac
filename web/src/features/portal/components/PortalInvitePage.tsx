import { Alert, Button, PasswordInput, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { ApiError } from '../../../lib/api.ts';
import { formatDateTime } from '../../../lib/dates.ts';
import { acceptInvitation, fetchInvitation, portalKeys } from '../api/portal.api.ts';
import { PortalAuthLayout } from './PortalAuthLayout.tsx';
import { errorText } from '../../../lib/errors.ts';

/** The server's minimum (POST /api/portal/invitation/accept). */
const minPasswordLength = 8;

const isInvalidInvitation = (error: unknown) => error instanceof ApiError && error.status === 404;

/**
 * `/portal/invite#token=…`: the token travels in the fragment, which browsers never send to servers
 * (so it stays out of access logs and Referer headers); only the API calls below carry it.
 */
export function PortalInvitePage() {
  const { t, i18n } = useTranslation();
  const { hash } = useLocation();
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token') ?? '';
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problems, setProblems] = useState<{ password?: string; repeat?: string }>({});
  const invitation = useQuery({
    queryKey: ['portal', 'invitation', token],
    queryFn: () => fetchInvitation(token),
    enabled: token.length >= 10,
    retry: false,
    meta: { silent: true },
  });
  const accept = useMutation({
    mutationFn: () => acceptInvitation(token, password),
    meta: { silent: true },
    onSuccess: (session) => {
      queryClient.setQueryData(portalKeys.me, session);
      void navigate('/portal', { replace: true });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = {
      password: password.length < minPasswordLength ? t('portal.invite.tooShort', { min: minPasswordLength }) : undefined,
      repeat: password.length >= minPasswordLength && repeat !== password ? t('portal.invite.mismatch') : undefined,
    };
    setProblems(found);
    if (!found.password && !found.repeat) accept.mutate();
  };

  const unusable = token.length < 10 || isInvalidInvitation(invitation.error) || isInvalidInvitation(accept.error);
  if (unusable) {
    return (
      <PortalAuthLayout title={t('portal.invite.invalidTitle')}>
        <Alert color="red" role="alert">
          {token.length < 10 ? t('portal.invite.missing') : t('portal.invite.invalid')}
        </Alert>
        <Button component={Link} to="/portal/login" variant="light">
          {t('portal.invite.toLogin')}
        </Button>
      </PortalAuthLayout>
    );
  }

  const who = invitation.data?.client;
  return (
    <PortalAuthLayout
      title={t('portal.invite.title')}
      subtitle={who ? t('portal.invite.forWhom', { name: who.email ? `${who.display_name} (${who.email})` : who.display_name }) : undefined}
    >
      {invitation.isPending && <Text c="dimmed">{t('portal.invite.checking')}</Text>}
      {invitation.error && (
        <Alert color="red" role="alert">
          {errorText(invitation.error)}
        </Alert>
      )}
      {accept.error && (
        <Alert color="red" role="alert" title={t('portal.invite.failed')}>
          {errorText(accept.error)}
        </Alert>
      )}
      {invitation.data?.expires_at && (
        <Text size="sm" c="dimmed">
          {t('portal.invite.expires', { date: formatDateTime(invitation.data.expires_at, i18n.language) })}
        </Text>
      )}
      <form onSubmit={submit} aria-label={t('portal.invite.title')} noValidate>
        <Stack gap="sm">
          {who?.email && <input type="email" name="username" autoComplete="username" value={who.email} readOnly hidden />}
          <PasswordInput
            visibilityToggleButtonProps={{ 'aria-label': t('portal.invite.showPassword') }}
            label={t('portal.invite.password')}
            description={t('portal.invite.passwordHint', { min: minPasswordLength })}
            autoComplete="new-password"
            required
            autoFocus
            value={password}
            error={problems.password}
            onChange={(event) => setPassword(event.currentTarget.value)}
          />
          <PasswordInput
            visibilityToggleButtonProps={{ 'aria-label': t('portal.invite.showPassword') }}
            label={t('portal.invite.repeat')}
            autoComplete="new-password"
            required
            value={repeat}
            error={problems.repeat}
            onChange={(event) => setRepeat(event.currentTarget.value)}
          />
          <Button type="submit" loading={accept.isPending} disabled={!invitation.data} fullWidth mt="xs">
            {t('portal.invite.submit')}
          </Button>
        </Stack>
      </form>
    </PortalAuthLayout>
  );
}
