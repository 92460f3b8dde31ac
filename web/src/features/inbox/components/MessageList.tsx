import { ActionIcon, Box, Center, Divider, Loader, Text } from '@mantine/core';
import { Fragment, useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { ArrowDownIcon } from '../../../components/ui/icons.tsx';
import { dayKey, formatDayLabel } from '../../../lib/dates.ts';
import { useNow } from '../../../lib/use-now.ts';
import type { Chat, Message } from '../../conversations/index.ts';
import { useMessages, useRetryMessage } from '../hooks/useInbox.ts';
import { useQueryClient } from '@tanstack/react-query';
import { putMessage } from '../../conversations/index.ts';
import { useScrollToMessage } from '../hooks/useScrollToMessage.ts';
import { MessageBubble } from './MessageBubble.tsx';
import { groupAlbums } from './media/albums.ts';
import { errorText } from '../../../lib/errors.ts';
import { useSession } from '../../auth/index.ts';
import { useChannelKind } from '../../channels/index.ts';

/**
 * The incoming messages this operator had not read when the conversation opened: the "new messages"
 * line goes above the oldest of them. Unread is per operator, so the count comes from the chat
 * (the reader's own), not from a message's `read_at` (the first read by anyone on the team).
 */
export function findFirstUnread(newestFirst: Message[], unreadCount: number): Message['id'] | null {
  let first: Message['id'] | null = null;
  let left = unreadCount;
  for (const message of newestFirst) {
    if (left <= 0) break;
    if (message.direction !== 'in') continue;
    first = message.id;
    left -= 1;
  }
  return first;
}

/**
 * History, newest at the bottom. The scroller is `column-reverse`, so it opens at the latest message,
 * stays there as messages arrive, and keeps its place when older pages load above.
 */
export function MessageList({ chat, scrollRef }: { chat: Chat; scrollRef: RefObject<HTMLDivElement | null> }) {
  const { t, i18n } = useTranslation();
  const query = useMessages(String(chat.id));
  const retry = useRetryMessage();
  const messages = useMemo(() => query.data?.pages.flatMap((page) => page.results) ?? [], [query.data]);
  const entries = useMemo(() => groupAlbums(messages), [messages]);
  const [firstUnread, setFirstUnread] = useState<Message['id'] | null | undefined>(undefined);
  // The count as the conversation opened, before opening it reads it.
  const [unreadWhenOpened] = useState(chat.unread_count);
  const [awayFromLatest, setAwayFromLatest] = useState(false);
  const sentinel = useRef<HTMLDivElement>(null);
  const now = useNow();
  const isGroup = chat.chat_type !== 'private';
  const me = useSession().data;
  const queryClient = useQueryClient();
  const kind = useChannelKind(chat.channel.kind);
  /** An operator's own sent single message (an admin: any operator's), where the channel can change or delete it. */
  const changesOf = (messages: Message[]) => {
    const message = messages[0]!;
    if (messages.length > 1 || !me || !kind || (!kind.can_edit_sent && !kind.can_delete_sent)) return undefined;
    if (message.direction !== 'out' || message.sender_type !== 'admin' || message.status !== 'sent' || message.deleted_at) return undefined;
    if (message.sender_staff_id !== me.id && me.role !== 'admin') return undefined;
    return { edit: Boolean(kind.can_edit_sent), delete: Boolean(kind.can_delete_sent) };
  };
  // A search result opens the conversation at its message (#message-<id>).
  useScrollToMessage();

  // Taken once, when the history first loads: reading the conversation must not move the line.
  if (firstUnread === undefined && query.isSuccess) setFirstUnread(findFirstUnread(messages, unreadWhenOpened));

  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  useEffect(() => {
    const root = scrollRef.current;
    const target = sentinel.current;
    if (!root || !target || !hasNextPage) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
      },
      { root, rootMargin: '600px 0px 0px 0px' },
    );
    observer.observe(target);
    return () => observer.disconnect();
  }, [scrollRef, hasNextPage, isFetchingNextPage, fetchNextPage, messages.length]);
  const labels = { today: t('dates.today'), yesterday: t('dates.yesterday') };
  return (
    <Box pos="relative" flex={1} style={{ minHeight: 0, display: 'flex' }}>
      <Box
        ref={scrollRef}
        flex={1}
        py="sm"
        style={{ overflowY: 'auto', display: 'flex', flexDirection: 'column-reverse', overflowAnchor: 'none' }}
        onScroll={(event) => setAwayFromLatest(event.currentTarget.scrollTop < -400)}
        role="log"
        aria-live="polite"
        aria-relevant="additions"
        aria-label={t('inbox.history')}
        tabIndex={0}
        data-testid="message-list"
      >
        {entries.map((entry, index) => {
          // An album is one entry: its oldest item stands for it against the entries around it.
          const message = entry.messages[0]!;
          const older = entries[index + 1]?.messages.at(-1);
          const startsDay = older ? dayKey(older.created_at) !== dayKey(message.created_at) : !hasNextPage;
          const previous = older && !startsDay ? older : undefined;
          const showSender =
            (isGroup && message.direction === 'in') ||
            (message.direction === 'out' && message.sender_type !== 'admin') ||
            (message.direction === 'out' && previous?.direction === 'out' && previous.sender_name !== message.sender_name);
          const ids = entry.messages.map((item) => String(item.id));
          return (
            <Fragment key={entry.key}>
              <MessageBubble
                messages={entry.messages}
                showSender={showSender}
                onRetry={(failed) => retry.mutate(failed)}
                retrying={retry.isPending && ids.includes(String(retry.variables?.id))}
                changes={changesOf(entry.messages)}
                onChanged={(changed) => putMessage(queryClient, changed)}
              />
              {firstUnread != null && ids.includes(String(firstUnread)) && (
                <Divider my="xs" mx="md" color="blue" labelPosition="center" label={t('inbox.newMessages')} data-testid="unread-divider" />
              )}
              {startsDay && (
                <Center py="xs" data-testid="day-separator">
                  <Text
                    size="xs"
                    c="dimmed"
                    px="sm"
                    py={2}
                    bg="var(--mantine-color-default)"
                    style={{ borderRadius: 999, border: '1px solid var(--mantine-color-default-border)' }}
                  >
                    {formatDayLabel(message.created_at, now, i18n.language, labels)}
                  </Text>
                </Center>
              )}
            </Fragment>
          );
        })}
        {query.isSuccess && messages.length === 0 && (
          <Center flex={1}>
            <Text c="dimmed" size="sm">
              {t('inbox.emptyHistory')}
            </Text>
          </Center>
        )}
        {(query.isPending || isFetchingNextPage) && (
          <Center py="sm">
            <Loader size="sm" aria-label={t('common.loading')} />
          </Center>
        )}
        {query.isError && (
          <Text c="red" size="sm" ta="center" p="md" role="alert">
            {errorText(query.error)}
          </Text>
        )}
        <div ref={sentinel} style={{ minHeight: 1 }} />
      </Box>
      {awayFromLatest && (
        <ActionIcon
          pos="absolute"
          bottom={16}
          right={20}
          radius="xl"
          size="lg"
          variant="default"
          aria-label={t('inbox.jumpToLatest')}
          onClick={() => scrollRef.current?.scrollTo({ top: 0, behavior: 'smooth' })}
          style={{ boxShadow: 'var(--mantine-shadow-md)' }}
        >
          <ArrowDownIcon />
        </ActionIcon>
      )}
    </Box>
  );
}
