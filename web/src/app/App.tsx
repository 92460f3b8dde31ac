import { MantineProvider } from '@mantine/core';
import { Notifications, notifications } from '@mantine/notifications';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router/dom';
import { ApiError } from '../lib/api.ts';
import { errorText } from '../lib/errors.ts';
import { i18next } from '../lib/i18n.ts';
import { router } from './router.tsx';
import { colorSchemeManager, theme } from './theme.ts';

function toastError(error: unknown) {
  // A 401 is handled by the return to sign-in; everything else shows what its code means, in the reader's language.
  if (error instanceof ApiError && error.status === 401) return;
  notifications.show({
    color: 'red',
    title: i18next.t('errors.toastTitle'),
    message: errorText(error),
    autoClose: 8000,
  });
}

const queryClient = new QueryClient({
  queryCache: new QueryCache({
    onError: (error, query) => {
      if (query.state.data !== undefined && !query.meta?.silent) toastError(error);
    },
  }),
  mutationCache: new MutationCache({
    onError: (error, _variables, _context, mutation) => {
      if (!mutation.meta?.silent) toastError(error);
    },
  }),
  defaultOptions: {
    queries: {
      retry: (failureCount, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failureCount < 2,
      refetchOnWindowFocus: false,
    },
  },
});

export function App() {
  return (
    <MantineProvider theme={theme} colorSchemeManager={colorSchemeManager} defaultColorScheme="auto">
      <Notifications position="top-right" limit={4} />
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  );
}
