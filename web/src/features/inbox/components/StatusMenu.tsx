import { Badge, Button, Group, Menu, Modal, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MoonZzIcon } from '../../../components/ui/icons.tsx';
import { formatDateTime } from '../../../lib/dates.ts';
import { errorText } from '../../../lib/errors.ts';
import { putChat, setChatStatus, type Chat, type ChatStatus } from '../../conversations/index.ts';

/** Snooze presets, in the reader's local time. */
export function snoozePreset(preset: 'hour' | 'tomorrow' | 'monday', now = new Date()): Date {
  if (preset === 'hour') return new Date(now.getTime() + 3_600_000);
  const at = new Date(now);
  at.setHours(9, 0, 0, 0);
  if (preset === 'tomorrow') at.setDate(at.getDate() + 1);
  else at.setDate(at.getDate() + ((8 - at.getDay()) % 7 || 7));
  return at;
}

/** `yyyy-MM-ddTHH:mm` in local time, what a datetime-local input holds. */
function localInputValue(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function useChatStatus(chat: Pick<Chat, 'id'>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ status, until }: { status: ChatStatus; until?: Date | null }) =>
      setChatStatus(chat.id, status, status === 'snoozed' ? (until?.toISOString() ?? null) : undefined),
    onSuccess: (updated) => putChat(queryClient, updated),
  });
}

/** The header's status: a badge while pending or snoozed, and the menu that snoozes, marks pending or reopens. */
export function StatusMenu({ chat }: { chat: Chat }) {
  const { t, i18n } = useTranslation();
  const change = useChatStatus(chat);
  const [picking, setPicking] = useState(false);
  const [custom, setCustom] = useState('');
  const snooze = (until: Date | null) => change.mutate({ status: 'snoozed', until });
  const badge =
    chat.status === 'snoozed'
      ? chat.snoozed_until
        ? t('operator.status.snoozedUntil', { until: formatDateTime(chat.snoozed_until, i18n.language) })
        : t('operator.status.snoozedUntilReply')
      : chat.status === 'pending'
        ? t('operator.status.pendingBadge')
        : null;

  return (
    <Group gap={6} wrap="nowrap" style={{ flexShrink: 0 }}>
      {badge && (
        <Badge
          variant="light"
          color={chat.status === 'pending' ? 'yellow' : 'violet'}
          data-testid="chat-status-badge"
          className="sb-ellipsis"
          maw={240}
          tt="none"
          title={badge}
          visibleFrom="sm"
        >
          {badge}
        </Badge>
      )}
      <Menu position="bottom-end" withinPortal shadow="md">
        <Menu.Target>
          <Button
            size="compact-sm"
            variant="default"
            leftSection={<MoonZzIcon size={14} />}
            loading={change.isPending}
            aria-label={t('operator.snooze.menu')}
            data-testid="status-menu"
          >
            {t('operator.snooze.button')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>{t('operator.snooze.title')}</Menu.Label>
          <Menu.Item onClick={() => snooze(snoozePreset('hour'))}>{t('operator.snooze.oneHour')}</Menu.Item>
          <Menu.Item onClick={() => snooze(snoozePreset('tomorrow'))}>{t('operator.snooze.tomorrow')}</Menu.Item>
          <Menu.Item onClick={() => snooze(snoozePreset('monday'))}>{t('operator.snooze.nextWeek')}</Menu.Item>
          <Menu.Item onClick={() => snooze(null)} data-testid="snooze-until-reply">
            {t('operator.snooze.untilReply')}
          </Menu.Item>
          <Menu.Item
            onClick={() => {
              setCustom(localInputValue(snoozePreset('tomorrow')));
              setPicking(true);
            }}
            data-testid="snooze-custom"
          >
            {t('operator.snooze.custom')}
          </Menu.Item>
          <Menu.Divider />
          {chat.status !== 'pending' && (
            <Menu.Item onClick={() => change.mutate({ status: 'pending' })} data-testid="mark-pending">
              {t('operator.snooze.markPending')}
            </Menu.Item>
          )}
          {chat.status !== 'open' && (
            <Menu.Item onClick={() => change.mutate({ status: 'open' })} data-testid="reopen">
              {t('operator.snooze.reopen')}
            </Menu.Item>
          )}
        </Menu.Dropdown>
      </Menu>
      <Modal opened={picking} onClose={() => setPicking(false)} title={t('operator.snooze.pickTitle')} size="sm">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            const until = new Date(custom);
            if (Number.isNaN(until.getTime())) return;
            change.mutate({ status: 'snoozed', until }, { onSuccess: () => setPicking(false) });
          }}
        >
          <Stack gap="sm">
            <TextInput
              type="datetime-local"
              label={t('operator.snooze.pickLabel')}
              value={custom}
              onChange={(event) => setCustom(event.currentTarget.value)}
              error={change.error ? errorText(change.error) : undefined}
              data-testid="snooze-time"
              required
            />
            <Group justify="flex-end" gap="xs">
              <Button variant="default" onClick={() => setPicking(false)}>
                {t('operator.snooze.cancel')}
              </Button>
              <Button type="submit" loading={change.isPending}>
                {t('operator.snooze.confirm')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Group>
  );
}
