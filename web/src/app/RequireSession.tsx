import { Center, Loader } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { sessionQueryKey } from '../features/auth/api/auth.api.ts';
import { useSession, useSetupStatus } from '../features/auth/hooks/useSession.ts';
import { onSessionExpired } from '../lib/api.ts';

/**
 * Pages behind sign-in. When the session expires mid-work, any 401 brings the operator to the
 * sign-in page with the way back; drafts live in localStorage, so nothing typed is lost.
 */
export function RequireSession({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const signedOut = session.data === null;
  const setup = useSetupStatus(signedOut);

  useEffect(
    () =>
      onSessionExpired(() => {
        if (queryClient.getQueryData(sessionQueryKey) === null) return;
        queryClient.setQueryData(sessionQueryKey, null);
        notifications.show({ id: 'session-expired', color: 'yellow', message: t('auth.sessionExpired') });
        const next = `${window.location.pathname}${window.location.search}`;
        void navigate(`/login?expired=1&next=${encodeURIComponent(next)}`, { replace: true });
      }),
    [navigate, queryClient, t],
  );

  if (session.isPending || (signedOut && setup.isPending)) {
    return (
      <Center h="100dvh">
        <Loader aria-label={t('common.loading')} />
      </Center>
    );
  }
  if (session.isError) throw session.error;
  if (signedOut) {
    if (setup.data?.needs_setup) return <Navigate to="/setup" replace />;
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <>{children}</>;
}
