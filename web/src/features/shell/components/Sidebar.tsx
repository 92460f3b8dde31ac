import { Avatar, Box, Button, Group, NavLink, ScrollArea, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import {
  BellIcon,
  BriefcaseIcon,
  ChartIcon,
  ClockIcon,
  ChatIcon,
  ContactsIcon,
  HeadsetIcon,
  InboxIcon,
  InvoiceIcon,
  LogoutIcon,
  MessengerMark,
  SearchIcon,
  SettingsIcon,
  TicketIcon,
} from '../../../components/ui/icons.tsx';
import { initials } from '../../../lib/avatar.ts';
import { clearDrafts } from '../../../lib/drafts.ts';
import { signOut } from '../../auth/index.ts';
import { useSession } from '../../auth/index.ts';
import { useEnabledMessengers } from '../../settings/index.ts';
import { useEnabledApps } from '../../../lib/use-enabled-apps.ts';
import { AvailabilitySwitch } from './AvailabilitySwitch.tsx';
import { SavedViewsNav } from '../../inbox/index.ts';
import { LanguageSwitch } from '../../../components/LanguageSwitch.tsx';
import { ThemeToggle } from '../../../components/ThemeToggle.tsx';

export function Sidebar() {
  const { t } = useTranslation();
  const location = useLocation();
  const { data: user } = useSession();
  const enabled = useEnabledMessengers();
  const messenger = new URLSearchParams(location.search).get('messenger');
  const inInbox = location.pathname.startsWith('/inbox');
  const isAdmin = user?.role === 'admin';
  const tickets = useEnabledApps().isEnabled('tickets');
  const broadcasts = useEnabledApps().isEnabled('broadcasts');
  const clinic = useEnabledApps().isEnabled('clinic');
  const dispatch = useEnabledApps().isEnabled('dispatch');

  const logout = useMutation({
    mutationFn: signOut,
    onSettled: () => {
      // Signing out on purpose leaves nothing behind for the next person at this browser; a full
      // page load also drops every cached conversation from memory.
      clearDrafts();
      window.location.replace('/login');
    },
  });

  return (
    <Stack h="100%" gap={0}>
      <Group gap={8} px="md" h={56} visibleFrom="sm" wrap="nowrap">
        <img src="/favicon.svg" alt="" width={26} height={26} />
        <Text fw={700} size="lg">
          Switchboard
        </Text>
      </Group>
      <ScrollArea flex={1} px="xs" component="nav" aria-label={t('shell.navigation')}>
        <NavLink component={Link} to="/inbox" label={t('nav.inbox')} leftSection={<InboxIcon />} active={inInbox && !messenger} />
        <SavedViewsNav />
        <NavLink label={t('nav.chat')} leftSection={<ChatIcon />} defaultOpened childrenOffset={28} aria-label={t('nav.chatMenu')}>
          {enabled.data?.length === 0 && (
            <Text size="xs" c="dimmed" px="sm" py={6}>
              {t('nav.noMessengers')}
            </Text>
          )}
          {enabled.data?.map((item) => (
            <NavLink
              key={item.type}
              component={Link}
              to={`/inbox?messenger=${item.type}`}
              label={item.name}
              leftSection={<MessengerMark type={item.type} />}
              active={inInbox && messenger === item.type}
              data-testid={`chat-menu-${item.type}`}
            />
          ))}
        </NavLink>
        <NavLink
          component={Link}
          to="/search"
          label={t('nav.search')}
          leftSection={<SearchIcon />}
          active={location.pathname.startsWith('/search')}
        />
        <NavLink
          component={Link}
          to="/contacts"
          label={t('nav.contacts')}
          leftSection={<ContactsIcon />}
          active={location.pathname.startsWith('/contacts')}
        />
        {user && ['operator', 'admin'].includes(user.role) && (
          <NavLink
            component={Link}
            to="/reports"
            label={t('nav.reports')}
            leftSection={<ChartIcon />}
            active={location.pathname.startsWith('/reports')}
          />
        )}
        {tickets && (
          <NavLink
            component={Link}
            to="/tickets"
            label={t('nav.tickets')}
            leftSection={<TicketIcon />}
            active={location.pathname.startsWith('/tickets')}
          />
        )}
        {tickets && (
          <NavLink
            component={Link}
            to="/invoices"
            label={t('nav.invoices')}
            leftSection={<InvoiceIcon />}
            active={location.pathname.startsWith('/invoices')}
          />
        )}
        {clinic && (
          <NavLink
            component={Link}
            to="/clinic"
            label={t('nav.clinic')}
            leftSection={<ClockIcon />}
            active={location.pathname.startsWith('/clinic')}
          />
        )}
        {dispatch && (
          <NavLink
            component={Link}
            to="/dispatch"
            label={t('nav.dispatch')}
            leftSection={<BriefcaseIcon />}
            active={location.pathname.startsWith('/dispatch')}
          />
        )}
        {isAdmin && (
          <NavLink
            component={Link}
            to="/operators"
            label={t('nav.operators')}
            leftSection={<HeadsetIcon />}
            active={location.pathname.startsWith('/operators')}
          />
        )}
        {isAdmin && broadcasts && (
          <NavLink
            component={Link}
            to="/broadcasts"
            label={t('nav.broadcasts')}
            leftSection={<BellIcon />}
            active={location.pathname.startsWith('/broadcasts')}
          />
        )}
        {isAdmin && tickets && (
          <NavLink
            component={Link}
            to="/notifications/queue"
            label={t('nav.notificationQueue')}
            leftSection={<BellIcon />}
            active={location.pathname.startsWith('/notifications')}
          />
        )}
        {isAdmin && (
          <NavLink
            component={Link}
            to="/settings/messengers"
            label={t('nav.settings')}
            leftSection={<SettingsIcon />}
            active={location.pathname.startsWith('/settings')}
          />
        )}
      </ScrollArea>
      <Box p="sm" style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
        <Stack gap="xs">
          {user && (
            <Group
              gap="xs"
              wrap="nowrap"
              renderRoot={(props) => <Link {...props} to="/profile" aria-label={t('nav.profile')} />}
              className="sb-profile-link"
            >
              <Avatar size={32} radius="xl" color="initials" name={user.name || user.email}>
                {initials(user.name || user.email)}
              </Avatar>
              <Box style={{ minWidth: 0 }} flex={1}>
                <Text size="sm" fw={500} className="sb-ellipsis">
                  {user.name || user.email}
                </Text>
                <Text size="xs" c="dimmed" className="sb-ellipsis">
                  {t(`roles.${user.role}`, { defaultValue: user.role })}
                </Text>
              </Box>
            </Group>
          )}
          {user && ['operator', 'admin'].includes(user.role) && <AvailabilitySwitch />}
          <Group gap="xs" wrap="nowrap" justify="space-between">
            <LanguageSwitch />
            <ThemeToggle />
          </Group>
          <Button
            variant="default"
            size="xs"
            leftSection={<LogoutIcon size={14} />}
            loading={logout.isPending}
            onClick={() => logout.mutate()}
          >
            {t('shell.signOut')}
          </Button>
        </Stack>
      </Box>
    </Stack>
  );
}
