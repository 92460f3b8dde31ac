import { Box, Button, Group, Text, Tooltip } from '@mantine/core';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { AlertIcon, ClockIcon, CheckIcon, DoubleCheckIcon, PaperclipIcon, RetryIcon } from '../../../components/ui/icons.tsx';
import { formatDateTime, formatTime } from '../../../lib/dates.ts';
import type { Attachment, Message } from '../api/types.ts';

function attachmentLabel(attachment: Attachment, fallback: string): string {
  return attachment.file_name || attachment.kind || attachment.type || fallback;
}

/** One message. Its text is a React text node: markup in a message is shown, never run. */
export const MessageBubble = memo(function MessageBubble({
  message,
  showSender,
  onRetry,
  retrying,
}: {
  message: Message;
  showSender: boolean;
  onRetry(message: Message): void;
  retrying: boolean;
}) {
  const { t, i18n } = useTranslation();
  const outgoing = message.direction === 'out';
  const failed = outgoing && message.status === 'failed';
  const hasText = Boolean(message.text);
  const kindLabel = t(`kinds.${message.kind}`, { defaultValue: `[${message.kind}]` });
  return (
    <Group justify={outgoing ? 'flex-end' : 'flex-start'} px="md" py={3} className="sb-message-row" wrap="nowrap">
      <Box
        maw="min(680px, 82%)"
        px="sm"
        py={6}
        className={`${outgoing ? 'sb-bubble-out' : 'sb-bubble-in'}${failed ? ' sb-bubble-failed' : ''}`}
        style={{ borderRadius: 12, minWidth: 0 }}
        data-testid="message"
        data-message-id={String(message.id)}
        data-direction={message.direction}
        data-status={message.status ?? undefined}
      >
        {showSender && message.sender_name && (
          <Text size="xs" fw={600} c={outgoing ? 'blue' : 'teal'} className="sb-ellipsis" dir="auto">
            {message.sender_name}
            {message.sender_type === 'bot' ? ` · ${t('message.bot')}` : ''}
          </Text>
        )}
        {message.attachments?.length > 0 && (
          <Group gap={6} mb={hasText ? 4 : 0}>
            {message.attachments.map((attachment, index) => (
              <Group key={index} gap={4} wrap="nowrap" c="dimmed">
                <PaperclipIcon size={14} />
                <Text size="xs" className="sb-ellipsis">
                  {attachmentLabel(attachment, kindLabel)}
                </Text>
              </Group>
            ))}
          </Group>
        )}
        {hasText ? (
          <Text size="sm" className="sb-message-text" dir="auto" data-testid="message-text">
            {message.text}
          </Text>
        ) : (
          message.attachments?.length === 0 && (
            <Text size="sm" fs="italic" c="dimmed">
              {kindLabel}
            </Text>
          )
        )}
        <Group gap={4} justify="flex-end" mt={2} wrap="nowrap">
          {message.edited_at && (
            <Text size="xs" c="dimmed">
              {t('message.edited')}
            </Text>
          )}
          <Tooltip label={formatDateTime(message.created_at, i18n.language)} openDelay={400}>
            <Text size="xs" c="dimmed" component="time" dateTime={message.created_at}>
              {formatTime(message.created_at, i18n.language)}
            </Text>
          </Tooltip>
          {outgoing && <DeliveryStatusMark message={message} />}
          {!outgoing && message.read_at && (
            <Tooltip label={t('message.readAt', { time: formatDateTime(message.read_at, i18n.language) })} openDelay={300}>
              <Box c="blue" style={{ lineHeight: 0 }} aria-label={t('message.read')} role="img" data-testid="read-mark">
                <DoubleCheckIcon size={14} />
              </Box>
            </Tooltip>
          )}
        </Group>
        {failed && (
          <Group gap={6} mt={4} wrap="nowrap" align="flex-start" data-testid="message-failed">
            <Text size="xs" c="red" className="sb-message-text" style={{ flex: 1 }} data-testid="failure-reason">
              {t('message.failed', { reason: message.status_reason || t('message.unknownReason') })}
            </Text>
            <Button
              size="compact-xs"
              color="red"
              variant="light"
              leftSection={<RetryIcon size={12} />}
              loading={retrying}
              onClick={() => onRetry(message)}
              aria-label={t('message.retryLabel')}
            >
              {t('message.retry')}
            </Button>
          </Group>
        )}
      </Box>
    </Group>
  );
});

function DeliveryStatusMark({ message }: { message: Message }) {
  const { t } = useTranslation();
  if (message.status === 'queued') {
    return (
      <Box c="dimmed" style={{ lineHeight: 0 }} role="img" aria-label={t('message.queued')} title={t('message.queued')} data-testid="status-queued">
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
  if (message.status === 'failed') {
    return (
      <Box c="red" style={{ lineHeight: 0 }} role="img" aria-label={t('message.notDelivered')} title={t('message.notDelivered')} data-testid="status-failed">
        <AlertIcon size={14} />
      </Box>
    );
  }
  return null;
}
