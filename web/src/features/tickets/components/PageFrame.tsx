import { Alert, Box, Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../lib/errors.ts';

/** The frame of every staff page here: a scrolling main region with a title, a subtitle and actions. */
export function PageFrame({
  title,
  subtitle,
  actions,
  children,
}: {
  title: ReactNode;
  subtitle?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Box p={{ base: 'sm', sm: 'xl' }} style={{ overflowY: 'auto' }} h="100%" component="main">
      <Stack gap="lg" maw={1200}>
        <Group justify="space-between" align="flex-start" gap="sm">
          <div style={{ minWidth: 0, flex: 1 }}>
            <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
              {title}
            </Title>
            {subtitle && (
              <Text c="dimmed" size="sm" component="div" mt={4}>
                {subtitle}
              </Text>
            )}
          </div>
          {actions && (
            <Group gap="xs" wrap="nowrap" data-toolbar="page-actions">
              {actions}
            </Group>
          )}
        </Group>
        {children}
      </Stack>
    </Box>
  );
}

/** Loading, error and empty states of a query, in one place. */
export function QueryState({
  isPending,
  error,
  isEmpty,
  empty,
}: {
  isPending: boolean;
  error: Error | null;
  isEmpty?: boolean;
  empty?: ReactNode;
}) {
  const { t } = useTranslation();
  if (isPending) return <Loader size="sm" aria-label={t('common.loading')} />;
  if (error)
    return (
      <Alert color="red" role="alert">
        {errorText(error)}
      </Alert>
    );
  if (isEmpty)
    return (
      <Text c="dimmed" size="sm" data-testid="empty-state">
        {empty}
      </Text>
    );
  return null;
}

export function LoadMore({
  hasNextPage,
  isFetchingNextPage,
  fetchNextPage,
}: {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage(): unknown;
}) {
  const { t } = useTranslation();
  if (!hasNextPage) return null;
  return (
    <Button variant="default" w="fit-content" loading={isFetchingNextPage} onClick={() => fetchNextPage()}>
      {t('tickets.loadMore')}
    </Button>
  );
}
