// The subset of Bot API object shapes the simulator produces. Field names are
// Telegram's own (snake_case) because these objects go over the wire as-is.

export interface User {
  id: number;
  is_bot: boolean;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
  can_join_groups?: boolean;
  can_read_all_group_messages?: boolean;
  supports_inline_queries?: boolean;
}

export type ChatType = 'private' | 'group' | 'supergroup';

export interface Chat {
  id: number;
  type: ChatType;
  title?: string;
  username?: string;
  first_name?: string;
  last_name?: string;
  is_forum?: true;
}

export interface MessageEntity {
  type: string;
  offset: number;
  length: number;
  url?: string;
  language?: string;
  user?: User;
  custom_emoji_id?: string;
}

export interface PhotoSize {
  file_id: string;
  file_unique_id: string;
  width: number;
  height: number;
  file_size?: number;
}

export interface FileObject {
  file_id: string;
  file_unique_id: string;
  file_size?: number;
  file_name?: string;
  mime_type?: string;
  duration?: number;
  width?: number;
  height?: number;
  title?: string;
  performer?: string;
}

export interface InlineKeyboardButton {
  text: string;
  callback_data?: string;
  url?: string;
  [key: string]: unknown;
}

export interface ReplyMarkup {
  inline_keyboard?: InlineKeyboardButton[][];
  keyboard?: unknown[][];
  remove_keyboard?: boolean;
  force_reply?: boolean;
  [key: string]: unknown;
}

export interface Message {
  message_id: number;
  message_thread_id?: number;
  from?: User;
  chat: Chat;
  date: number;
  edit_date?: number;
  is_topic_message?: true;
  media_group_id?: string;
  reply_to_message?: Message;
  text?: string;
  entities?: MessageEntity[];
  caption?: string;
  caption_entities?: MessageEntity[];
  photo?: PhotoSize[];
  document?: FileObject;
  voice?: FileObject;
  audio?: FileObject;
  video?: FileObject;
  sticker?: FileObject & { type: string; is_animated: boolean; is_video: boolean; emoji?: string };
  location?: { latitude: number; longitude: number };
  contact?: { phone_number: string; first_name: string; last_name?: string; user_id?: number };
  forum_topic_created?: { name: string; icon_color: number };
  invoice?: { title: string; description: string; start_parameter: string; currency: string; total_amount: number };
  successful_payment?: {
    currency: string;
    total_amount: number;
    invoice_payload: string;
    telegram_payment_charge_id: string;
    provider_payment_charge_id: string;
  };
  reply_markup?: ReplyMarkup;
  /** Bot API 7.2: the business connection a business message came through or was sent with. */
  business_connection_id?: string;
  /** The bot that sent a message on behalf of the connected business account. */
  sender_business_bot?: User;
}

/** Bot API 9.0: what a connected business account lets its bot do (only the granted ones are present). */
export interface BusinessBotRights {
  can_reply?: true;
  can_read_messages?: true;
  can_delete_sent_messages?: true;
  can_delete_all_messages?: true;
  can_edit_name?: true;
  can_edit_bio?: true;
  can_edit_profile_photo?: true;
  can_edit_username?: true;
  can_change_gift_settings?: true;
  can_view_gifts_and_stars?: true;
  can_convert_gifts_to_stars?: true;
  can_transfer_and_upgrade_gifts?: true;
  can_transfer_stars?: true;
  can_manage_stories?: true;
}

export interface BusinessConnection {
  id: string;
  user: User;
  user_chat_id: number;
  date: number;
  rights?: BusinessBotRights;
  is_enabled: boolean;
}

export interface BusinessMessagesDeleted {
  business_connection_id: string;
  chat: Chat;
  message_ids: number[];
}

export interface ChatMember {
  user: User;
  status: 'creator' | 'administrator' | 'member' | 'restricted' | 'left' | 'kicked';
  until_date?: number;
}

export interface ChatMemberUpdated {
  chat: Chat;
  from: User;
  date: number;
  old_chat_member: ChatMember;
  new_chat_member: ChatMember;
}

export interface CallbackQuery {
  id: string;
  from: User;
  message?: Message;
  chat_instance: string;
  data?: string;
}

export interface PreCheckoutQuery {
  id: string;
  from: User;
  currency: string;
  total_amount: number;
  invoice_payload: string;
}

export interface Update {
  update_id: number;
  message?: Message;
  edited_message?: Message;
  callback_query?: CallbackQuery;
  my_chat_member?: ChatMemberUpdated;
  chat_member?: ChatMemberUpdated;
  pre_checkout_query?: PreCheckoutQuery;
  business_connection?: BusinessConnection;
  business_message?: Message;
  edited_business_message?: Message;
  deleted_business_messages?: BusinessMessagesDeleted;
  message_reaction?: MessageReactionUpdated;
}

export interface ReactionTypeEmoji {
  type: 'emoji';
  emoji: string;
}

export interface MessageReactionUpdated {
  chat: Chat;
  message_id: number;
  user?: User;
  date: number;
  old_reaction: ReactionTypeEmoji[];
  new_reaction: ReactionTypeEmoji[];
}

export interface BotCommand {
  command: string;
  description: string;
}

export const UPDATE_TYPES = [
  'message',
  'edited_message',
  'channel_post',
  'edited_channel_post',
  'business_connection',
  'business_message',
  'edited_business_message',
  'deleted_business_messages',
  'message_reaction',
  'message_reaction_count',
  'inline_query',
  'chosen_inline_result',
  'callback_query',
  'shipping_query',
  'pre_checkout_query',
  'purchased_paid_media',
  'poll',
  'poll_answer',
  'my_chat_member',
  'chat_member',
  'chat_join_request',
  'chat_boost',
  'removed_chat_boost',
] as const;

// Telegram's default excludes these three unless asked for explicitly.
export const DEFAULT_EXCLUDED_UPDATES = ['chat_member', 'message_reaction', 'message_reaction_count'];
