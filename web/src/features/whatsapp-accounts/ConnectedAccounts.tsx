// A messenger card's accounts on the Messengers tab: each connected account of the messenger with its status
// and last error, and the button that opens the messenger's connect dialog. Texts come from the feature's
// namespace (its locales): the list's title, what holds with none connected (a fallback), status names.
// "Check" asks the platform whether it still takes the credentials (POST /api/accounts/:id/test); a refusal
// becomes the account's status and last error, so the row shows it after the list is read again.
import { Alert, Badge, Button, Group, Loader, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.ts';
import { errorText } from '../../lib/errors.ts';
import { useChannelKinds } from '../channels/index.ts';
import type { ComponentType } from 'react';

interface NumberRow {
  id: number;
  name: string;
  kind: string;
  messenger: string;
  status: 'created' | 'authenticating' | 'active' | 'error' | 'stopped';
  status_detail: string | null;
  bot_username: string | null;
  is_enabled: boolean;
}

const statusColors: Record<NumberRow['status'], string> = {
  created: 'gray',
  authenticating: 'yellow',
  active: 'green',
  error: 'red',
  stopped: 'gray',
};

async function fetchAccountsOf(messenger: string): Promise<NumberRow[]> {
  const rows: NumberRow[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `?cursor=${encodeURIComponent(cursor)}&limit=100` : '?limit=100';
    const page: { results: NumberRow[]; next_cursor: string | null } = await api.get(`/api/accounts/${query}`);
    rows.push(...page.results.filter((row) => row.messenger === messenger));
    cursor = page.next_cursor;
  } while (cursor);
  return rows;
}

export interface ConnectedAccountsProps {
  messenger: string;
  /** The locales' key: `${namespace}.numbers`, `.none`, `.status.*`, `.lastError`, `.add`, `.check(Label)`, `.checked`, `.sync(Label)`, `.synced`. */
  namespace: string;
  Connect: ComponentType<{ opened: boolean; onClose(): void }>;
}

export function ConnectedAccounts({ messenger, namespace, Connect }: ConnectedAccountsProps) {
  const { t } = useTranslation();
  // Under ['accounts'], so connecting or changing any account refreshes this list too.
  const numbers = useQuery({ queryKey: ['accounts', 'of-messenger', messenger], queryFn: () => fetchAccountsOf(messenger) });
  const [adding, setAdding] = useState(false);
  const queryClient = useQueryClient();
  const check = useMutation({
    mutationFn: (number: NumberRow) => api.post(`/api/accounts/${number.id}/test`, {}),
    onSuccess: (_answer, number) => notifications.show({ color: 'green', message: t(`${namespace}.checked`, { name: number.name }) }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['accounts'] }),
    // The refusal shows on the row as its last error, not as a second message.
    meta: { silent: true },
  });
  const kinds = useChannelKinds().data;
  const syncTemplates = useMutation({
    mutationFn: (number: NumberRow) => api.post<{ count: number }>(`/api/accounts/${number.id}/templates/sync`, {}),
    onSuccess: (answer) => notifications.show({ color: 'green', message: t(`${namespace}.synced`, { count: answer.count }) }),
  });
  return (
    <Stack gap="xs" data-testid={`accounts-of-${messenger}`}>
      <Text size="sm" fw={600}>
        {t(`${namespace}.numbers`)}
      </Text>
      {numbers.isPending && <Loader size="sm" aria-label={t('common.loading')} />}
      {numbers.isError && (
        <Alert color="red" role="alert">
          {errorText(numbers.error)}
        </Alert>
      )}
      {numbers.isSuccess && numbers.data.length === 0 && (
        <Text size="sm" c="dimmed">
          {t(`${namespace}.none`)}
        </Text>
      )}
      <Stack gap={6} role="list" aria-label={t(`${namespace}.numbers`)}>
        {(numbers.data ?? []).map((number) => (
          <Stack
            key={number.id}
            gap={2}
            role="listitem"
            p="xs"
            data-testid={`account-of-${messenger}`}
            style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 8 }}
          >
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <div style={{ minWidth: 0 }}>
                <Text size="sm" fw={500} className="sb-ellipsis">
                  {number.name}
                </Text>
                {number.bot_username && (
                  <Text size="xs" c="dimmed" className="sb-ellipsis">
                    {number.bot_username}
                  </Text>
                )}
              </div>
              <Badge size="sm" color={statusColors[number.status] ?? 'gray'} variant="light" data-testid="account-status">
                {t(`${namespace}.status.${number.status}`, { defaultValue: number.status })}
              </Badge>
            </Group>
            {number.status_detail && (
              <Text size="xs" c="red" data-testid="account-last-error" style={{ overflowWrap: 'anywhere' }}>
                {t(`${namespace}.lastError`, { detail: number.status_detail })}
              </Text>
            )}
            <Group gap={4}>
              <Button
                size="compact-xs"
                variant="subtle"
                loading={check.isPending && check.variables?.id === number.id}
                onClick={() => check.mutate(number)}
                aria-label={t(`${namespace}.checkLabel`, { name: number.name })}
                data-testid="account-check"
              >
                {t(`${namespace}.check`)}
              </Button>
              {kinds?.find((kind) => kind.kind === number.kind)?.templates && (
                <Button
                  size="compact-xs"
                  variant="subtle"
                  loading={syncTemplates.isPending && syncTemplates.variables?.id === number.id}
                  onClick={() => syncTemplates.mutate(number)}
                  aria-label={t(`${namespace}.syncLabel`, { name: number.name })}
                  data-testid="account-sync-templates"
                >
                  {t(`${namespace}.sync`)}
                </Button>
              )}
            </Group>
          </Stack>
        ))}
      </Stack>
      <Button variant="light" onClick={() => setAdding(true)} w="fit-content" data-testid={`add-account-${messenger}`}>
        {t(`${namespace}.add`)}
      </Button>
      <Connect opened={adding} onClose={() => setAdding(false)} />
    </Stack>
  );
}
