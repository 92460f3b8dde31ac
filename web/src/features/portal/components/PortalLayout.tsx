import { Box, Button, Center, Container, Group, Loader, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { LogoutIcon } from '../../../components/ui/icons.tsx';
import { onSessionExpired } from '../../../lib/api.ts';
import { applyAccountLanguage } from '../../../lib/i18n.ts';
import { LanguageSwitch } from '../../../components/LanguageSwitch.tsx';
import { ThemeToggle } from '../../../components/ThemeToggle.tsx';
import { portalKeys, portalSignOut } from '../api/portal.api.ts';
import { usePortalSession } from '../hooks/usePortal.ts';
import { displayName } from '../../../lib/safe-display.ts';

/**
 * The client portal's frame: its own light header, no staff sidebar. Without a portal session (or
 * when it ends mid-visit) the client goes to /portal/login and comes back to the page they were on.
 */
export function PortalLayout() {
  const { t } = useTranslation();
  const session = usePortalSession();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const clientLanguage = session.data?.client.language;

  // The client's language (set by staff) before the browser's, unless they chose one here.
  useEffect(() => applyAccountLanguage(clientLanguage), [clientLanguage]);

  useEffect(
    () =>
      onSessionExpired(() => {
        if (queryClient.getQueryData(portalKeys.me) === null) return;
        queryClient.setQueryData(portalKeys.me, null);
        notifications.show({
          id: 'portal-session-expired',
          color: 'yellow',
          message: t('portal.login.expired'),
          closeButtonProps: { 'aria-label': t('common.close') },
        });
        const next = `${window.location.pathname}${window.location.search}`;
        void navigate(`/portal/login?expired=1&next=${encodeURIComponent(next)}`, { replace: true });
      }, 'portal'),
    [navigate, queryClient, t],
  );

  const signOut = useMutation({
    mutationFn: portalSignOut,
    onSettled: () => {
      queryClient.removeQueries({ queryKey: ['portal'] });
      queryClient.removeQueries({ queryKey: ['telegram-link', 'client'] });
      queryClient.setQueryData(portalKeys.me, null);
      void navigate('/portal/login', { replace: true });
    },
  });

  if (session.isPending) {
    return (
      <Center h="100dvh">
        <Loader aria-label={t('common.loading')} />
      </Center>
    );
  }
  if (session.isError) throw session.error;
  if (!session.data) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={next === '/portal' ? '/portal/login' : `/portal/login?next=${encodeURIComponent(next)}`} replace />;
  }
  const { client } = session.data;

  return (
    <Box mih="100dvh" bg="var(--mantine-color-body)">
      <Box component="header" style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
        <Container size="lg" py="sm">
          <Group justify="space-between" gap="sm" wrap="nowrap">
            <Box miw={0}>
              <Text
                fw={700}
                size="lg"
                truncate
                component={Link}
                to="/portal"
                style={{ display: 'block', color: 'inherit', textDecoration: 'none' }}
                data-testid="portal-business"
              >
                {client.business_name || t('portal.title')}
              </Text>
              <Text size="sm" c="dimmed" truncate data-testid="portal-client-name">
                {displayName(client.display_name)}
              </Text>
            </Box>
            <Group gap={6} wrap="nowrap">
              <LanguageSwitch />
              <Box visibleFrom="xs">
                <ThemeToggle />
              </Box>
              <Button
                variant="default"
                leftSection={<LogoutIcon size={16} />}
                loading={signOut.isPending}
                onClick={() => signOut.mutate()}
                aria-label={t('portal.signOut')}
                px={{ base: 8, sm: 'md' }}
              >
                <Box component="span" visibleFrom="sm">
                  {t('portal.signOut')}
                </Box>
              </Button>
            </Group>
          </Group>
        </Container>
      </Box>
      <Container size="lg" py="md" component="main">
        <Outlet />
      </Container>
    </Box>
  );
}
