import { ActionIcon, Box, Button, Group, Popover, Stack, Text, TextInput, Textarea } from '@mantine/core';
import type { ScheduledMessageBody, ScheduledMessageList } from '@switchboard/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../lib/api.ts';
import { formatDateTime } from '../../../lib/dates.ts';
import { errorText } from '../../../lib/errors.ts';
import { addTranslations } from '../../../lib/i18n.ts';
import { useEnabledApps } from '../../../lib/use-enabled-apps.ts';

// Loaded with the inbox's conversation, not the broadcasts page: its few strings come with it.
addTranslations({
  scheduled: {
    en: {
      button: 'Schedule a message',
      text: 'Message',
      at: 'Send at (your time)',
      save: 'Schedule',
      waiting: 'Scheduled for {{at}}: {{text}}',
      cancel: 'Cancel it',
      edit: 'Change',
    },
    ru: {
      button: 'Запланировать сообщение',
      text: 'Сообщение',
      at: 'Когда отправить (ваше время)',
      save: 'Запланировать',
      waiting: 'Запланировано на {{at}}: {{text}}',
      cancel: 'Отменить',
      edit: 'Изменить',
    },
  },
});

const toLocalInput = (iso: string) => {
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

/** Messages waiting to go in one conversation: listed above the composer, edited or cancelled until they go. */
/** `textLimit`: the longest message the conversation's account sends (its kind's capabilities; the server checks it too). */
export function ScheduledMessages({ chatId, textLimit }: { chatId: number | string; textLimit?: number }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const key = ['scheduled-messages', String(chatId)];
  const enabled = useEnabledApps().isEnabled('broadcasts');
  const list = useQuery({
    enabled,
    queryKey: key,
    queryFn: () => api.get<ScheduledMessageList>(`/api/chats/${chatId}/scheduled-messages`).then((page) => page.results),
    refetchInterval: 15_000,
  });
  const [open, setOpen] = useState(false);
  const [editing, setEditing] = useState<number | null>(null);
  const [text, setText] = useState('');
  const [at, setAt] = useState('');
  const save = useMutation({
    mutationFn: () => {
      const body = { text, send_at: new Date(at).toISOString() } satisfies ScheduledMessageBody;
      return editing === null
        ? api.post(`/api/chats/${chatId}/scheduled-messages`, body)
        : api.patch(`/api/scheduled-messages/${editing}`, body);
    },
    onSuccess: () => {
      setOpen(false);
      setEditing(null);
      setText('');
      void queryClient.invalidateQueries({ queryKey: key });
    },
    meta: { silent: true },
  });
  const cancel = useMutation({
    mutationFn: (id: number) => api.delete(`/api/scheduled-messages/${id}`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: key }),
  });
  const pending = (list.data ?? []).filter((row) => row.state === 'pending');
  if (!enabled) return null;

  return (
    <Box px="sm" pt={4}>
      <Stack gap={2}>
        {pending.map((row) => (
          <Group key={row.id} gap="xs" wrap="nowrap" data-testid="scheduled-message">
            <Text size="xs" c="dimmed" style={{ flex: 1, minWidth: 0 }} truncate>
              {t('scheduled.waiting', { at: formatDateTime(row.send_at, i18n.language), text: row.text })}
            </Text>
            <Button
              size="compact-xs"
              variant="subtle"
              onClick={() => {
                setEditing(row.id);
                setText(row.text);
                setAt(toLocalInput(row.send_at));
                setOpen(true);
              }}
            >
              {t('scheduled.edit')}
            </Button>
            <Button size="compact-xs" variant="subtle" color="red" onClick={() => cancel.mutate(row.id)}>
              {t('scheduled.cancel')}
            </Button>
          </Group>
        ))}
      </Stack>
      <Popover opened={open} onChange={setOpen} position="top-start" withArrow trapFocus>
        <Popover.Target>
          <ActionIcon variant="subtle" size="sm" aria-label={t('scheduled.button')} onClick={() => setOpen((value) => !value)}>
            ⏲
          </ActionIcon>
        </Popover.Target>
        <Popover.Dropdown>
          <Stack gap="xs" w={300} component="form" onSubmit={(event) => (event.preventDefault(), save.mutate())}>
            <Textarea
              label={t('scheduled.text')}
              value={text}
              onChange={(event) => setText(event.currentTarget.value)}
              autosize
              minRows={2}
              maxLength={textLimit}
              required
            />
            <TextInput
              type="datetime-local"
              label={t('scheduled.at')}
              value={at}
              onChange={(event) => setAt(event.currentTarget.value)}
              required
            />
            {save.error && (
              <Text size="xs" c="red" role="alert">
                {errorText(save.error)}
              </Text>
            )}
            <Button type="submit" size="xs" disabled={!text.trim() || !at} loading={save.isPending}>
              {t('scheduled.save')}
            </Button>
          </Stack>
        </Popover.Dropdown>
      </Popover>
    </Box>
  );
}
