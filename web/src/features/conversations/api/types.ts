// The inbox's server shapes (GET /api/chats, /api/messages/by_chat, the /ws/messages events) are the
// API contract's (packages/contract/src/inbox.ts); only what the web app itself adds is declared here.
import type { Chat, ChatFilter, ChatStatus, Message, Messenger } from '@switchboard/contract';

export type {
  Attachment,
  Chat,
  ChatFilter,
  ChatStatus,
  Contact,
  DeliveryStatus,
  DownloadState,
  Message,
  MessageEdit,
  MessagePreview,
  MessageStatusUpdate,
  Messenger,
  SavedView,
  SavedViewFilters,
  ServerEvent,
  TeamChat,
} from '@switchboard/contract';

/** A conversation's id as the app holds it: a number from the server, or the text of the address (/chat/:id). */
export type ChatId = Chat['id'] | string;
/** A message's id, likewise. */
export type MessageId = Message['id'] | string;

/** What a chat list is asked for: the server filters, and realtime updates must match the same rules. */
export interface ChatListParams {
  filter: ChatFilter;
  q: string;
  messenger: Messenger | '';
  channelId: string;
  /** One status, or every status when absent. */
  status?: ChatStatus;
  /** Held by this operator (an id). */
  assigneeId?: string;
  /** Carrying this label (an id). */
  labelId?: string;
  /** A custom attribute (`contact.<key>` or `conversation.<key>`) equal to `attributeValue`. */
  attribute?: string;
  attributeValue?: string;
  teamId?: string;
}

/** Notes' limit, and a reply's until the channel's own limits (GET /api/channels/kinds) have loaded. */
export const messageTextLimit = 4096;
