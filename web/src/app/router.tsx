import { Navigate, createBrowserRouter, useParams } from 'react-router';
import { ShellLayout } from '../features/shell/components/ShellLayout.tsx';
import { RequireSession } from './RequireSession.tsx';
import { RouteError } from './RouteError.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';
import { addTranslations, type Language } from '../lib/i18n.ts';

type Strings = Record<string, Record<Language, object>>;
/** One feature's strings under its own key (t('portal.…')). */
const underKey = (key: string) => (module: Record<Language, object>) => ({ [key]: module });

const featureStrings = {
  portal: () => import('../features/portal/portal.locales.ts').then(underKey('portal')),
  tickets: () => import('../features/tickets/tickets.locales.ts').then(underKey('tickets')),
  businessDetails: () => import('../features/business-details/business-details.locales.ts').then(underKey('businessDetails')),
  connectAccount: () => import('../features/settings/connect-account.locales.ts').then(underKey('connectAccount')),
  personalAccounts: () => import('../features/personal-accounts/personal-accounts.locales.ts').then(underKey('personalAccounts')),
  profile: () => import('../features/profile/profile.locales.ts').then(underKey('profile')),
  setup: () => import('../features/auth/setup.locales.ts').then(underKey('setup')),
  system: () => import('../features/system/system.locales.ts').then(underKey('system')),
  businessSettings: () => import('../features/business/business-settings.locales.ts').then(underKey('business')),
  clinic: () => import('../features/clinic/clinic.locales.ts').then(underKey('clinic')),
  dispatch: () => import('../features/dispatch/dispatch.locales.ts').then(underKey('dispatch')),
  reports: () => import('../features/reports/reports.locales.ts').then(underKey('reports')),
  clinicRecords: () => import('../features/clinic/records.locales.ts').then(underKey('clinicRecords')),
  clinicAdmin: () => import('../features/clinic/admin.locales.ts').then(underKey('clinicAdmin')),
  // Joined under `contacts` with the panel's strings that load with the app.
  broadcasts: () => import('../features/broadcasts/broadcasts.locales.ts').then(underKey('broadcasts')),
  contactsPages: () => import('../features/contacts/contacts-pages.locales.ts').then(underKey('contacts')),
  // Joined under `team` with the strings the inbox shows.
  teamSettings: () => import('../features/team/team-settings.locales.ts').then(underKey('team')),
  // The settings pages' strings keep their top-level keys (t('settings.…'), t('bots.…'), t('messengers.…')).
  settings: () =>
    import('../features/settings/settings.locales.ts').then(({ en, ru }) => ({
      settings: { en: en.settings, ru: ru.settings },
      messengers: { en: en.messengers, ru: ru.messengers },
      bots: { en: en.bots, ru: ru.bots },
    })),
} satisfies Record<string, () => Promise<Strings>>;
type StringsName = keyof typeof featureStrings;

/** Every settings page: its tabs name the business and system tabs; the messengers tab adds bots and personal accounts. */
const settingsStrings: StringsName[] = [
  'settings',
  'teamSettings',
  'system',
  'businessDetails',
  'personalAccounts',
  'businessSettings',
  'connectAccount',
];

/** A page whose strings are not in the app's core (translations.ts), with them added before it renders. */
async function withStrings<T>(features: StringsName | StringsName[], page: Promise<T>): Promise<T> {
  const names = Array.isArray(features) ? features : [features];
  const [module, ...strings] = await Promise.all([page, ...names.map((name) => featureStrings[name]())]);
  addTranslations(Object.assign({}, ...strings) as Strings);
  return module;
}

/** A contacts page, once the apps' extensions of it are registered (they load with it, never with the inbox). */
async function withPeopleExtensions<T>(page: Promise<T>): Promise<T> {
  const [module] = await Promise.all([page, import('./people-extensions.ts')]);
  return module;
}

/** A client's old address: the client is the contact with the same id. */
function ClientRedirect() {
  return <Navigate to={`/contacts/${useParams().clientId}`} replace />;
}

