import { Alert, Button, Center, Code, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isRouteErrorResponse, useRouteError } from 'react-router';

/** The error boundary of every route: the rest of the app keeps working and the operator can retry. */
export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : String(error);
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
