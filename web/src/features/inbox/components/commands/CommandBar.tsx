// The command bar (Ctrl+K, issue 26): the open conversation's actions (assign, resolve, snooze, label),
// saved answers filled for it, macros, going to another conversation and searching. Loaded on first use.
import { Kbd, Modal, ScrollArea, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { ChatLabels } from '@switchboard/contract';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../../../lib/api.ts';
import { errorText } from '../../../../lib/errors.ts';
import { useSession } from '../../../auth/index.ts';
import { chatDisplayName, fetchChats, putChat, setChatStatus, type Chat, type ChatStatus } from '../../../conversations/index.ts';
import { fetchCannedResponses } from '../../api/composer.api.ts';
import { insertAnswer } from '../../hooks/useComposerExtras.ts';
import { fetchLabels, fetchMacros, runMacro } from './commands.api.ts';
import './commands.locales.ts';

interface Command {
  id: string;
  group: 'chat' | 'go' | 'answers' | 'macros' | 'labels' | 'search';
  label: string;
  hint?: string;
  run(): Promise<unknown> | void;
}

/** Read when the command runs, not when the bar renders. */
function inAnHour(): Date {
  return new Date(Date.now() + 3_600_000);
}
function tomorrowMorning(): Date {
  const at = new Date();
  at.setDate(at.getDate() + 1);
  at.setHours(9, 0, 0, 0);
  return at;
}

const matches = (command: Command, query: string) =>
  !query || `${command.label} ${command.hint ?? ''}`.toLowerCase().includes(query.toLowerCase());

export function CommandBar({ chat, onClose, onEditMacros }: { chat: Chat | undefined; onClose(): void; onEditMacros(): void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useSession().data;
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const macros = useQuery({ queryKey: ['macros'], queryFn: ({ signal }) => fetchMacros(signal), meta: { silent: true } });
  const labels = useQuery({ queryKey: ['labels'], queryFn: ({ signal }) => fetchLabels(signal), meta: { silent: true } });
  const answers = useQuery({
    queryKey: ['canned-responses', '', chat?.id ?? null],
    queryFn: ({ signal }) => fetchCannedResponses('', chat?.id, signal),
    enabled: Boolean(chat),
    meta: { silent: true },
  });
  const found = useQuery({
    queryKey: ['command-bar', 'chats', query.trim()],
    queryFn: ({ signal }) => fetchChats({ filter: 'all', q: query.trim(), messenger: '', channelId: '' }, null, signal),
    enabled: query.trim().length >= 2,
    meta: { silent: true },
  });

  const refresh = (updated?: Chat) => {
    if (updated) putChat(queryClient, updated);
    void queryClient.invalidateQueries({ queryKey: ['chats'] });
  };
  const commands: Command[] = [];
  if (chat) {
    const id = chat.id;
    const status = (next: ChatStatus, until?: Date | null) =>
      setChatStatus(id, next, next === 'snoozed' ? (until?.toISOString() ?? null) : undefined).then(refresh);
    const assign = (operatorId: number | string | null) =>
      api.post(`/api/chats/${id}/assign`, { operator_id: operatorId === null ? null : Number(operatorId) }).then(() => refresh());
    if (me && String(chat.assigned_operator_id) !== String(me.id))
      commands.push({ id: 'assign-me', group: 'chat', label: t('commands.assignMe'), run: () => assign(me.id) });
    if (chat.assigned_operator_id != null)
      commands.push({ id: 'unassign', group: 'chat', label: t('commands.unassign'), run: () => assign(null) });
    commands.push(
      chat.status === 'resolved'
        ? { id: 'reopen', group: 'chat', label: t('commands.reopen'), run: () => status('open') }
        : { id: 'resolve', group: 'chat', label: t('commands.resolve'), hint: 'E', run: () => status('resolved') },
      { id: 'snooze-hour', group: 'chat', label: t('commands.snoozeHour'), run: () => status('snoozed', inAnHour()) },
      { id: 'snooze-tomorrow', group: 'chat', label: t('commands.snoozeTomorrow'), run: () => status('snoozed', tomorrowMorning()) },
      { id: 'snooze-reply', group: 'chat', label: t('commands.snoozeReply'), run: () => status('snoozed', null) },
    );
    for (const label of labels.data?.results ?? [])
      commands.push({
        id: `label-${label.id}`,
        group: 'labels',
        label: t('commands.label', { name: label.name }),
        run: async () => {
          const current = await api.get<ChatLabels>(`/api/chats/${id}/labels`);
          const ids = new Set([...current.labels.map((item) => item.id), label.id]);
          await api.put(`/api/chats/${id}/labels`, { label_ids: [...ids] });
          refresh();
        },
      });
    for (const answer of answers.data?.results ?? [])
      commands.push({
        id: `answer-${answer.id}`,
        group: 'answers',
        label: t('commands.answer', { shortcut: answer.shortcut }),
        hint: answer.rendered ?? answer.text,
        run: () => insertAnswer(answer.rendered ?? answer.text),
      });
    for (const macro of macros.data?.results ?? [])
      commands.push({
        id: `macro-${macro.id}`,
        group: 'macros',
        label: t('commands.macro', { name: macro.name }),
        run: async () => {
          refresh(await runMacro(macro.id, id));
          notifications.show({ message: t('commands.ran', { name: macro.name }), autoClose: 3000 });
        },
      });
  }
  commands.push({ id: 'edit-macros', group: 'macros', label: t('commands.manageMacros'), run: onEditMacros });
  for (const found_ of found.data?.results ?? [])
    commands.push({
      id: `go-${found_.id}`,
      group: 'go',
      label: chatDisplayName(found_),
      hint: found_.last_message?.text ?? '',
      run: () => void navigate(`/inbox/${found_.id}`),
    });
  const visible = commands.filter((command) => command.group === 'go' || matches(command, query));
  if (query.trim())
    visible.push({
      id: 'search',
      group: 'search',
      label: t('commands.search', { q: query.trim() }),
      run: () => void navigate(`/inbox?q=${encodeURIComponent(query.trim())}`),
    });
  const current = Math.min(active, Math.max(visible.length - 1, 0));

  const perform = async (command: Command | undefined) => {
    if (!command) return;
    setError(null);
    try {
      await command.run();
      if (command.id !== 'edit-macros') onClose();
    } catch (failure) {
      setError(errorText(failure));
    }
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((current + step + visible.length) % Math.max(visible.length, 1));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      void perform(visible[current]);
    }
  };

  return (
    <Modal opened onClose={onClose} title={t('commands.title')} size="lg" data-testid="command-bar">
      <TextInput
        data-autofocus
        value={query}
        placeholder={t('commands.placeholder')}
        aria-label={t('commands.placeholder')}
        onChange={(event) => {
          setQuery(event.currentTarget.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        aria-controls="command-list"
        aria-activedescendant={visible[current] ? `command-${visible[current].id}` : undefined}
      />
      {error && (
        <Text size="sm" c="red" role="alert" mt="xs">
          {error}
        </Text>
      )}
      <ScrollArea.Autosize mah="50vh" mt="sm">
        <Stack gap={2} id="command-list" role="listbox" aria-label={t('commands.title')}>
          {visible.length === 0 && (
            <Text size="sm" c="dimmed">
              {t('commands.nothing')}
            </Text>
          )}
          {visible.map((command, index) => (
            <UnstyledButton
              key={command.id}
              id={`command-${command.id}`}
              role="option"
              aria-selected={index === current}
              onMouseEnter={() => setActive(index)}
              onClick={() => void perform(command)}
              px="sm"
              py={6}
              style={{
                borderRadius: 'var(--mantine-radius-sm)',
                background: index === current ? 'var(--mantine-color-default-hover)' : undefined,
              }}
            >
              <Text size="xs" c="dimmed">
                {t(`commands.groups.${command.group}`)}
              </Text>
              <Text size="sm" fw={500} className="sb-ellipsis">
                {command.label} {command.hint === 'E' && <Kbd size="xs">E</Kbd>}
              </Text>
              {command.hint && command.hint !== 'E' && (
                <Text size="xs" c="dimmed" className="sb-ellipsis">
                  {command.hint}
                </Text>
              )}
            </UnstyledButton>
          ))}
        </Stack>
      </ScrollArea.Autosize>
    </Modal>
  );
}
