import { ActionIcon, Avatar, Box, Center, Group, Loader, Text, Tooltip } from '@mantine/core';
import { Suspense, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { BackIcon, CommandIcon, UserIcon } from '../../../components/ui/icons.tsx';
import { avatarColor, initials } from '../../../lib/avatar.ts';
import { ApiError } from '../../../lib/api.ts';
import { useChannelKind } from '../../channels/index.ts';
import { chatDisplayName } from '../../conversations/index.ts';
import { useChat, useMarkRead } from '../hooks/useInbox.ts';
import { useRealtime } from '../hooks/realtime-context.ts';
import { ChatWorkflowBar } from '../../team/index.ts';
import { FlowIndicator } from '../../flows/index.ts';
import { ReplyStatusNotice } from '../../business/index.ts';
import { ScheduledMessages } from '../../broadcasts/index.ts';
import { TemplatePicker } from '../../templates/index.ts';
import { HandoffNotice, useHandoff } from './HandoffNotice.tsx';
import { MessageList } from './MessageList.tsx';
import { ReplyBox } from './ReplyBox.tsx';
import { StatusMenu } from './StatusMenu.tsx';
import { openCommands } from '../hooks/useOperatorShortcuts.ts';
import { errorText } from '../../../lib/errors.ts';

export function Conversation({
  chatId,
  backTo,
  showBack,
  onToggleContact,
  contactVisible,
}: {
  chatId: string;
  backTo: string;
  showBack: boolean;
  onToggleContact?: () => void;
  contactVisible: boolean;
}) {
  const { t } = useTranslation();
  const chatQuery = useChat(chatId);
  const chat = chatQuery.data;
  const handoff = useHandoff(chatId);
  const markRead = useMarkRead();
  const realtime = useRealtime();
  const scrollRef = useRef<HTMLDivElement>(null);
  const unread = chat?.unread_count ?? 0;
  // What the conversation's account sends at most (its kind's capabilities), for the messages scheduled here.
  const textLimit = useChannelKind(chat?.channel?.kind ?? '')?.capabilities.text.maxLength;

  useEffect(() => {
    realtime.setActiveChat(chatId);
    return () => realtime.setActiveChat(null);
  }, [chatId, realtime]);

  // Opening a conversation reads it; so does coming back to the tab with new messages in it.
  const { mutate: markAsRead } = markRead;
  const markedFor = useRef<string | null>(null);
  useEffect(() => {
    if (!chat) return;
    if (markedFor.current !== chatId || unread > 0) {
      if (document.visibilityState !== 'visible') return;
      markedFor.current = chatId;
      markAsRead(chat.id);
    }
  }, [chat, chatId, unread, markAsRead]);
  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === 'visible' && chat && chat.unread_count > 0) markAsRead(chat.id);
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [chat, markAsRead]);

  if (!chat) {
    if (chatQuery.isError) {
      const notFound = chatQuery.error instanceof ApiError && chatQuery.error.status === 404;
      return (
        <Center h="100%" p="lg">
          <Text c={notFound ? 'dimmed' : 'red'} role="alert">
            {notFound ? t('inbox.chatNotFound') : errorText(chatQuery.error)}
          </Text>
        </Center>
      );
    }
    return (
      <Center h="100%">
        <Loader aria-label={t('common.loading')} />
      </Center>
    );
  }

  const name = chatDisplayName(chat);
  return (
    <Box
      h="100%"
      style={{ display: 'flex', flexDirection: 'column', minHeight: 0 }}
      component="section"
      aria-label={t('inbox.conversationWith', { name })}
    >
      <Group
        h={56}
        px="sm"
        gap="sm"
        wrap="nowrap"
        data-toolbar="conversation-header"
        style={{ borderBottom: '1px solid var(--mantine-color-default-border)', flexShrink: 0 }}
      >
        {showBack && (
          <ActionIcon component={Link} to={backTo} variant="subtle" aria-label={t('inbox.back')} size="lg">
            <BackIcon />
          </ActionIcon>
        )}
        <Avatar radius="xl" size={36} color={avatarColor(chat.contact?.id ?? chat.id)}>
          {initials(name)}
        </Avatar>
        <Box style={{ minWidth: 0, flex: 1 }}>
          <Text fw={600} size="sm" className="sb-ellipsis" dir="auto" data-testid="conversation-title">
            {name}
          </Text>
          <Text size="xs" c="dimmed" className="sb-ellipsis">
            {[
              chat.contact?.username ? `@${chat.contact.username}` : null,
              chat.channel?.name ? t('inbox.via', { name: chat.channel.name }) : null,
            ]
              .filter(Boolean)
              .join(' · ')}
          </Text>
        </Box>
        {!handoff && <StatusMenu chat={chat} />}
        {!handoff && (
          <Tooltip label={t('operator.commands.open')}>
            <ActionIcon
              variant="subtle"
              size="lg"
              onClick={() => openCommands()}
              aria-label={t('operator.commands.open')}
              data-testid="open-commands"
            >
              <CommandIcon />
            </ActionIcon>
          </Tooltip>
        )}
        {onToggleContact && (
          <Tooltip label={contactVisible ? t('contact.hide') : t('contact.show')}>
            <ActionIcon
              variant={contactVisible ? 'light' : 'subtle'}
              size="lg"
              onClick={onToggleContact}
              aria-label={contactVisible ? t('contact.hide') : t('contact.show')}
              aria-pressed={contactVisible}
            >
              <UserIcon />
            </ActionIcon>
          </Tooltip>
        )}
      </Group>
      {!handoff && <ChatWorkflowBar chat={chat} />}
      {!handoff && <FlowIndicator chatId={chat.id} version={chat.last_message?.id} />}
      <MessageList key={String(chat.id)} chat={chat} scrollRef={scrollRef} />
      {handoff ? (
        <HandoffNotice handoff={handoff} />
      ) : (
        <>
          <ReplyStatusNotice chatId={chat.id} channelKind={chat.channel.kind} version={chat.last_message?.id} />
          <Suspense fallback={null}>
            <ScheduledMessages chatId={chat.id} textLimit={textLimit} />
            <TemplatePicker chatId={chat.id} channelKind={chat.channel.kind} version={chat.last_message?.id} />
          </Suspense>
          <ReplyBox key={`reply-${chat.id}`} chat={chat} onSent={() => scrollRef.current?.scrollTo({ top: 0 })} />
        </>
      )}
    </Box>
  );
}
