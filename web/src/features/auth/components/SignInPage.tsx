import { Alert, Anchor, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { sessionQueryKey, signIn } from '../api/auth.api.ts';
import { safeNextPath, useSession, useSetupStatus } from '../hooks/useSession.ts';
import { AuthLayout } from '../../../components/AuthLayout.tsx';
import { errorText } from '../../../lib/errors.ts';

export function SignInPage() {
  const { t } = useTranslation();
  const [searchParams] = useSearchParams();
  const next = safeNextPath(searchParams.get('next'));
  const expired = searchParams.get('expired') === '1';
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const session = useSession();
  const setup = useSetupStatus();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const mutation = useMutation({
    mutationFn: () => signIn(email.trim(), password),
    meta: { silent: true },
    onSuccess: (response) => {
      queryClient.setQueryData(sessionQueryKey, response.user);
      void navigate(next, { replace: true });
    },
  });

  useEffect(() => {
    if (setup.data?.needs_setup) void navigate('/setup', { replace: true });
  }, [setup.data, navigate]);

  if (session.data) return <Navigate to={next} replace />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    mutation.mutate();
  };

  return (
    <AuthLayout title={t('auth.signInTitle')} subtitle={t('auth.signInSubtitle')}>
      {expired && !mutation.isError && (
        <Alert color="yellow" role="status">
          {t('auth.sessionExpired')}
        </Alert>
      )}
      {mutation.error && (
        <Alert color="red" role="alert" title={t('auth.signInFailed')}>
          {errorText(mutation.error)}
        </Alert>
      )}
      <form onSubmit={submit} aria-label={t('auth.signInTitle')}>
        <Stack gap="sm">
          <TextInput
            label={t('auth.email')}
            type="email"
            autoComplete="username"
            required
            autoFocus
            value={email}
            onChange={(event) => setEmail(event.currentTarget.value)}
          />
          <PasswordInput
            visibilityToggleButtonProps={{ 'aria-label': t('auth.showPassword') }}
            label={t('auth.password')}
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
          />
          <Button type="submit" loading={mutation.isPending} fullWidth mt="xs">
            {t('auth.signIn')}
          </Button>
        </Stack>
      </form>
      {setup.data?.needs_setup && (
        <Anchor component={Link} to="/setup" size="sm">
          {t('auth.firstRunLink')}
        </Anchor>
      )}
    </AuthLayout>
  );
}
