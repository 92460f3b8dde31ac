// /invite/:token (issue 26): the invited person sets a name and a password and is signed in; a link that is
// expired, used, withdrawn or unknown gets a page that says so and what to do.
import { Alert, Button, Loader, PasswordInput, Stack, TextInput } from '@mantine/core';
import type { SessionResponse } from '@switchboard/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { AuthLayout } from '../../../components/AuthLayout.tsx';
import { api, ApiError } from '../../../lib/api.ts';
import { errorText } from '../../../lib/errors.ts';
import { sessionQueryKey } from '../api/auth.api.ts';
import '../invite.locales.ts';

interface InviteInfo {
  email: string;
  role: string;
  expires_at: string;
}

const invitePath = (token: string) => `/api/invites/accept/${encodeURIComponent(token)}`;

export function InvitePage() {
  const { t } = useTranslation();
  const token = useParams().token ?? '';
  const info = useQuery({ queryKey: ['invite', token], queryFn: () => api.get<InviteInfo>(invitePath(token)), retry: false });

  if (info.isPending)
    return (
      <AuthLayout title={t('invite.title')}>
        <Loader size="sm" aria-label={t('common.loading')} />
      </AuthLayout>
    );
  if (info.isError) {
    const known = info.error instanceof ApiError && info.error.status === 410;
    return (
      <AuthLayout title={t('invite.goneTitle')}>
        <Alert color="yellow" role="alert" data-testid="invite-gone">
          {known ? errorText(info.error) : t('invite.notFound')}
        </Alert>
        <Button component={Link} to="/login" variant="light">
          {t('invite.signIn')}
        </Button>
      </AuthLayout>
    );
  }
  return <JoinForm token={token} info={info.data} />;
}

function JoinForm({ token, info }: { token: string; info: InviteInfo }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const join = useMutation({
    mutationFn: () => api.post<SessionResponse>(invitePath(token), { name: name.trim(), password }),
    meta: { silent: true },
    onSuccess: (answer) => {
      queryClient.setQueryData(sessionQueryKey, answer.user);
      void navigate('/inbox', { replace: true });
    },
  });
  const mismatch = confirm.length > 0 && confirm !== password;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!mismatch) join.mutate();
  };
  const role = t(`invite.roles.${info.role}`, { defaultValue: info.role });

  return (
    <AuthLayout title={t('invite.title')} subtitle={t('invite.subtitle', { role, email: info.email })}>
      {join.error && (
        <Alert color="red" role="alert">
          {errorText(join.error)}
        </Alert>
      )}
      <form onSubmit={submit} aria-label={t('invite.title')}>
        <Stack gap="sm">
          <TextInput
            label={t('invite.name')}
            required
            autoFocus
            maxLength={200}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
          />
          <TextInput label="E-mail" value={info.email} readOnly autoComplete="username" />
          <PasswordInput
            label={t('invite.password')}
            description={t('invite.passwordHint')}
            visibilityToggleButtonProps={{ 'aria-label': t('auth.showPassword') }}
            autoComplete="new-password"
            required
            minLength={8}
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
          />
          <PasswordInput
            label={t('invite.confirm')}
            visibilityToggleButtonProps={{ 'aria-label': t('auth.showPassword') }}
            autoComplete="new-password"
            required
            value={confirm}
            error={mismatch ? t('invite.mismatch') : undefined}
            onChange={(event) => setConfirm(event.currentTarget.value)}
          />
          <Button
            type="submit"
            loading={join.isPending}
            disabled={!name.trim() || password.length < 8 || confirm !== password}
            fullWidth
            mt="xs"
          >
            {t('invite.join')}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
