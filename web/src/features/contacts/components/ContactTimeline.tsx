// One customer across messengers (issue 24): every message of the contact's conversations in one list, each
// marked with its channel (messenger and account), and a reply box that picks the channel, by default the
// one the customer wrote in last.
import { Box, Button, Group, Select, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MessengerMark } from '../../../components/ui/icons.tsx';
import { formatDateTime } from '../../../lib/dates.ts';
import { errorText } from '../../../lib/errors.ts';
import { displayName } from '../../../lib/safe-display.ts';
import { useChannelKinds } from '../../channels/index.ts';
import type { ContactDetails, ContactTimeline as Timeline } from '../api/contacts.api.ts';
import { useContactTimeline, useSendToContact } from '../hooks/useContacts.ts';

type TimelineMessage = Timeline['results'][number];

/** The messenger's name in the reader's language (from GET /api/channels/kinds), else the family's id. */
function useMessengerNames(): (kind: string, messenger: string) => string {
  const { i18n } = useTranslation();
  const kinds = useChannelKinds().data ?? [];
  const ru = i18n.language.startsWith('ru');
  return (kind, messenger) => {
    const found = kinds.find((item) => item.kind === kind);
    return found ? (ru ? found.vocabulary.ru : found.vocabulary.en).messengerName : messenger;
  };
}

function TimelineEntry({ message, messengerName }: { message: TimelineMessage; messengerName: string }) {
  const { t, i18n } = useTranslation();
  const outgoing = message.direction === 'out';
  if (message.service) return null;
  return (
    <Box
      component="li"
      data-testid="timeline-message"
      data-messenger={message.channel.messenger}
      style={{ alignSelf: outgoing ? 'flex-end' : 'flex-start', maxWidth: '85%' }}
    >
      <Box
        p="xs"
        style={{
          borderRadius: 8,
          background: outgoing ? 'var(--mantine-color-blue-light)' : 'var(--mantine-color-default-hover)',
        }}
      >
        <Group gap={6} wrap="nowrap" mb={4}>
          <MessengerMark type={message.channel.messenger} size={14} />
          <Text size="xs" c="dimmed" data-testid="timeline-channel">
            {t('contacts.timeline.via', { messenger: messengerName, account: displayName(message.channel.name) })}
          </Text>
        </Group>
        <Text size="sm" className="sb-message-text" dir="auto" style={{ whiteSpace: 'pre-wrap' }}>
          {message.text || (message.attachments.length > 0 ? '📎' : '')}
        </Text>
        <Text size="xs" c="dimmed" ta="right">
          {outgoing && message.sender_name ? `${displayName(message.sender_name)} · ` : ''}
          {formatDateTime(message.created_at, i18n.language)}
        </Text>
      </Box>
    </Box>
  );
}

export function ContactTimeline({ contact }: { contact: ContactDetails }) {
  const { t } = useTranslation();
  const timeline = useContactTimeline(contact.id);
  const send = useSendToContact(contact.id);
  const nameOf = useMessengerNames();
  const [text, setText] = useState('');
  const [chosen, setChosen] = useState<string | null>(null);
  const pages = timeline.data?.pages ?? [];
  const replyChatId = pages[0]?.reply_chat_id ?? null;
  // Oldest at the top, as a conversation reads.
  const messages = pages.flatMap((page) => page.results).reverse();
  const chatId = chosen ? Number(chosen) : replyChatId;
  const options = contact.conversations.map((conversation) => {
    const label = `${nameOf(conversation.channel.kind, conversation.channel.kind)} · ${displayName(conversation.channel.name)}`;
    return {
      value: String(conversation.id),
      label:
        conversation.id === replyChatId
          ? t('contacts.timeline.lastUsed', {
              messenger: nameOf(conversation.channel.kind, conversation.channel.kind),
              account: displayName(conversation.channel.name),
            })
          : label,
    };
  });
  const submit = () => {
    if (!text.trim()) return;
    send.mutate({ text, chatId: chosen ? Number(chosen) : null }, { onSuccess: () => setText('') });
  };

  return (
    <Stack gap="sm" data-testid="contact-timeline">
      {timeline.hasNextPage && (
        <Button variant="subtle" size="xs" onClick={() => void timeline.fetchNextPage()} loading={timeline.isFetchingNextPage}>
          {t('contacts.timeline.older')}
        </Button>
      )}
      {timeline.isSuccess && messages.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('contacts.timeline.empty')}
        </Text>
      )}
      <Stack gap={6} component="ul" p={0} m={0} style={{ listStyle: 'none', maxHeight: 480, overflowY: 'auto' }}>
        {messages.map((message) => (
          <TimelineEntry key={message.id} message={message} messengerName={nameOf(message.channel.kind, message.channel.messenger)} />
        ))}
      </Stack>
      {options.length > 0 && (
        <Stack gap="xs">
          <Select
            label={t('contacts.timeline.replyVia')}
            data={options}
            value={chatId ? String(chatId) : null}
            onChange={setChosen}
            allowDeselect={false}
            data-testid="timeline-channel-select"
          />
          <Textarea
            aria-label={t('contacts.timeline.placeholder')}
            placeholder={t('contacts.timeline.placeholder')}
            value={text}
            onChange={(event) => setText(event.currentTarget.value)}
            autosize
            minRows={2}
          />
          {send.isError && (
            <Text size="sm" c="red" role="alert">
              {errorText(send.error)}
            </Text>
          )}
          <Group justify="flex-end">
            <Button onClick={submit} loading={send.isPending} disabled={!text.trim()}>
              {t('contacts.timeline.send')}
            </Button>
          </Group>
        </Stack>
      )}
    </Stack>
  );
}
