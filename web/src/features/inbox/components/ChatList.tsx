import { ActionIcon, Badge, Box, CloseButton, Group, Loader, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useVirtualizer } from '@tanstack/react-virtual';
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CheckIcon, SearchIcon } from '../../../components/ui/icons.tsx';
import { useNow } from '../../../lib/use-now.ts';
import { useLabels, useTeammates } from '../../team/index.ts';
import { useChatList } from '../hooks/useInbox.ts';
import { defaultStatus, useInboxParams } from '../hooks/useInboxParams.ts';
// The status, the filters and saving a view: their own chunk, loaded as the list shows.
const ListFilters = lazy(async () => ({ default: (await import('./ListFilters.tsx')).ListFilters }));
// The bell's settings (switches, the permission prompt) are not needed to show the list: their own chunk.
const AlertSettings = lazy(async () => ({ default: (await import('./AlertSettings.tsx')).AlertSettings }));
// Bulk actions: their own chunk, loaded when selecting starts.
const BulkBar = lazy(() => import('./bulk/BulkBar.tsx'));
import { useChannelKinds } from '../../channels/index.ts';
import { useEnabledMessengers } from '../../settings/index.ts';
import { ChatListItem, chatRowHeight, type RowDirectory } from './ChatListItem.tsx';
import type { Chat } from '../../conversations/index.ts';
import { errorText } from '../../../lib/errors.ts';

