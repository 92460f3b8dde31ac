import { readServiceLine, type TeamChat, type Contact, type Message, type MessageReaction, type ServiceLine } from '@switchboard/contract';
import { neutralizeBidi } from '../platform/index.ts';
import type { ContactRow, ConversationRow, MessageRow } from './tables.ts';

/** The channel facts a chat shows. */
export interface ChannelSummary {
  id: number;
  kind: string;
  /** The kind's messenger family (its channel module's `messenger`). */
  messenger: string;
  name: string;
  username: string | null;
}

export function serializeContact(contact: ContactRow): Contact {
  return {
    id: contact.id,
    display_name: neutralizeBidi(contact.display_name),
    /** The messenger's name, shown beside a name staff set. */
    profile_name: neutralizeBidi(contact.profile_name),
    name_set_by_staff: contact.name_set_by_staff,
    first_name: neutralizeBidi(contact.first_name),
    last_name: neutralizeBidi(contact.last_name),
    username: neutralizeBidi(contact.username),
    phone: contact.phone,
    language_code: contact.language_code,
    tags: contact.tags ?? [],
    notes: contact.notes ?? '',
    attributes: contact.attributes ?? {},
  };
}

export type ChatJson = ReturnType<typeof serializeChat>;

/**
 * `labelIds` when the caller read them; realtime payloads leave them out and the web keeps what it has.
 * `unread_count` is the reader's own (read-state.ts): only a query for one person has it, so events sent
 * to the whole team leave it out and each tab counts the messages it receives.
 */
export function serializeChat(
  conversation: ConversationRow & { unread_count?: number },
  channel: ChannelSummary,
  contact: ContactRow | null,
  labelIds?: number[],
): TeamChat {
  return {
    id: conversation.id,
    messenger: channel.messenger || channel.kind,
    channel: { id: channel.id, kind: channel.kind, name: channel.name, username: channel.username },
    chat_type: conversation.chat_type,
    title: neutralizeBidi(conversation.title || contact?.display_name || ''),
    contact: contact ? serializeContact(contact) : null,
    unread_count: conversation.unread_count === undefined ? undefined : Number(conversation.unread_count),
    status: conversation.status,
    snoozed_until: conversation.snoozed_until ? new Date(conversation.snoozed_until).toISOString() : null,
    assigned_operator_id: conversation.assigned_operator_id,
    team_id: conversation.team_id ?? null,
    last_message: conversation.last_message_id
      ? {
          id: conversation.last_message_id,
          text: conversation.last_message_preview,
          direction: conversation.last_message_direction,
          created_at: conversation.last_message_at?.toISOString() ?? null,
        }
      : null,
    last_message_at: conversation.last_message_at?.toISOString() ?? null,
    created_at: conversation.created_at.toISOString(),
    label_ids: labelIds,
    attributes: conversation.attributes ?? {},
  };
}

export type MessageJson = ReturnType<typeof serializeMessage>;

export function serializeMessage(message: MessageRow): Message {
  return {
    id: message.id,
    chat_id: message.conversation_id,
    direction: message.direction,
    sender_type: message.sender_kind,
    sender_name: neutralizeBidi(message.sender_name),
    sender_staff_id: message.sender_staff_id,
    kind: message.kind,
    text: message.text,
    /** A service line's code and parameters, rendered in the reader's language; null for other messages and unknown codes. */
    service: serviceLineOf(message.service),
    entities: message.entities ?? null,
    attachments: ((message.attachments ?? []) as Array<Record<string, unknown>>).map(serializeAttachment),
    external_message_id: message.external_message_id,
    reply_to_external_id: message.reply_to_external_id,
    media_group_id: message.media_group_id,
    is_private: message.kind === 'note',
    status: message.status,
    status_reason: message.status_reason,
    read_at: message.read_at?.toISOString() ?? null,
    edited_at: message.edited_at?.toISOString() ?? null,
    // Earlier texts of a customer's edited message, oldest first: { text, until }.
    edit_history: (message.edit_history as Array<{ text: string; until: string }> | null) ?? [],
    deleted_at: message.deleted_at?.toISOString() ?? null,
    reactions: Array.isArray(message.reactions) ? (message.reactions as MessageReaction[]) : [],
    created_at: message.sent_at.toISOString(),
  };
}

/**
 * An attachment as the web shows it: the channel's facts (kind, name, size,
 * sticker format …), the download state and, once stored, the URL of the file.
 * Channel file ids stay on the server.
 */
export function serializeAttachment(attachment: Record<string, unknown>) {
  const { file_id: _fileId, file_unique_id: _uniqueId, ...shown } = attachment;
  const mediaId = typeof attachment.media_id === 'number' ? attachment.media_id : null;
  if (typeof shown.file_name === 'string') shown.file_name = neutralizeBidi(shown.file_name);
  return { ...shown, url: mediaId !== null && attachment.download_state === 'ready' ? `/api/media/${mediaId}` : null };
}

/** The line the conversation list shows for a message. */
export function previewOf(kind: string, text: string): string {
  const trimmed = text.replace(/\s+/g, ' ').trim();
  if (trimmed) return trimmed.slice(0, 200);
  return `[${kind}]`;
}

/** A stored service line as the API gives it; the names in it are people's, so bidi controls are neutralized like sender names. */
function serviceLineOf(stored: unknown): ServiceLine | null {
  const line = readServiceLine(stored);
  if (!line) return null;
  const params = Object.fromEntries(
    Object.entries(line.params).map(([key, value]) => [key, typeof value === 'string' ? neutralizeBidi(value) : value]),
  );
  return { ...line, params } as ServiceLine;
}
