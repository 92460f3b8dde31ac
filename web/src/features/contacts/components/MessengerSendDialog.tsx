import { Alert, Anchor, Button, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { putSentMessage } from '../../conversations/index.ts';
import { sendMessage } from '../../conversations/index.ts';
import { messageTextLimit } from '../../conversations/index.ts';
import { useChannelKind } from '../../channels/index.ts';
import type { ContactConversation, ContactDetails } from '../api/contacts.api.ts';
import { errorText } from '../../../lib/errors.ts';

function botLabel(conversation: ContactConversation): string {
  const { name, username } = conversation.channel;
  return username ? `${name} (@${username})` : name;
}

/**
 * Seed 000's messenger button: write to the contact from here. The text goes through the inbox's send
 * path (POST /api/chats/:id/messages) into the chosen bot's conversation, so it is in the history too.
 */
export function MessengerSendDialog({
  contact,
  conversations,
  initialChatId,
  messenger,
  opened,
  onClose,
}: {
  contact: Pick<ContactDetails, 'display_name' | 'reachability'>;
  /** The messenger as people know it (its kind's vocabulary): the title and the length hint name it. */
  messenger: string;
  conversations: ContactConversation[];
  initialChatId?: number;
  opened: boolean;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [chatId, setChatId] = useState<string>(String(initialChatId ?? conversations[0]?.id ?? ''));
  const [text, setText] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const chosen = conversations.find((conversation) => String(conversation.id) === chatId);
  const blocked = contact.reachability.find((item) => item.channel_id === chosen?.channel_id && !item.reachable);
  const send = useMutation({
    mutationFn: (body: string) => sendMessage(chatId, body),
    meta: { silent: true },
    onSuccess: (message) => putSentMessage(queryClient, message),
  });
  // The chosen account's own limit (its kind's capabilities); the inbox's default while the kinds load.
  const textLimit = useChannelKind(chosen?.channel.kind ?? '')?.capabilities.text.maxLength ?? messageTextLimit;
  const tooLong = text.length > textLimit;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim() || tooLong || !chosen) return;
    send.mutate(text.trim(), {
      onSuccess: () => {
        setSentTo(chatId);
        setText('');
      },
    });
  };
  const close = () => {
    setSentTo(null);
    send.reset();
    onClose();
  };

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={t('contacts.send.title', { name: contact.display_name, messenger })}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={submit} aria-label={t('contacts.send.title', { name: contact.display_name, messenger })}>
        <Stack gap="sm">
          {conversations.length > 1 && (
            <Select
              label={t('contacts.send.bot')}
              description={t('contacts.send.botHint')}
              data={conversations.map((conversation) => ({ value: String(conversation.id), label: botLabel(conversation) }))}
              value={chatId}
              onChange={(value) => value && setChatId(value)}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
              data-testid="send-bot-select"
            />
          )}
          {conversations.length === 1 && chosen && (
            <Text size="sm" c="dimmed">
              {t('contacts.conversationVia', { bot: botLabel(chosen) })}
            </Text>
          )}
          {blocked && (
            <Alert color="yellow" role="status">
              {t('contacts.send.unreachable', { reason: blocked.reason ?? t('contacts.unknownReason') })}
            </Alert>
          )}
          <Textarea
            label={t('contacts.send.message')}
            placeholder={t('contacts.send.placeholder')}
            autosize
            minRows={3}
            maxRows={10}
            value={text}
            onChange={(event) => {
              setText(event.currentTarget.value);
              setSentTo(null);
            }}
            error={tooLong ? t('contacts.send.tooLong', { limit: textLimit.toLocaleString(), messenger }) : undefined}
            dir="auto"
            data-autofocus
          />
          {send.isError && (
            <Alert color="red" role="alert">
              {errorText(send.error)}
            </Alert>
          )}
          {sentTo && (
            <Alert color="green" role="status" data-testid="message-sent">
              <Stack gap={4}>
                <span>{t('contacts.send.sent', { name: contact.display_name })}</span>
                <Anchor component={Link} to={`/inbox/${sentTo}`} size="sm">
                  {t('contacts.send.openConversation')}
                </Anchor>
              </Stack>
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.close')}
            </Button>
            <Button type="submit" loading={send.isPending} disabled={!text.trim() || tooLong || !chosen}>
              {t('contacts.send.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
