import { useCallback, useMemo } from 'react';
import { useParams, useSearchParams } from 'react-router';
import type { ChatFilter, ChatListParams, ChatStatus, Messenger, SavedViewFilters } from '../../conversations/index.ts';

// A messenger family as the server names them (channel modules' `messenger`); the server refuses unknown ones.
const messengerPattern = /^[a-z][a-z0-9_-]{0,39}$/;
const filters = new Set<string>(['all', 'unread', 'mine', 'unassigned']);
export const chatStatuses: readonly ChatStatus[] = ['open', 'pending', 'snoozed', 'resolved'];
const idPattern = /^[1-9][0-9]{0,9}$/;
// A custom attribute as the server names it (contract: attributeFilterPattern).
const attributePattern = /^(contact|conversation)\.[a-z][a-z0-9_]{0,39}$/;

/** The list's status when the address names none: the work at hand. `status=all` shows every status. */
export const defaultStatus: ChatStatus = 'open';

export type InboxParamChanges = Partial<{
  filter: ChatFilter;
  q: string;
  messenger: Messenger | '';
  channel_id: string;
  status: ChatStatus | 'all';
  assignee_id: string;
  label_id: string;
  attribute: string;
  attribute_value: string;
  team_id: string;
}>;

/** The address's query for a saved view's filters (what `filtersOfSearch` reads back). */
export function searchOfFilters(view: SavedViewFilters): string {
  const search = new URLSearchParams();
  if (view.filter && view.filter !== 'all') search.set('filter', view.filter);
  if (view.q) search.set('q', view.q);
  search.set('status', view.status ?? 'all');
  if (view.assignee_id) search.set('assignee_id', String(view.assignee_id));
  if (view.label_id) search.set('label_id', String(view.label_id));
  if (view.team_id) search.set('team_id', String(view.team_id));
  if (view.messenger) search.set('messenger', view.messenger);
  if (view.channel_id) search.set('channel_id', String(view.channel_id));
  if (view.attribute) search.set('attribute', view.attribute);
  if (view.attribute && view.attribute_value) search.set('attribute_value', view.attribute_value);
  return search.toString();
}

/** Reads the list's filters from an address's query, as a saved view keeps them. */
export function filtersOfSearch(searchParams: URLSearchParams): SavedViewFilters {
  const view: SavedViewFilters = {};
  const filter = searchParams.get('filter') ?? '';
  if (filters.has(filter) && filter !== 'all') view.filter = filter as ChatFilter;
  const q = searchParams.get('q')?.trim();
  if (q) view.q = q;
  const status = searchParams.get('status') ?? defaultStatus;
  if ((chatStatuses as readonly string[]).includes(status)) view.status = status as ChatStatus;
  for (const key of ['assignee_id', 'label_id', 'team_id', 'channel_id'] as const) {
    const value = searchParams.get(key) ?? '';
    if (idPattern.test(value)) view[key] = Number(value);
  }
  const messenger = searchParams.get('messenger') ?? '';
  if (messengerPattern.test(messenger)) view.messenger = messenger;
  const attribute = searchParams.get('attribute') ?? '';
  const attributeValue = searchParams.get('attribute_value')?.trim().slice(0, 200) ?? '';
  if (attributePattern.test(attribute) && attributeValue) Object.assign(view, { attribute, attribute_value: attributeValue });
  return view;
}

/** The inbox's state lives in the URL: a link or a reload shows the same list and conversation. */
export function useInboxParams() {
  const { chatId } = useParams();
  const [searchParams, setSearchParams] = useSearchParams();
  const filterParam = searchParams.get('filter') ?? '';
  const filter: ChatFilter = filters.has(filterParam) ? (filterParam as ChatFilter) : 'all';
  const q = searchParams.get('q') ?? '';
  const messengerParam = searchParams.get('messenger') ?? '';
  const messenger: Messenger | '' = messengerPattern.test(messengerParam) ? messengerParam : '';
  const channelId = idPattern.test(searchParams.get('channel_id') ?? '') ? searchParams.get('channel_id')! : '';
  const statusParam = searchParams.get('status') ?? defaultStatus;
  const status: ChatStatus | 'all' = (chatStatuses as readonly string[]).includes(statusParam) ? (statusParam as ChatStatus) : 'all';
  const assigneeId = idPattern.test(searchParams.get('assignee_id') ?? '') ? searchParams.get('assignee_id')! : '';
  const labelId = idPattern.test(searchParams.get('label_id') ?? '') ? searchParams.get('label_id')! : '';
  const attributeValue = searchParams.get('attribute_value')?.trim().slice(0, 200) ?? '';
  // An attribute without a value filters nothing yet (the value box is still empty).
  const attribute = attributePattern.test(searchParams.get('attribute') ?? '') ? searchParams.get('attribute')! : '';
  const teamId = idPattern.test(searchParams.get('team_id') ?? '') ? searchParams.get('team_id')! : '';

  const update = useCallback(
    (changes: InboxParamChanges) => {
      setSearchParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [key, value] of Object.entries(changes)) {
            if (key === 'status') {
              if (value === defaultStatus) next.delete(key);
              else next.set(key, value || 'all');
            } else if (!value || (key === 'filter' && value === 'all')) next.delete(key);
            else next.set(key, value);
          }
          return next;
        },
        { replace: true },
      );
    },
    [setSearchParams],
  );

  const search = searchParams.toString();
  const listParams = useMemo<Omit<ChatListParams, 'q'>>(
    () => ({
      filter,
      messenger,
      channelId,
      ...(status === 'all' ? {} : { status }),
      ...(assigneeId ? { assigneeId } : {}),
      ...(labelId ? { labelId } : {}),
      ...(attribute && attributeValue ? { attribute, attributeValue } : {}),
      ...(teamId ? { teamId } : {}),
    }),
    [filter, messenger, channelId, status, assigneeId, labelId, teamId, attribute, attributeValue],
  );
  /** Filters beyond the tabs and the status (shown as a count on the Filters button). */
  const extraFilters = [assigneeId, labelId, teamId, messenger, channelId, attribute && attributeValue].filter(Boolean).length;
  return {
    chatId,
    filter,
    q,
    messenger,
    channelId,
    status,
    assigneeId,
    labelId,
    attribute,
    attributeValue,
    teamId,
    extraFilters,
    listParams,
    update,
    search: search ? `?${search}` : '',
  };
}
