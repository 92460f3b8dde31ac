import { Alert, Button, Center, Code, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isRouteErrorResponse, useRouteError } from 'react-router';
import { errorText } from '../lib/errors.ts';

/** The error boundary of every route: the rest of the app keeps working and the operator can retry. */
export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  // An API failure says what its code means; anything else (a bug) is named, not quoted.
  const message = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : errorText(error);
  const isChunkError = error instanceof Error && /dynamically imported module|Importing a module script failed/i.test(error.message);
  return (
    <Center p="xl" h="100%">
      <Stack maw={520} gap="md" role="alert">
        <Alert color="red" title={t('errors.routeTitle')}>
          <Text size="sm">{isChunkError ? t('errors.newVersion') : t('errors.routeBody')}</Text>
          <Code block mt="sm">
            {message}
          </Code>
        </Alert>
        <Button onClick={() => location.reload()} w="fit-content">
          {t('errors.reload')}
        </Button>
      </Stack>
    </Center>
  );
}
