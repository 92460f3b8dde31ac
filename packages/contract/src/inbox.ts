// The inbox's part of the API: conversations (chats), messages, sending, the queue's workflow and the
// WebSocket's events (labels, saved answers and views: inbox-workflow.ts). Request schemas are what the server's routes validate with (and what the
// OpenAPI page at /docs shows); response types are what the server's serializers return.
import { z } from 'zod';
import { bigIdParam, idField, idParam, pageQueryFields, text } from './primitives.ts';
import type { ServiceLine } from './service-lines.ts';
import { attributeFilterPattern, type AttributeValues } from './attributes.ts';

// ---------- Requests ----------

export const page = pageQueryFields();
/** `/:id` of a conversation, a label, a canned response (integer ids). */
export const idParams = z.object({ id: idParam });
/** `/:id` of a message (bigint ids). */
export const messageIdParams = z.object({ id: bigIdParam });
/** `/:type` of seed 000's messenger paths; checked against the server's messengers by the route. */
export const messengerParams = z.object({ type: z.string() });

export const chatFilters = ['all', 'unread', 'mine', 'unassigned'] as const;
export type ChatFilter = (typeof chatFilters)[number];

/** A conversation's status: pending waits on someone else's move; snoozed waits for a time or the customer. */
export const chatStatuses = ['open', 'pending', 'snoozed', 'resolved'] as const;
export type ChatStatus = (typeof chatStatuses)[number];

/** The list's filters beside the tabs (`filter`) and the search (`q`); a saved view stores them too. */
const chatListFilterFields = {
  /** Only conversations in this status (all of them when absent). */
  status: z.enum(chatStatuses).optional(),
  /** Held by this operator. */
  assignee_id: idParam.optional(),
  /** Carrying this label. */
  label_id: idParam.optional(),
  /** In this team's queue (or held by someone, but belonging to the team). */
  team_id: idParam.optional(),
  /** A messenger family (channel modules' `messenger`). */
  messenger: z.string().max(40).optional(),
  /** One connected account. */
  channel_id: idParam.optional(),
  /** A custom attribute, `contact.<key>` or `conversation.<key>`, equal to `attribute_value` (attributes.ts). */
  attribute: z.string().regex(attributeFilterPattern, { message: 'must be contact.<key> or conversation.<key>' }).optional(),
  attribute_value: text(200).optional(),
};

/** GET /api/chats */
export const chatListQuery = z.object({
  ...page,
  filter: z.enum(chatFilters).default('all'),
  q: text(200).optional(),
  ...chatListFilterFields,
});

/** POST /api/chats/:id/status. `snoozed_until` only with `snoozed`: a future time, or null (the default) for "until the customer writes". */
export const chatStatusBody = z.object({
  status: z.enum(chatStatuses),
  snoozed_until: z.iso.datetime({ offset: true }).nullable().optional(),
});

/** PUT /api/me/notification-settings: any of the three; the others stay as they are. */
export const notificationSettingsBody = z
  .object({ mine: z.boolean(), queue: z.boolean(), sound: z.boolean(), mentions: z.boolean() })
  .partial();
/** An operator's alerts for new customer messages: in their own conversations, in the unassigned queue, with a sound. */
export interface NotificationSettings {
  mine: boolean;
  queue: boolean;
  sound: boolean;
  /** When a colleague mentions them in a private note. */
  mentions: boolean;
}
/** Whether an operator takes new conversations: auto-assignment gives them only to those online. */
export const availabilities = ['online', 'busy', 'offline'] as const;
export type Availability = (typeof availabilities)[number];
/** PUT /api/me/availability */
export const availabilityBody = z.object({ availability: z.enum(availabilities) });
/** GET and PUT /api/me/availability: yours, now. */
export type AvailabilityAnswer = z.infer<typeof availabilityBody>;
/** GET /api/messages */
export const messagePageQuery = z.object(page);
/** GET /api/messages/by_chat */
export const chatMessagesQuery = z.object({ ...page, chat_id: idParam });
/** GET /api/messengers/:type/messages */
export const clientMessagesQuery = z.object({ ...page, client_id: idParam });

