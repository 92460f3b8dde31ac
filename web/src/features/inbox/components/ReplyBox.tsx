import { ActionIcon, Box, Group, Text, Textarea, Tooltip } from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SendIcon } from '../../../components/ui/icons.tsx';
import { readDraft, writeDraft } from '../../../lib/drafts.ts';
import { messageTextLimit, type Chat } from '../api/types.ts';
import { useSendMessage } from '../hooks/useInbox.ts';

const counterFrom = messageTextLimit - 600;

/**
 * Enter sends, Shift+Enter breaks the line. The draft is saved per conversation as it is typed, so
 * switching chats, reloading or an expired session never loses it. Mount with `key={chat.id}`.
 */
export function ReplyBox({ chat, onSent }: { chat: Chat; onSent(): void }) {
  const { t } = useTranslation();
  const chatId = String(chat.id);
  const [text, setTextState] = useState(() => readDraft(chatId));
  const textRef = useRef(text);
  // The text of a send still in flight counts as the draft until the server has it.
  const sending = useRef('');
  const send = useSendMessage(chat.id);
  const setText = (value: string) => {
    textRef.current = value;
    setTextState(value);
  };

  useEffect(() => {
    const timer = setTimeout(() => writeDraft(chatId, text || sending.current), 250);
    return () => clearTimeout(timer);
  }, [chatId, text]);
  // Leaving the conversation (or the page) saves at once whatever the debounce had not.
  useEffect(() => {
    const save = () => writeDraft(chatId, textRef.current || sending.current);
    window.addEventListener('pagehide', save);
    return () => {
      window.removeEventListener('pagehide', save);
      save();
    };
  }, [chatId]);

  const length = text.length;
  const tooLong = length > messageTextLimit;
  const canSend = text.trim().length > 0 && !tooLong;

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (!canSend) return;
    const body = text.trim();
    sending.current = body;
    setText('');
    onSent();
    send.mutate(body, {
      onSuccess: () => {
        sending.current = '';
        writeDraft(chatId, textRef.current);
      },
      onError: () => {
        sending.current = '';
        // Give the text back so nothing is lost; the toast says why it failed.
        if (!textRef.current) setText(body);
      },
    });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.altKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  return (
    <Box component="form" onSubmit={submit} p="sm" style={{ borderTop: '1px solid var(--mantine-color-default-border)' }} aria-label={t('reply.formLabel')}>
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <Textarea
          flex={1}
          autosize
          minRows={1}
          maxRows={8}
          aria-label={t('reply.label')}
          placeholder={t('reply.placeholder')}
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          onKeyDown={onKeyDown}
          error={tooLong ? t('reply.tooLong', { limit: messageTextLimit.toLocaleString() }) : undefined}
          data-testid="reply-input"
          dir="auto"
        />
        <Tooltip label={t('reply.send')}>
          <ActionIcon type="submit" size={36} radius="xl" disabled={!canSend} aria-label={t('reply.send')} data-testid="send-button">
            <SendIcon size={18} />
          </ActionIcon>
        </Tooltip>
      </Group>
      <Group justify="space-between" mt={4} gap="xs" wrap="nowrap">
        <Text size="xs" c="dimmed" visibleFrom="sm">
          {t('reply.hint')}
        </Text>
        {length >= counterFrom && (
          <Text size="xs" c={tooLong ? 'red' : length > messageTextLimit - 100 ? 'orange' : 'dimmed'} aria-live="polite" data-testid="reply-counter">
            {t('reply.counter', { count: length, limit: messageTextLimit })}
          </Text>
        )}
      </Group>
    </Box>
  );
}
