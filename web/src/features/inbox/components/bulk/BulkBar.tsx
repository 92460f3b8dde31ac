// Bulk actions on the conversation list (issue 26): with conversations ticked, assign, label, snooze or resolve
// them all in one request (POST /api/chats/bulk). The server does each conversation whole or not at all and says
// which it refused and why; the bar shows that, and the list is fetched again (realtime events follow as well).
import { Button, Checkbox, CloseButton, Group, Menu, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { BulkAnswer, MacroAction } from '@switchboard/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../../../lib/api.ts';
import { codeText, errorText } from '../../../../lib/errors.ts';
import { useSession } from '../../../auth/index.ts';
import { inboxKeys, type Chat } from '../../../conversations/index.ts';
import { useLabels, useTeammates, useTeams } from '../../../team/index.ts';
import './bulk.locales.ts';

type BulkAction = Extract<MacroAction, { type: 'label' | 'assign' | 'snooze' | 'resolve' }>;

/** Minutes from now until 9:00 tomorrow, read when the action runs. */
function minutesToTomorrowMorning(): number {
  const at = new Date();
  at.setDate(at.getDate() + 1);
  at.setHours(9, 0, 0, 0);
  return Math.max(1, Math.round((at.getTime() - Date.now()) / 60_000));
}

export default function BulkBar({
  chats,
  selected,
  onSelect,
  onClose,
}: {
  chats: Chat[];
  selected: ReadonlySet<Chat['id']>;
  onSelect(next: Set<Chat['id']>): void;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const me = useSession().data;
  const team = useTeammates();
  const labels = useLabels();
  const teams = useTeams();
  const run = useMutation({
    mutationFn: (action: BulkAction) => api.post<BulkAnswer>('/api/chats/bulk', { chat_ids: [...selected].map(Number), actions: [action] }),
    meta: { silent: true },
    onSuccess: ({ results }) => {
      const done = results.filter((item) => item.done);
      const refused = results.filter((item) => !item.done);
      void queryClient.invalidateQueries({ queryKey: inboxKeys.chatLists });
      notifications.show({
        color: refused.length ? 'yellow' : 'green',
        message: [
          t('bulk.done', { n: done.length }),
          refused.length ? t('bulk.refused', { n: refused.length, reason: codeText(refused[0]!.error.code) }) : null,
        ]
          .filter(Boolean)
          .join(' · '),
        autoClose: refused.length ? 8000 : 3000,
      });
      // What was refused stays ticked, so it can be looked at or tried again.
      onSelect(new Set(refused.map((item) => item.chat_id)));
    },
    onError: (failure) => notifications.show({ color: 'red', message: errorText(failure) }),
  });
  const allShown = chats.length > 0 && chats.every((chat) => selected.has(chat.id));
  const busy = run.isPending || selected.size === 0;
  const colleagues = (team.data ?? []).filter((member) => member.is_active && member.id !== me?.id);

  return (
    <Stack gap={6} px="sm" py={6} data-testid="bulk-bar" style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
      <Group gap={6} wrap="nowrap">
        <Checkbox
          size="xs"
          checked={allShown}
          indeterminate={!allShown && selected.size > 0}
          aria-label={t('bulk.selectAll')}
          onChange={() => onSelect(allShown ? new Set() : new Set(chats.map((chat) => chat.id)))}
        />
        <Text size="xs" fw={600} style={{ flex: 1, minWidth: 64 }} data-testid="bulk-count">
          {t('bulk.selected', { n: selected.size })}
        </Text>
        <CloseButton size="sm" aria-label={t('bulk.cancel')} onClick={onClose} />
      </Group>
      <Group gap={6} wrap="nowrap">
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <Button size="compact-xs" variant="default" disabled={busy}>
              {t('bulk.assign')}
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item onClick={() => run.mutate({ type: 'assign', operator_id: 'me' })}>{t('bulk.assignMe')}</Menu.Item>
            {me?.role === 'admin' &&
              colleagues.map((member) => (
                <Menu.Item key={member.id} onClick={() => run.mutate({ type: 'assign', operator_id: member.id })}>
                  {t('bulk.assignTo', { name: member.name })}
                </Menu.Item>
              ))}
            <Menu.Item onClick={() => run.mutate({ type: 'assign', operator_id: null })}>{t('bulk.unassign')}</Menu.Item>
            {(teams.data ?? []).length > 0 && <Menu.Label>{t('bulk.toTeam')}</Menu.Label>}
            {(teams.data ?? []).map((item) => (
              <Menu.Item key={item.id} onClick={() => run.mutate({ type: 'assign', operator_id: null, team_id: item.id })}>
                {t('bulk.teamQueue', { name: item.name })}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <Button size="compact-xs" variant="default" disabled={busy}>
              {t('bulk.label')}
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            {(labels.data ?? []).length === 0 && <Menu.Label>{t('bulk.noLabels')}</Menu.Label>}
            {(labels.data ?? []).map((label) => (
              <Menu.Item key={label.id} onClick={() => run.mutate({ type: 'label', label_id: label.id })}>
                {label.name}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <Button size="compact-xs" variant="default" disabled={busy}>
              {t('bulk.snooze')}
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item onClick={() => run.mutate({ type: 'snooze', minutes: 60 })}>{t('bulk.snoozeHour')}</Menu.Item>
            <Menu.Item onClick={() => run.mutate({ type: 'snooze', minutes: minutesToTomorrowMorning() })}>
              {t('bulk.snoozeTomorrow')}
            </Menu.Item>
            <Menu.Item onClick={() => run.mutate({ type: 'snooze', minutes: null })}>{t('bulk.snoozeReply')}</Menu.Item>
          </Menu.Dropdown>
        </Menu>
        <Button size="compact-xs" disabled={busy} ml="auto" loading={run.isPending} onClick={() => run.mutate({ type: 'resolve' })}>
          {t('bulk.resolve')}
        </Button>
      </Group>
    </Stack>
  );
}
