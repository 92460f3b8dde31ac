import { Center, Loader } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
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
  const queryClient = useQueryClient();
  // Set by the first 401 of this page; the way out to sign-in is then the one below, never a second navigation.
  const [expired, setExpired] = useState(false);
  const signedOut = session.data === null;
  const setup = useSetupStatus(signedOut && !expired);

  useEffect(
    () =>
      onSessionExpired(() => {
        if (queryClient.getQueryData(sessionQueryKey) === null) return;
        queryClient.setQueryData(sessionQueryKey, null);
        notifications.show({ id: 'session-expired', color: 'yellow', message: t('auth.sessionExpired') });
        setExpired(true);
      }),
    [queryClient, t],
  );

  const next = `${location.pathname}${location.search}`;
  // One redirect decides where a signed-out page goes. (Two used to race: the 401 listener's navigation waited for the
  // sign-in page's chunk while this component, now signed out, redirected again without `expired=1` and won.)
  if (expired) return <Navigate to={`/login?expired=1&next=${encodeURIComponent(next)}`} replace />;
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
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <>{children}</>;
}
