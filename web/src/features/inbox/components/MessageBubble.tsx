import { Box, Button, Center, Group, Text, Tooltip } from '@mantine/core';
import { lazy, memo, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { AlertIcon, ClockIcon, CheckIcon, DoubleCheckIcon, RetryIcon } from '../../../components/ui/icons.tsx';
import { formatDateTime, formatTime } from '../../../lib/dates.ts';
import type { Message } from '../../conversations/index.ts';
import { serviceLineText } from '../service-line.ts';
import { EditedMark } from './media/EditedMark.tsx';
import { kindOf, MessageMedia } from './media/MessageMedia.tsx';
import { displayName } from '../../../lib/safe-display.ts';

const bareKinds = new Set(['sticker', 'video_note', 'dice']);
// Loaded when the first bubble that has one shows (most bubbles have none): it keeps the inbox bundle small.
const MessageMenu = lazy(() => import('./MessageMenu.tsx'));

function bubbleClass(outgoing: boolean, note: boolean, failed: boolean, bare: boolean): string {
  const base = note ? 'sb-bubble-note' : outgoing ? 'sb-bubble-out' : 'sb-bubble-in';
  return `${base}${bare ? ' sb-bubble-bare' : ''}${failed ? ' sb-bubble-failed' : ''}`;
}

/**
 * One bubble: a message, or the items of an album (`messages`, oldest first) shown together.
 * Texts are React text nodes: markup in a message is shown, never run.
 */
type BubbleProps = {
  messages: Message[];
  showSender: boolean;
  onRetry(message: Message): void;
  retrying: boolean;
  /** What the reader may do to this (their own, sent) message through its channel; absent: nothing. */
  changes?: { edit: boolean; delete: boolean };
  onChanged?(message: Message): void;
};

// The history regroups on every new message; a bubble re-renders only when its own messages change.
const sameBubble = (before: BubbleProps, after: BubbleProps) =>
  before.showSender === after.showSender &&
  before.retrying === after.retrying &&
  before.changes?.edit === after.changes?.edit &&
  before.changes?.delete === after.changes?.delete &&
  before.messages.length === after.messages.length &&
  before.messages.every((message, index) => message === after.messages[index]);

export const MessageBubble = memo(function MessageBubble({ messages, showSender, onRetry, retrying, changes, onChanged }: BubbleProps) {
  const { t, i18n } = useTranslation();
  const first = messages[0]!;
  const last = messages.at(-1)!;
  if (first.kind === 'service') return <ServiceLine message={first} />;
  const outgoing = first.direction === 'out';
  const note = first.kind === 'note' || first.is_private === true;
  const failedMessage = outgoing ? messages.find((message) => message.status === 'failed') : undefined;
  const attachments = messages.flatMap((message) => message.attachments ?? []);
  const texts = messages.filter((message) => message.text);
  const bare = texts.length === 0 && attachments.length === 1 && bareKinds.has(kindOf(attachments[0]!));
  const kindLabel = t(`kinds.${first.kind}`, { defaultValue: `[${first.kind}]` });
  return (
    <Group justify={outgoing ? 'flex-end' : 'flex-start'} px="md" py={3} className="sb-message-row" wrap="nowrap">
      <Box
        maw="min(680px, 82%)"
        px={bare ? 0 : 'sm'}
        py={bare ? 0 : 6}
        className={bubbleClass(outgoing, note, Boolean(failedMessage), bare)}
        style={{ borderRadius: 12, minWidth: 0 }}
        data-testid="message"
        data-message-id={String(first.id)}
        data-kind={first.kind}
        data-direction={first.direction}
        data-status={(failedMessage ?? last).status ?? undefined}
        data-album-size={messages.length > 1 ? messages.length : undefined}
        aria-label={messages.length > 1 ? t('media.album', { count: messages.length }) : undefined}
        role={messages.length > 1 ? 'group' : undefined}
      >
        {note && (
          <Text size="xs" fw={600} c="yellow.8" mb={2} data-testid="note-label">
            {t('media.note')}
          </Text>
        )}
        {showSender && first.sender_name && (
          <Text size="xs" fw={600} c={outgoing ? 'blue' : 'teal'} className="sb-ellipsis" dir="auto">
            {displayName(first.sender_name)}
            {first.sender_type === 'bot' ? ` · ${t('message.bot')}` : ''}
          </Text>
        )}
        {attachments.length > 0 && (
          <Box mb={texts.length > 0 ? 4 : 0} mt={showSender && !bare ? 4 : 0}>
            <MessageMedia attachments={attachments} />
          </Box>
        )}
        {texts.map((message) => (
          <Text key={String(message.id)} size="sm" className="sb-message-text" dir="auto" data-testid="message-text">
            {message.text}
          </Text>
        ))}
        {texts.length === 0 && attachments.length === 0 && (
          <Text size="sm" fs="italic" c="dimmed">
            {kindLabel}
          </Text>
        )}
        <Group gap={4} justify="flex-end" mt={2} wrap="nowrap" px={bare ? 4 : 0}>
          {messages.some((message) => message.deleted_at) && (
            <Text size="xs" c="red" fs="italic" data-testid="deleted-mark">
              {t('media.deleted')}
            </Text>
          )}
          {messages.some((message) => message.edited_at) && <EditedMark message={messages.find((message) => message.edited_at)!} />}
          <Tooltip label={formatDateTime(last.created_at, i18n.language)} openDelay={400}>
            <Text size="xs" c="dimmed" component="time" dateTime={last.created_at}>
              {formatTime(last.created_at, i18n.language)}
            </Text>
          </Tooltip>
          {outgoing && !note && <DeliveryStatusMark message={failedMessage ?? last} />}
          {changes && (changes.edit || changes.delete) && (
            <Suspense fallback={null}>
              <MessageMenu message={last} canEdit={changes.edit} canDelete={changes.delete} onChanged={(message) => onChanged?.(message)} />
            </Suspense>
          )}
          {!outgoing && last.read_at && (
            <Tooltip label={t('message.readAt', { time: formatDateTime(last.read_at, i18n.language) })} openDelay={300}>
              <Box c="blue" style={{ lineHeight: 0 }} aria-label={t('message.read')} role="img" data-testid="read-mark">
                <DoubleCheckIcon size={14} />
              </Box>
            </Tooltip>
          )}
        </Group>
        {failedMessage && (
          <Group gap={6} mt={4} wrap="nowrap" align="flex-start" data-testid="message-failed">
            <Text size="xs" c="red" className="sb-message-text" style={{ flex: 1 }} data-testid="failure-reason">
              {t('message.failed', { reason: failedMessage.status_reason || t('message.unknownReason') })}
            </Text>
            <Button
              size="compact-xs"
              color="red"
              variant="light"
              leftSection={<RetryIcon size={12} />}
              loading={retrying}
              onClick={() => onRetry(failedMessage)}
              aria-label={t('message.retryLabel')}
            >
              {t('message.retry')}
            </Button>
          </Group>
        )}
      </Box>
    </Group>
  );
}, sameBubble);

/** Assignment, transfer, resolve …: a small centred line, not a bubble. */
function ServiceLine({ message }: { message: Message }) {
  const { t, i18n } = useTranslation();
  return (
    <Center
      px="md"
      py={4}
      data-testid="message"
      data-message-id={String(message.id)}
      data-kind="service"
      data-direction={message.direction}
    >
      <Text component="div" className="sb-service-line">
        <span data-testid="message-text" dir="auto">
          {message.service ? serviceLineText(message.service, t, i18n.language) : message.text}
        </span>
        {' · '}
        <time dateTime={message.created_at} title={formatDateTime(message.created_at, i18n.language)}>
          {formatTime(message.created_at, i18n.language)}
        </time>
      </Text>
    </Center>
  );
}

function DeliveryStatusMark({ message }: { message: Message }) {
  const { t } = useTranslation();
  if (message.status === 'queued') {
    return (
      <Box
        c="dimmed"
        style={{ lineHeight: 0 }}
        role="img"
        aria-label={t('message.queued')}
        title={t('message.queued')}
        data-testid="status-queued"
      >
        <ClockIcon size={13} />
      </Box>
    );
  }
  if (message.status === 'sent') {
    return (
      <Box c="blue" style={{ lineHeight: 0 }} role="img" aria-label={t('message.sent')} title={t('message.sent')} data-testid="status-sent">
        <CheckIcon size={14} />
      </Box>
    );
  }
  if (message.status === 'delivered' || message.status === 'read') {
    // The messenger's own report: on the customer's device (grey), opened by the customer (blue).
    const label = t(message.status === 'read' ? 'message.readByCustomer' : 'message.delivered');
    return (
      <Box
        c={message.status === 'read' ? 'blue' : 'dimmed'}
        style={{ lineHeight: 0 }}
        role="img"
        aria-label={label}
        title={label}
        data-testid={`status-${message.status}`}
      >
        <DoubleCheckIcon size={14} />
      </Box>
    );
  }
  if (message.status === 'failed') {
    return (
      <Box
        c="red"
        style={{ lineHeight: 0 }}
        role="img"
        aria-label={t('message.notDelivered')}
        title={t('message.notDelivered')}
        data-testid="status-failed"
      >
        <AlertIcon size={14} />
      </Box>
    );
  }
  return null;
}
