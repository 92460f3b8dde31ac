// A messenger card's accounts on the Messengers tab, for a kind with a connect form: each connected account of the
// kind with its status and last error, and the button that opens the connect dialog. The kind's vocabulary names the
// list, what holds with none connected and the check; the rest is `connectAccount.*` (the same for every kind).
// "Check" asks the platform whether it still takes the credentials (POST /api/accounts/:id/test); a refusal
// becomes the account's status and last error, so the row shows it after the list is read again.
import { Alert, Badge, Button, Group, Loader, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TemplatesSynced } from '@switchboard/contract';
import { api } from '../../../lib/api.ts';
import { errorText } from '../../../lib/errors.ts';
import { fillWords, useVocabularyOf, type ChannelKind } from '../../channels/index.ts';
import { ConnectAccountDialog } from './ConnectAccountDialog.tsx';

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

async function fetchAccountsOf(kind: string): Promise<NumberRow[]> {
  const rows: NumberRow[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `?cursor=${encodeURIComponent(cursor)}&limit=100` : '?limit=100';
    const page: { results: NumberRow[]; next_cursor: string | null } = await api.get(`/api/accounts/${query}`);
    rows.push(...page.results.filter((row) => row.kind === kind));
    cursor = page.next_cursor;
  } while (cursor);
  return rows;
}

export function ConnectedAccounts({ kind }: { kind: ChannelKind }) {
  const { t } = useTranslation();
  const words = useVocabularyOf(kind).connect;
  const messenger = kind.messenger;
  // Under ['accounts'], so connecting or changing any account refreshes this list too.
  const numbers = useQuery({ queryKey: ['accounts', 'of-kind', kind.kind], queryFn: () => fetchAccountsOf(kind.kind) });
  const [adding, setAdding] = useState(false);
  const queryClient = useQueryClient();
  const check = useMutation({
    mutationFn: (number: NumberRow) => api.post(`/api/accounts/${number.id}/test`, {}),
    onSuccess: (_answer, number) => notifications.show({ color: 'green', message: fillWords(words?.checked ?? '', { name: number.name }) }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['accounts'] }),
    // The refusal shows on the row as its last error, not as a second message.
    meta: { silent: true },
  });
  const syncTemplates = useMutation({
    mutationFn: (number: NumberRow) => api.post<TemplatesSynced>(`/api/accounts/${number.id}/templates/sync`, {}),
    onSuccess: (answer) => notifications.show({ color: 'green', message: t('connectAccount.synced', { count: answer.count }) }),
  });
  return (
    <Stack gap="xs" data-testid={`accounts-of-${messenger}`}>
      <Text size="sm" fw={600}>
        {words?.accountsTitle}
      </Text>
      {numbers.isPending && <Loader size="sm" aria-label={t('common.loading')} />}
      {numbers.isError && (
        <Alert color="red" role="alert">
          {errorText(numbers.error)}
        </Alert>
      )}
      {numbers.isSuccess && numbers.data.length === 0 && (
        <Text size="sm" c="dimmed">
          {words?.noAccounts}
        </Text>
      )}
      <Stack gap={6} role="list" aria-label={words?.accountsTitle}>
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
                {t(`connectAccount.status.${number.status}`, { defaultValue: number.status })}
              </Badge>
            </Group>
            {number.status_detail && (
              <Text size="xs" c="red" data-testid="account-last-error" style={{ overflowWrap: 'anywhere' }}>
                {t('connectAccount.lastError', { detail: number.status_detail })}
              </Text>
            )}
            <Group gap={4}>
              <Button
                size="compact-xs"
                variant="subtle"
                loading={check.isPending && check.variables?.id === number.id}
                onClick={() => check.mutate(number)}
                aria-label={fillWords(words?.checkLabel ?? '{{name}}', { name: number.name })}
                data-testid="account-check"
              >
                {t('connectAccount.check')}
              </Button>
              {kind.templates && (
                <Button
                  size="compact-xs"
                  variant="subtle"
                  loading={syncTemplates.isPending && syncTemplates.variables?.id === number.id}
                  onClick={() => syncTemplates.mutate(number)}
                  aria-label={t('connectAccount.syncLabel', { name: number.name })}
                  data-testid="account-sync-templates"
                >
                  {t('connectAccount.sync')}
                </Button>
              )}
            </Group>
          </Stack>
        ))}
      </Stack>
      <Button variant="light" onClick={() => setAdding(true)} w="fit-content" data-testid={`add-account-${messenger}`}>
        {words?.add}
      </Button>
      <ConnectAccountDialog kind={kind} opened={adding} onClose={() => setAdding(false)} />
    </Stack>
  );
}