/** The longest text a message or note may carry before the channel's own limit is checked. */
export const maxMessageText = 100_000;
/** POST /api/chats/:id/messages, /api/messages/:id/reply: a text, or files from POST /api/upload/ with a caption. */
export const sendBody = z.object({
  text: z.string().max(maxMessageText).default(''),
  media_path: z.string().max(500).optional(),
  media_paths: z.array(z.string().max(500)).max(10).optional(),
});
export type SendBody = z.input<typeof sendBody>;
/** A text alone (seed 000's messenger send, edits). */
export const textBody = z.object({ text: z.string().max(maxMessageText) });
/** POST /api/messengers/:type/messages (seed 000): write to a client through their latest conversation's account. */
export const clientSendBody = textBody.extend({ client_id: idParam, channel_id: idParam.optional() });
/** POST /api/chats/:id/notes */
export const noteBody = z.object({
  text: z.string().max(maxMessageText),
  /** Colleagues @mentioned in the note (GET /api/chats/:id/mentionable): each gets a `mention` event. */
  mentions: z.array(idField).max(20).optional(),
});
export type NoteBody = z.input<typeof noteBody>;

// ---------- Responses ----------

/** POST /api/chats/:id/typing: `sent` is false when a signal went out less than a few seconds ago. */
export interface TypingSignal {
  ok: true;
  sent: boolean;
}

/** A list page: `next_cursor` is passed back unchanged for the next one, null at the end. */
export interface Page<T> {
  results: T[];
  next_cursor: string | null;
}

/** A messenger family as the server names it (a channel module's `messenger`, or one of seed 000's cards). */
export type Messenger = string;

/** A contact as every answer carries it (serializeContact): alone, in a chat, in search results. */
export interface Contact {
  id: number;
  display_name: string;
  /** The messenger's name, shown beside a name staff set. */
  profile_name: string;
  name_set_by_staff: boolean;
  first_name: string | null;
  last_name: string | null;
  username: string | null;
  phone: string | null;
  language_code: string | null;
  tags: string[];
  notes: string;
  /** Custom attributes' values by key (issue 26). */
  attributes: AttributeValues;
}

export interface MessagePreview {
  id: number;
  text: string | null;
  kind?: string;
  direction: 'in' | 'out' | string | null;
  created_at: string | null;
}

export interface Chat {
  id: number;
  messenger: Messenger;
  channel: { id: number; name: string; username: string | null; kind: string };
  chat_type: 'private' | 'group' | 'supergroup' | 'channel' | string;
  title: string | null;
  contact: Contact | null;
  unread_count: number;
  status: ChatStatus | string;
  /** Set while snoozed until a time; null while snoozed until the customer writes, or not snoozed. */
  snoozed_until?: string | null;
  assigned_operator_id: number | null;
  /** The team whose queue it belongs to (issue 26); its members see it while nobody holds it. */
  team_id?: number | null;
  /** The conversation's labels, when the server includes them (and after a change). */
  label_ids?: number[];
  /** The conversation's custom attributes' values by key (issue 26). */
  attributes?: AttributeValues;
  last_message: MessagePreview | null;
  last_message_at: string | null;
  created_at: string;
  /** Issue 26: the worst SLA state in business hours ('breached', 'at_risk'), when the list computed it; null when on time. */
  sla?: SlaState | null;
}

export type SlaState = 'breached' | 'at_risk';

/** delivered and read: the messenger reported the customer's device got it, and that they opened it. */
export type DeliveryStatus = 'queued' | 'sent' | 'delivered' | 'read' | 'failed';

/** A stored file's state (server/src/inbox/media/tables.ts): `url` is set only when `ready`. */
export type DownloadState = 'pending' | 'ready' | 'too_big' | 'failed' | 'expired';

