import { Alert, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { errorText } from '../../../lib/errors.ts';
import { ApiError } from '../../../lib/api.ts';
import { portalKeys, portalSignIn } from '../api/portal.api.ts';
import { usePortalSession } from '../hooks/usePortal.ts';
import { PortalAuthLayout } from './PortalAuthLayout.tsx';

/** Where to go after signing in: a portal page the client was on, never a staff page or another site. */
export function safePortalPath(next: string | null): string {
  if (
    !next ||
    !next.startsWith('/portal') ||
    next.startsWith('//') ||
    next.startsWith('/portal/login') ||
    next.startsWith('/portal/invite')
  )
    return '/portal';
  return next;
}

export function PortalLoginPage() {
  const { t } = useTranslation();
  const [searchParams] = useSearchParams();
  const next = safePortalPath(searchParams.get('next'));
  const expired = searchParams.get('expired') === '1';
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const session = usePortalSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const mutation = useMutation({
    mutationFn: () => portalSignIn(email.trim(), password),
    meta: { silent: true },
    onSuccess: (response) => {
      queryClient.setQueryData(portalKeys.me, response);
      void navigate(next, { replace: true });
    },
  });

  if (session.data) return <Navigate to={next} replace />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    mutation.mutate();
  };

  return (
    <PortalAuthLayout title={t('portal.login.title')} subtitle={t('portal.login.subtitle')}>
      {expired && !mutation.isError && (
        <Alert color="yellow" role="status">
          {t('portal.login.expired')}
        </Alert>
      )}
      {mutation.error && (
        <Alert color="red" role="alert" title={t('portal.login.failed')}>
          {signInErrorText(mutation.error, t)}
        </Alert>
      )}
      <form onSubmit={submit} aria-label={t('portal.login.title')}>
        <Stack gap="sm">
          <TextInput
            label={t('portal.login.email')}
            type="email"
            autoComplete="username"
            required
            autoFocus
            value={email}
            onChange={(event) => setEmail(event.currentTarget.value)}
          />
          <PasswordInput
            visibilityToggleButtonProps={{ 'aria-label': t('portal.login.showPassword') }}
            label={t('portal.login.password')}
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
          />
          <Button type="submit" loading={mutation.isPending} fullWidth mt="xs">
            {t('portal.login.submit')}
          </Button>
        </Stack>
      </form>
      <Text size="sm" c="dimmed">
        {t('portal.login.invitationHint')}
      </Text>
    </PortalAuthLayout>
  );
}

function signInErrorText(error: Error, t: TFunction): string {
  if (!(error instanceof ApiError)) return errorText(error);
  if (error.status === 401) return t('portal.login.wrong');
  if (error.status === 429) {
    const seconds = error.retryAfterSeconds;
    return seconds ? t('portal.login.rateLimited', { seconds }) : t('portal.login.rateLimitedSoon');
  }
  return errorText(error);
}
