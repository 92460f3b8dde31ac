import { Navigate, createBrowserRouter } from 'react-router';
import { ShellLayout } from '../features/shell/components/ShellLayout.tsx';
import { RequireSession } from './RequireSession.tsx';
import { RouteError } from './RouteError.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';

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
    lazy: async () => ({ Component: (await import('../features/auth/components/SetupPage.tsx')).SetupPage }),
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
      { path: 'settings', element: <Navigate to="/settings/messengers" replace /> },
      {
        path: 'settings/messengers',
        errorElement: <RouteError />,
        lazy: async () => ({ Component: (await import('../features/settings/components/MessengersSettingsPage.tsx')).MessengersSettingsPage }),
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