/** A message's file or structured content: the channel's facts, the download state, the URL once stored. */
export interface Attachment {
  kind?: string;
  type?: string;
  file_name?: string | null;
  mime_type?: string | null;
  file_size?: number | null;
  url?: string | null;
  media_id?: number;
  download_state?: DownloadState;
  download_error?: string | null;
  width?: number;
  height?: number;
  duration?: number;
  sticker_format?: 'static' | 'animated' | 'video';
  emoji?: string;
  latitude?: number;
  longitude?: number;
  title?: string;
  address?: string;
  phone_number?: string;
  first_name?: string;
  last_name?: string;
  question?: string;
  [key: string]: unknown;
}

/** An earlier text of an edited message, kept until `until`. */
export interface MessageEdit {
  text: string | null;
  until: string;
}

export interface MessageReaction {
  emoji: string;
  by: 'client' | 'account';
  /** Tells reactors apart (the account is one). */
  key: string;
  /** The reactor's name as the messenger gives it; the operator's for an operator's reaction. */
  name: string;
}

export interface Message {
  id: number;
  chat_id: number;
  direction: 'in' | 'out';
  sender_type: 'client' | 'admin' | 'bot' | 'system';
  sender_name: string | null;
  /** The operator who wrote an outgoing message (they, or an admin, may change or delete it). */
  sender_staff_id?: number | null;
  kind: string;
  text: string | null;
  /** A service line's code and parameters, rendered in the reader's language (text is empty for new ones). */
  service?: ServiceLine | null;
  entities: unknown;
  attachments: Attachment[];
  external_message_id: string | number | null;
  reply_to_external_id: string | number | null;
  status: DeliveryStatus | string | null;
  status_reason: string | null;
  read_at: string | null;
  edited_at: string | null;
  edit_history?: MessageEdit[];
  /** When the customer deleted it in the messenger (the message stays, marked). */
  deleted_at?: string | null;
  /** Reactions under the message: the customer's ('client') and the account's ('account', set by its owner or an operator). */
  reactions?: MessageReaction[];
  media_group_id?: string | null;
  is_private?: boolean;
  created_at: string;
}

export interface MessageStatusUpdate {
  id: Message['id'];
  chat_id: Message['chat_id'];
  status: DeliveryStatus;
  status_reason: string | null;
  external_message_id: Message['external_message_id'];
}

/** What /ws/messages sends. */
/** A chat as an event to the whole team carries it: unread counts are per reader (read markers). */
export type TeamChat = Omit<Chat, 'unread_count'> & { unread_count?: number };

export type ServerEvent =
  | { type: 'initial_chats'; chats: Chat[]; chunk: number; total_chunks: number }
  // Chats sent to the whole team carry no unread_count (it is each reader's own); a read sent to its reader does.
  | { type: 'new_message'; seq: number; message: Message; chat: TeamChat }
  | { type: 'chat_updated'; seq: number; chat: TeamChat; label_ids?: number[]; read_message_ids?: Array<Message['id']> }
  | {
      type: 'chat_assigned';
      seq: number;
      chat_id: Chat['id'];
      operator_id: number | null;
      previous_operator_id: number | null;
      /** The team whose queue it is in now (issue 26). */
      team_id?: number | null;
      note: string | null;
    }
  | { type: 'chat_removed'; seq: number; chat_id: Chat['id']; operator_id?: number | null; operator_name?: string | null }
  | { type: 'message_status'; seq: number; message: MessageStatusUpdate }
  | { type: 'message_updated'; seq: number; message: Message }
  | { type: 'mention'; seq: number; chat_id: Chat['id']; message_id: Message['id']; by: string; text: string }
  | { type: 'resync_required' }
  | { type: 'pong' }
  | { type: 'chat_messages'; chat_id: Chat['id']; messages: Message[] }
  | { type: 'ready'; seq: number };