/** The conversation list: filters, search by name, and a virtualised list that pages in as it scrolls. */
export function ChatList() {
  const { t, i18n } = useTranslation();
  const { chatId, filter, q, messenger, status, extraFilters, listParams, update, search } = useInboxParams();
  // Names come from the server (seed 000's cards); a messenger no channel module brings has no inbox conversations.
  const messengerName = useEnabledMessengers().data?.find((item) => item.type === messenger)?.name ?? messenger;
  const hasChannels = useChannelKinds().data?.some((kind) => kind.messenger === messenger) ?? true;
  const [searchText, setSearchText] = useState(q);
  const [debouncedSearch] = useDebouncedValue(searchText, 250);
  useEffect(() => {
    if (debouncedSearch !== q) update({ q: debouncedSearch });
  }, [debouncedSearch, q, update]);

  const params = useMemo(() => ({ ...listParams, q }), [listParams, q]);
  const query = useChatList(params);
  const chats = useMemo(() => query.data?.pages.flatMap((page) => page.results) ?? [], [query.data]);
  const now = useNow();
  const team = useTeammates();
  const labels = useLabels();
  // A label added since the labels were loaded: fetch them again so its row shows the name.
  const hasUnknownLabel = labels.isSuccess && chats.some((chat) => chat.label_ids?.some((id) => !labels.byId.has(id)));
  const { refetch: refetchLabels } = labels;
  useEffect(() => {
    if (hasUnknownLabel) void refetchLabels();
  }, [hasUnknownLabel, refetchLabels]);
  const directory = useMemo<RowDirectory>(
    () => ({ teammateNames: new Map([...team.byId].map(([id, member]) => [id, member.name])), labels: labels.byId }),
    [team.byId, labels.byId],
  );
  // Ticked conversations while selecting for a bulk action; null when not selecting.
  const [ticked, setTicked] = useState<Set<Chat['id']> | null>(null);
  const toggle = useCallback(
    (id: Chat['id']) =>
      setTicked((current) => {
        const next = new Set(current);
        if (!next.delete(id)) next.add(id);
        return next;
      }),
    [],
  );
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is meant to re-render this list on scroll
  const virtualizer = useVirtualizer({
    count: chats.length + (query.hasNextPage ? 1 : 0),
    getScrollElement: () => scrollRef.current,
    estimateSize: () => chatRowHeight,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastIndex >= chats.length - 15) void fetchNextPage();
  }, [lastIndex, chats.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  return (
    <Stack gap={0} h="100%" style={{ minHeight: 0 }}>
      <Stack gap="xs" p="sm" style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
        <Group gap="xs" wrap="nowrap">
          <TextInput
            aria-label={t('inbox.searchLabel')}
            placeholder={t('inbox.searchPlaceholder')}
            leftSection={<SearchIcon size={16} />}
            value={searchText}
            onChange={(event) => setSearchText(event.currentTarget.value)}
            rightSection={
              searchText ? <CloseButton size="sm" aria-label={t('inbox.clearSearch')} onClick={() => setSearchText('')} /> : null
            }
            flex={1}
          />
          <ActionIcon
            component={Link}
            to={searchText.trim() ? `/search?q=${encodeURIComponent(searchText.trim())}` : '/search'}
            variant="default"
            size="input-sm"
            aria-label={t('inbox.searchMessages')}
            title={t('inbox.searchMessages')}
          >
            <SearchIcon size={16} />
          </ActionIcon>
          <ActionIcon
            variant={ticked ? 'filled' : 'default'}
            size="input-sm"
            aria-label={t('operator.bulk.select')}
            title={t('operator.bulk.select')}
            aria-pressed={ticked !== null}
            onClick={() => setTicked((current) => (current ? null : new Set()))}
            data-testid="bulk-select"
          >
            <CheckIcon size={16} />
          </ActionIcon>
          <Suspense fallback={<Box w={36} />}>
            <AlertSettings />
          </Suspense>
        </Group>
        <SegmentedControl
          size="xs"
          fullWidth
          aria-label={t('inbox.filterLabel')}
          value={filter}
          onChange={(value) => update({ filter: value })}
          data={[
            { value: 'all', label: t('inbox.filterAll') },
            { value: 'unread', label: t('inbox.filterUnread') },
            { value: 'mine', label: t('team.filterMine') },
            { value: 'unassigned', label: t('team.filterUnassigned') },
          ]}
          data-testid="chat-filter"
        />
        <Suspense fallback={<Box h={30} />}>
          <ListFilters chats={chats} />
        </Suspense>
        {messenger && (
          <Group gap="xs" wrap="nowrap">
            <Badge
              variant="light"
              rightSection={<CloseButton size="xs" aria-label={t('inbox.clearMessenger')} onClick={() => update({ messenger: '' })} />}
            >
              {messengerName}
            </Badge>
          </Group>
        )}
      </Stack>
      {ticked && (
        <Suspense fallback={<Box h={36} />}>
          <BulkBar chats={chats} selected={ticked} onSelect={setTicked} onClose={() => setTicked(null)} />
        </Suspense>
      )}
      <Box
        ref={scrollRef}
        flex={1}
        style={{ overflowY: 'auto', minHeight: 0, contain: 'strict' }}
        role="list"
        aria-label={t('inbox.conversations')}
        aria-busy={query.isFetching}
        data-testid="chat-list"
      >
        {query.isPending && (
          <Group justify="center" p="lg">
            <Loader size="sm" aria-label={t('common.loading')} />
          </Group>
        )}
        {query.isError && !query.data && (
          <Text c="red" size="sm" p="md" role="alert">
            {errorText(query.error)}
          </Text>
        )}
        {query.isSuccess && chats.length === 0 && (
          <Text c="dimmed" size="sm" p="lg" ta="center">
            {q
              ? t('inbox.noMatches')
              : extraFilters > 0 || status !== defaultStatus
                ? t('operator.filters.none')
                : filter === 'unread'
                  ? t('inbox.noUnread')
                  : filter === 'mine'
                    ? t('team.noMine')
                    : filter === 'unassigned'
                      ? t('team.noUnassigned')
                      : messenger && !hasChannels
                        ? t('inbox.noChatsMessenger', { name: messengerName })
                        : t('inbox.noChats')}
          </Text>
        )}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const chat = chats[item.index];
            return (
              <div
                key={chat ? String(chat.id) : 'more'}
                role="listitem"
                style={{
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  width: '100%',
                  height: item.size,
                  transform: `translateY(${item.start}px)`,
                }}
              >
                {chat ? (
                  <ChatListItem
                    chat={chat}
                    selected={String(chat.id) === chatId}
                    search={search}
                    now={now}
                    language={i18n.language}
                    directory={directory}
                    selection={ticked ? { checked: ticked.has(chat.id), toggle } : undefined}
                  />
                ) : (
                  <Group justify="center" h="100%">
                    <Loader size="xs" aria-label={t('common.loading')} />
                  </Group>
                )}
              </div>
            );
          })}
        </div>
      </Box>
    </Stack>
  );
}
