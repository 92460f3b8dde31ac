// The personal accounts on the accounts card, with bulk selection: pick several (or all), then start, stop or
// remove them at once. Remove asks first (it logs each session out at the messenger). Each account's outcome is
// listed after the run, since one may fail while the others succeed.
import { Alert, Button, Checkbox, Group, List, Modal, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.ts';
import { errorText } from '../../lib/errors.ts';
import { PersonalAccountRow, type PersonalAccountSummary } from './PersonalAccountRow.tsx';

type BulkAction = 'start' | 'stop' | 'remove';
interface Outcome {
  id: string;
  name: string;
  error: string | null;
}

const perform = (action: BulkAction, id: number | string): Promise<unknown> =>
  action === 'remove' ? api.delete(`/api/accounts/${id}`) : api.post(`/api/accounts/${id}/${action}`);

export function PersonalAccountsList({ accounts, onOpen }: { accounts: PersonalAccountSummary[]; onOpen(id: string): void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [running, setRunning] = useState<BulkAction | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [outcomes, setOutcomes] = useState<{ action: BulkAction; list: Outcome[] } | null>(null);
  // Accounts removed elsewhere drop out of the selection.
  const chosen = accounts.filter((account) => selected.has(String(account.id)));
  const allChosen = chosen.length === accounts.length && accounts.length > 0;

  const toggle = (id: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  async function run(action: BulkAction) {
    setConfirming(false);
    setRunning(action);
    const list: Outcome[] = [];
    // One after another: each account's own session is logged in or out in turn, and each outcome is its own.
    for (const account of chosen) {
      const error = await perform(action, account.id).then(
        () => null,
        (failure: unknown) => errorText(failure),
      );
      list.push({ id: String(account.id), name: account.name, error });
    }
    if (action === 'remove') setSelected(new Set(list.filter((each) => each.error).map((each) => each.id)));
    setOutcomes({ action, list });
    setRunning(null);
    await queryClient.invalidateQueries({ queryKey: ['accounts'] });
  }

  return (
    <Stack gap={6}>
      <Group gap="xs" wrap="wrap" data-testid="personal-bulk-bar">
        <Checkbox
          size="xs"
          label={t('personalAccounts.bulk.selectAll')}
          checked={allChosen}
          indeterminate={chosen.length > 0 && !allChosen}
          onChange={(event) => setSelected(event.currentTarget.checked ? new Set(accounts.map((each) => String(each.id))) : new Set())}
        />
        {chosen.length > 0 && (
          <>
            <Text size="xs" c="dimmed">
              {t('personalAccounts.bulk.selected', { count: chosen.length })}
            </Text>
            <Button
              size="compact-xs"
              variant="light"
              loading={running === 'start'}
              disabled={running !== null}
              onClick={() => void run('start')}
            >
              {t('personalAccounts.bulk.start')}
            </Button>
            <Button
              size="compact-xs"
              variant="light"
              loading={running === 'stop'}
              disabled={running !== null}
              onClick={() => void run('stop')}
            >
              {t('personalAccounts.bulk.stop')}
            </Button>
            <Button
              size="compact-xs"
              variant="light"
              color="red"
              loading={running === 'remove'}
              disabled={running !== null}
              onClick={() => setConfirming(true)}
            >
              {t('personalAccounts.bulk.remove')}
            </Button>
          </>
        )}
      </Group>
      {outcomes && (
        <Alert
          color={outcomes.list.some((each) => each.error) ? 'orange' : 'green'}
          role="status"
          p="xs"
          withCloseButton
          closeButtonLabel={t('common.close')}
          onClose={() => setOutcomes(null)}
          data-testid="personal-bulk-results"
        >
          <List size="xs" spacing={2}>
            {outcomes.list.map((each) => (
              <List.Item key={each.id}>
                {each.name}:{' '}
                {each.error ? t('personalAccounts.bulk.failed', { error: each.error }) : t(`personalAccounts.bulk.done.${outcomes.action}`)}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      <Stack gap={6} role="list" aria-label={t('personalAccounts.list')}>
        {accounts.map((account) => (
          <PersonalAccountRow
            key={String(account.id)}
            account={account}
            onOpen={() => onOpen(String(account.id))}
            selected={selected.has(String(account.id))}
            onSelect={(on) => toggle(String(account.id), on)}
          />
        ))}
      </Stack>
      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={t('personalAccounts.bulk.confirmTitle', { count: chosen.length })}
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <Stack gap="sm">
          <Text size="sm">{t('personalAccounts.bulk.confirmText')}</Text>
          <List size="sm">
            {chosen.map((account) => (
              <List.Item key={String(account.id)}>{account.name}</List.Item>
            ))}
          </List>
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={() => setConfirming(false)}>
              {t('personalAccounts.bulk.cancel')}
            </Button>
            <Button color="red" onClick={() => void run('remove')}>
              {t('personalAccounts.bulk.confirmRemove')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