// Each page is its own chunk: the sign-in page never loads the inbox, the inbox never loads settings.
export const router = createBrowserRouter([
  {
    path: '/login',
    errorElement: <RouteError />,
    lazy: async () => ({ Component: (await import('../features/auth/components/SignInPage.tsx')).SignInPage }),
  },
  {
    path: '/setup',
    errorElement: <RouteError />,
    lazy: async () => ({
      Component: (await withStrings(['setup', 'businessDetails'], import('../features/auth/components/SetupPage.tsx'))).SetupPage,
    }),
  },
  // An invite link (issue 26): whoever has it joins the staff once, before it expires.
  {
    path: '/invite/:token',
    errorElement: <RouteError />,
    lazy: async () => ({ Component: (await import('../features/auth/components/InvitePage.tsx')).InvitePage }),
  },
  // The client portal: its own sign-in (the sb_portal session) and layout; staff sessions do not apply.
  {
    path: '/portal/login',
    errorElement: <RouteError />,
    lazy: async () => ({
      Component: (await withStrings('portal', import('../features/portal/components/PortalLoginPage.tsx'))).PortalLoginPage,
    }),
  },
  {
    path: '/portal/invite',
    errorElement: <RouteError />,
    lazy: async () => ({
      Component: (await withStrings('portal', import('../features/portal/components/PortalInvitePage.tsx'))).PortalInvitePage,
    }),
  },
  {
    path: '/portal',
    errorElement: <RouteError />,
    lazy: async () => ({ Component: (await withStrings('portal', import('../features/portal/components/PortalLayout.tsx'))).PortalLayout }),
    children: [
      {
        index: true,
        lazy: async () => ({
          Component: (await withStrings('portal', import('../features/portal/components/PortalDashboardPage.tsx'))).PortalDashboardPage,
        }),
      },
      {
        path: 'tickets/:ticketId',
        lazy: async () => ({
          Component: (await withStrings('portal', import('../features/portal/components/PortalTicketPage.tsx'))).PortalTicketPage,
        }),
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
  {
    path: '/',
    errorElement: <RouteError />,
    element: (
      <RequireSession>
        <ShellLayout />
      </RequireSession>
    ),
    children: [
      { index: true, element: <Navigate to="/inbox" replace /> },
      {
        path: 'inbox/:chatId?',
        errorElement: <RouteError />,
        lazy: async () => ({ Component: (await import('../features/inbox/components/InboxPage.tsx')).InboxPage }),
      },
      {
        path: 'contacts',
        errorElement: <RouteError />,
        lazy: async () => ({
          // With the apps' extensions (people-extensions.ts) and the tickets app's strings: its filter and marks in the list.
          Component: (
            await withStrings(
              ['contactsPages', 'tickets'],
              withPeopleExtensions(import('../features/contacts/components/ContactsPage.tsx')),
            )
          ).ContactsPage,
        }),
      },
      {
        path: 'contacts/:contactId',
        errorElement: <RouteError />,
        lazy: async () => ({
          Component: (await withStrings('contactsPages', withPeopleExtensions(import('../features/contacts/components/ContactPage.tsx'))))
            .ContactPage,
        }),
      },
      {
        path: 'search',
        errorElement: <RouteError />,
        lazy: async () => ({
          Component: (await withStrings('contactsPages', import('../features/search/components/SearchPage.tsx'))).SearchPage,
        }),
      },
      {
        path: 'tickets',
        errorElement: <RouteError />,
        lazy: async () => ({
          Component: (await withStrings('tickets', import('../features/tickets/components/TicketsPage.tsx'))).TicketsPage,
        }),
      },
      {
        path: 'tickets/:ticketId',
        errorElement: <RouteError />,
        lazy: async () => ({
          Component: (await withStrings('tickets', import('../features/tickets/components/TicketPage.tsx'))).TicketPage,
        }),
      },
      {
        path: 'invoices',
        errorElement: <RouteError />,
        lazy: async () => ({
          Component: (await withStrings('tickets', import('../features/tickets/components/InvoicesPage.tsx'))).InvoicesPage,
        }),
      },
      // One list of people (issue 25): a portal client is a contact, and the clients list is the contacts list's filter.
      { path: 'clients', element: <Navigate to="/contacts?show=portal" replace /> },
      { path: 'clients/:clientId', element: <ClientRedirect /> },
      {
        path: 'broadcasts',
        errorElement: <RouteError />,
        lazy: async () => ({
          Component: (await withStrings('broadcasts', import('../features/broadcasts/components/BroadcastsPage.tsx'))).BroadcastsPage,
        }),
      },
      {
        path: 'clinic',
        errorElement: <RouteError />,
        lazy: async () => ({
          Component: (await withStrings('clinic', import('../features/clinic/components/ReceptionPage.tsx'))).ReceptionPage,
        }),
      },
      {
        path: 'reports',
        errorElement: <RouteError />,
        lazy: async () => ({
          Component: (await withStrings('reports', import('../features/reports/components/ReportsPage.tsx'))).ReportsPage,
        }),
      },
      {
        path: 'dispatch',
        errorElement: <RouteError />,
        lazy: async () => ({
          Component: (await withStrings('dispatch', import('../features/dispatch/components/DispatchPage.tsx'))).DispatchPage,
        }),
      },
      {
        path: 'clinic/records',
        errorElement: <RouteError />,
        lazy: async () => ({
          Component: (await withStrings('clinicRecords', import('../features/clinic/components/RecordsPage.tsx'))).RecordsPage,
        }),
      },
      {
        path: 'clinic/admin',
        errorElement: <RouteError />,
        lazy: async () => ({
          Component: (await withStrings('clinicAdmin', import('../features/clinic/components/AdminPage.tsx'))).AdminPage,
        }),
      },
      {
        path: 'clinic/patients/:patientId',
        errorElement: <RouteError />,
        lazy: async () => ({
          Component: (
            await withStrings(['clinic', 'clinicRecords', 'clinicAdmin'], import('../features/clinic/components/PatientPage.tsx'))
          ).PatientPage,
        }),
      },
      {
        path: 'notifications/queue',
        errorElement: <RouteError />,
        lazy: async () => ({
          // The page embeds the apps' settings form (AppSettingsPanel), whose strings are the settings pages'.
          Component: (await withStrings(['tickets', 'settings'], import('../features/tickets/components/NotificationQueuePage.tsx')))
            .NotificationQueuePage,
        }),
      },
      {
        path: 'operators',
        errorElement: <RouteError />,
        lazy: async () => ({
          Component: (await withStrings('teamSettings', import('../features/team/components/OperatorsPage.tsx'))).OperatorsPage,
        }),
      },
      {
        path: 'profile',
        errorElement: <RouteError />,
        lazy: async () => ({
          Component: (await withStrings(['tickets', 'portal', 'profile'], import('../features/profile/components/ProfilePage.tsx')))
            .ProfilePage,
        }),
      },
      { path: 'settings', element: <Navigate to="/settings/messengers" replace /> },
      {
        path: 'settings/messengers',
        errorElement: <RouteError />,
        lazy: async () => ({
          Component: (await withStrings(settingsStrings, import('../features/settings/components/MessengersSettingsPage.tsx')))
            .MessengersSettingsPage,
        }),
      },
      {
        path: 'settings/inbox',
        errorElement: <RouteError />,
        lazy: async () => ({
          Component: (await withStrings(settingsStrings, import('../features/team/components/InboxSettingsPage.tsx'))).InboxSettingsPage,
        }),
      },
      {
        path: 'settings/business',
        errorElement: <RouteError />,
        lazy: async () => ({
          Component: (await withStrings(settingsStrings, import('../features/settings/components/BusinessSettingsPage.tsx')))
            .BusinessSettingsPage,
        }),
      },
      {
        path: 'settings/apps',
        errorElement: <RouteError />,
        lazy: async () => ({
          Component: (await withStrings(settingsStrings, import('../features/settings/components/AppsSettingsPage.tsx'))).AppsSettingsPage,
        }),
      },
      {
        path: 'settings/system',
        errorElement: <RouteError />,
        lazy: async () => ({
          Component: (await withStrings(settingsStrings, import('../features/system/components/SystemPage.tsx'))).SystemPage,
        }),
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
