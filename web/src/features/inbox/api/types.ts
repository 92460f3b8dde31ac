// The inbox's server shapes (GET /api/chats, /api/messages/by_chat, the /ws/messages events).

export type Messenger = 'telegram' | 'whatsapp' | 'instagram' | 'tiktok';
export type ChatFilter = 'all' | 'unread';

export interface Contact {
  id: number | string;
  display_name: string | null;
  first_name: string | null;
  last_name: string | null;
  username: string | null;
  phone: string | null;
  language_code: string | null;
}

export interface MessagePreview {
  id: number | string;
  text: string | null;
  kind: string;
  direction: 'in' | 'out';
  created_at: string;
}

export interface Chat {
  id: number | string;
  messenger: Messenger;
  channel: { id: number | string; name: string; username: string | null; kind: string };
  chat_type: 'private' | 'group' | 'supergroup' | 'channel';
  title: string | null;
  contact: Contact | null;
  unread_count: number;
  status: string;
  assigned_operator_id: number | string | null;
  last_message: MessagePreview | null;
  last_message_at: string | null;
  created_at: string;
}

export type DeliveryStatus = 'queued' | 'sent' | 'failed';

export interface Attachment {
  kind?: string;
  type?: string;
  file_name?: string | null;
  mime_type?: string | null;
  file_size?: number | null;
  url?: string | null;
  [key: string]: unknown;
}

export interface Message {
  id: number | string;
  chat_id: number | string;
  direction: 'in' | 'out';
  sender_type: 'client' | 'admin' | 'bot' | 'system';
  sender_name: string | null;
  kind: string;
  text: string | null;
  entities: unknown;
  attachments: Attachment[];
  external_message_id: string | number | null;
  reply_to_external_id: string | number | null;
  status: DeliveryStatus | null;
  status_reason: string | null;
  read_at: string | null;
  edited_at: string | null;
  created_at: string;
}

export interface MessageStatusUpdate {
  id: Message['id'];
  chat_id: Message['chat_id'];
  status: DeliveryStatus;
  status_reason: string | null;
  external_message_id: Message['external_message_id'];
}

export type ServerEvent =
  | { type: 'initial_chats'; chats: Chat[]; chunk: number; total_chunks: number }
  | { type: 'new_message'; seq: number; message: Message; chat: Chat }
  | { type: 'chat_updated'; seq: number; chat: Chat }
  | { type: 'message_status'; seq: number; message: MessageStatusUpdate }
  | { type: 'resync_required' }
  | { type: 'pong' }
  | { type: 'chat_messages'; chat_id: Chat['id']; messages: Message[] }
  | { type: 'ready'; seq: number };

/** What a chat list is asked for: the server filters, and realtime updates must match the same rules. */
export interface ChatListParams {
  filter: ChatFilter;
  q: string;
  messenger: Messenger | '';
  channelId: string;
}

export const messageTextLimit = 4096;
