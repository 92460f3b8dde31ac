import type { AlbumRules, ChannelCapabilities, OutboundMediaKind, PhotoLimits } from '../channels/module.ts';
import { deliveryTables, type Delivery } from '../delivery/index.ts';
import { HttpError, notFound, unprocessable, type ErrorCode, type RealtimeHub, type StaffUser } from '../platform/index.ts';
import type { ReplyStatus } from '../channels/channel.ts';
import { getChat } from './chats.service.ts';
import { recordEvents, type EventDraft } from './events.ts';
import { bumpConversation } from './record.service.ts';
import { serializeChat, serializeMessage, type ChatJson, type MessageJson } from './serializers.ts';
import type { PreparedMedia } from './media/index.ts';
import { inboxTables, type InboxDb, type MessageRow } from './tables.ts';
import type { Visibility } from './visibility.ts';

/** What a conversation's channel accepts (its module's capabilities) and whose rules they are. */
export interface TextRules {
  /** Who sets the limits, for messages: the messenger's name from its module's vocabulary. */
  platformName: string;
  capabilities: Pick<ChannelCapabilities, 'text' | 'media'>;
}
/** Where the channels' rules come from: the channel modules, by kind. */
export type ChannelRulesLookup = (kind: string) => TextRules;

/** Notes are never sent: they get a cap of their own. */
const noteRules: TextRules = {
  platformName: 'A private note',
  capabilities: {
    text: { maxLength: 4096, captionMaxLength: null },
    media: { kinds: [], uploadMaxBytes: 0, photo: null, downloadMaxBytes: null, albums: null },
  },
};

export function checkText(text: string, rules: TextRules = noteRules): string {
  if (text.trim() === '') throw unprocessable('The message is empty: write some text.', 'empty_text');
  // Counted in UTF-16 units, as JavaScript and the Bot API server do; the module states its limit in those units.
  const length = text.length;
  const limit = rules.capabilities.text.maxLength;
  if (length > limit)
    throw unprocessable(
      `The message is ${length} characters; ${rules.platformName} allows ${limit}. Shorten it or split it in two.`,
      'text_too_long',
    );
  return text;
}

/** Text sent with files becomes their caption, which platforms cap lower than a message (or do not allow). */
export function checkCaption(text: string, rules: TextRules): string {
  const limit = rules.capabilities.text.captionMaxLength;
  if (rules.capabilities.media.kinds.length === 0)
    throw unprocessable(`${rules.platformName} takes no files from this account: send text only.`, 'not_supported');
  if (limit === null && text.trim() !== '')
    throw unprocessable(`${rules.platformName} shows no text under a file: send the text as a separate message.`, 'caption_too_long');
  if (limit !== null && text.length > limit)
    throw unprocessable(
      `The caption is ${text.length} characters; ${rules.platformName} allows ${limit} under a file. Shorten it or send the text as a separate message.`,
      'caption_too_long',
    );
  return text.trim() === '' ? '' : text;
}

/** Whether a photo goes as a photo under its channel's limits (else as a document). */
export function fitsPhoto(limits: PhotoLimits | null, size: number, dimensions: { width: number; height: number } | undefined): boolean {
  if (!limits) return true;
  if (size > limits.maxBytes) return false;
  if (!dimensions) return true;
  const { width, height } = dimensions;
  if (width === 0 || height === 0) return false;
  if (limits.maxDimensionSum !== null && width + height > limits.maxDimensionSum) return false;
  return limits.maxAspectRatio === null || Math.max(width, height) / Math.min(width, height) <= limits.maxAspectRatio;
}

const kindNames: Record<OutboundMediaKind, { one: string; many: string }> = {
  photo: { one: 'photo', many: 'photos' },
  video: { one: 'video', many: 'videos' },
  document: { one: 'document', many: 'documents' },
  voice: { one: 'voice note', many: 'voice notes' },
  audio: { one: 'audio file', many: 'audio files' },
};

/** Why these kinds cannot share one message under the channel's album rules; undefined when they can. */
function albumProblem(kinds: OutboundMediaKind[], albums: AlbumRules, platformName: string): string | undefined {
  const present = [...new Set(kinds)];
  const alone = present.find((kind) => albums.never.includes(kind));
  if (alone) return `A ${kindNames[alone].one} cannot be part of an album: send it on its own.`;
  const groupOf = (kind: OutboundMediaKind) => albums.groups.find((group) => group.includes(kind)) ?? [kind];
  if (present.every((kind) => groupOf(present[0]!).includes(kind))) return undefined;
  const broken = albums.groups.find((group) => present.some((kind) => group.includes(kind))) ?? groupOf(present[0]!);
  const named = broken.map((kind) => kindNames[kind].many);
  const others = present.filter((kind) => !broken.includes(kind)).join(' and ');
  const company = named.length === 1 ? `other ${named[0]}` : 'each other';
  return `${platformName} groups ${named.join(' and ')} only with ${company}: send the ${others} separately.`;
}

/**
 * The conversation's channel decides how the files go: photos outside its
 * photo limits go as documents, and files it cannot take (or take together)
 * are refused before anything is written.
 */
export async function checkMediaFits(media: PreparedMedia, rules: TextRules): Promise<void> {
  const { kinds, albums, photo } = rules.capabilities.media;
  media.files.forEach((file, index) => {
    if (file.kind === 'photo' && !fitsPhoto(photo, file.size, file.dimensions)) media.sendAs(index, 'document');
  });
  const refused = media.outbound.find((item) => !kinds.includes(item.type));
  let problem: string | undefined;
  let code: ErrorCode = 'not_supported';
  if (refused)
    problem = `${rules.platformName} does not take ${refused.type} files from this account: send ${kinds.join(', ') || 'text only'}.`;
  else if (media.outbound.length > 1 && !albums) problem = `${rules.platformName} takes one file per message: send the files one by one.`;
  else if (albums && media.outbound.length > albums.maxItems)
    problem = `${rules.platformName} takes at most ${albums.maxItems} files in one message: split them.`;
  else if (albums && media.outbound.length > 1) {
    problem = albumProblem(
      media.files.map((file) => file.kind),
      albums,
      rules.platformName,
    );
    code = 'invalid_album';
  }
  if (!problem) return;
  await media.discard();
  throw unprocessable(problem, code);
}

/**
 * Operator replies: the message in the conversation and its outbox row are
 * written in one transaction; delivery then sends it and reports back through
 * `applyDeliveryOutcomes` (delivery-outcomes.ts), which moves the message to sent or failed.
 */
export function createSender(options: {
  db: InboxDb;
  hub: RealtimeHub;
  visibility: Visibility;
  delivery: Pick<Delivery, 'enqueue' | 'wake' | 'retry' | 'findByMessage'>;
  media?: { prepare(user: StaffUser, paths: string[]): Promise<PreparedMedia> };
  channelRules: ChannelRulesLookup;
  /** The channel's word on whether a chat can be answered now; absent: always. */
  replyStatus?: (channelId: number, externalChatId: string) => Promise<ReplyStatus>;
}) {
  const db = inboxTables(options.db);
  const { hub, delivery, visibility } = options;

  async function prepareMedia(user: StaffUser, paths: string[] | undefined): Promise<PreparedMedia | undefined> {
    if (!paths?.length) return undefined;
    if (!options.media) throw unprocessable('Sending files is not set up on this server: send text only.', 'not_supported');
    return options.media.prepare(user, paths);
  }

  /** A chat its channel cannot answer now (a paused connection) refuses the reply before anything is written. */
  async function checkCanReply(chatId: number): Promise<void> {
    if (!options.replyStatus) return;
    const conversation = await db
      .selectFrom('conversations')
      .select(['channel_id', 'external_chat_id'])
      .where('id', '=', chatId)
      .executeTakeFirstOrThrow();
    const status = await options.replyStatus(conversation.channel_id, conversation.external_chat_id);
    if (!status.canReply) throw new HttpError(409, 'cannot_reply', `This chat cannot be answered now: ${status.reason}`);
  }

  /**
   * The reply and its outbox row, inside the caller's transaction (a macro's reply step shares its
   * transaction); returns the event to record. Call `delivery.wake` after the commit.
   */
  async function writeReply(
    trx: InboxDb,
    user: StaffUser,
    chat: ChatJson,
    input: { text: string; replyToExternalId?: string; media?: PreparedMedia },
  ): Promise<{ message: MessageRow; drafts: EventDraft[] }> {
    const { text, media } = input;
    const conversation = await trx.selectFrom('conversations').selectAll().where('id', '=', chat.id).executeTakeFirstOrThrow();
    const inserted = await trx
      .insertInto('messages')
      .values({
        conversation_id: chat.id,
        direction: 'out',
        sender_kind: 'admin',
        sender_staff_id: user.id,
        sender_name: user.name || user.email,
        kind: media?.kind ?? 'text',
        text,
        reply_to_external_id: input.replyToExternalId ?? null,
        status: 'queued',
      })
      .returningAll()
      .executeTakeFirstOrThrow()
      .then((row) => (media ? media.attach(trx, row) : row));
    await delivery.enqueue(deliveryTables(trx), {
      channelId: conversation.channel_id,
      lane: 'operator',
      messageId: inserted.id,
      idempotencyKey: `message:${inserted.id}`,
      message: {
        chatId: conversation.external_chat_id,
        topicId: conversation.topic_id || undefined,
        text,
        replyToExternalId: input.replyToExternalId,
        media: media?.outbound,
      },
    });
    const updated = await bumpConversation(trx, chat.id, inserted);
    const payload = {
      message: serializeMessage(inserted),
      chat: {
        ...chat,
        ...pickCounters(serializeChat(updated, { ...chat.channel, messenger: chat.messenger }, null)),
        contact: chat.contact,
      },
    };
    return {
      message: inserted,
      drafts: [{ type: 'new_message', conversationId: chat.id, assignedOperatorId: updated.assigned_operator_id, payload }],
    };
  }

  async function sendToChat(
    user: StaffUser,
    chatId: number,
    input: { text: string; replyToExternalId?: string; mediaPaths?: string[] },
  ): Promise<MessageJson> {
    const chat = await getChat(db, visibility, user, chatId);
    const rules = options.channelRules(chat.channel.kind);
    const text = input.mediaPaths?.length ? checkCaption(input.text, rules) : checkText(input.text, rules);
    await checkCanReply(chat.id);
    const media = await prepareMedia(user, input.mediaPaths);
    if (media) await checkMediaFits(media, rules);
    const { message, events } = await db
      .transaction()
      .execute(async (trx) => {
        const written = await writeReply(trx, user, chat, { text, replyToExternalId: input.replyToExternalId, media });
        return { message: written.message, events: await recordEvents(trx, written.drafts) };
      })
      .catch(async (error: unknown) => {
        await media?.discard();
        throw error;
      });
    hub.publish(events);
    delivery.wake(chat.channel.id);
    return serializeMessage(message);
  }

  async function visibleMessage(user: StaffUser, messageId: number) {
    const row = await db
      .selectFrom('messages')
      .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
      .selectAll('messages')
      .select(['conversations.assigned_operator_id', 'conversations.team_id'])
      .where('messages.id', '=', messageId)
      .executeTakeFirst();
    await visibility.policy();
    if (!row || !visibility.canSee(user, { assignedOperatorId: row.assigned_operator_id, teamId: row.team_id }))
      throw notFound(`Message ${messageId}`);
    return row;
  }

  return {
    sendToChat,
    writeReply,
    checkCanReply,
    /** Wakes the account's delivery worker after a commit that queued replies. */
    wake: (channelId: number) => delivery.wake(channelId),

    /** seed 002: answer a message; an incoming one is quoted. */
    async reply(user: StaffUser, messageId: number, input: { text: string; mediaPaths?: string[] }): Promise<MessageJson> {
      const message = await visibleMessage(user, messageId);
      const replyTo = message.direction === 'in' ? (message.external_message_id ?? undefined) : undefined;
      return sendToChat(user, message.conversation_id, { text: input.text, replyToExternalId: replyTo, mediaPaths: input.mediaPaths });
    },

    /** seed 000: write to a client through the bot of their latest conversation in that messenger. */
    async sendToClient(
      user: StaffUser,
      input: { clientId: number; messenger: string; channelId?: number; text: string },
    ): Promise<MessageJson> {
      let query = db
        .selectFrom('conversations')
        .innerJoin('channels', 'channels.id', 'conversations.channel_id')
        .select('conversations.id')
        .where('conversations.contact_id', '=', input.clientId)
        .where('channels.messenger', '=', input.messenger);
      if (input.channelId) query = query.where('conversations.channel_id', '=', input.channelId);
      const latest = await query.orderBy('conversations.last_message_at', 'desc').executeTakeFirst();
      if (!latest) throw notFound(`A conversation with client ${input.clientId} in this messenger (they must write to the bot first)`);
      return sendToChat(user, latest.id, { text: input.text });
    },

    async retry(user: StaffUser, messageId: number): Promise<MessageJson> {
      const message = await visibleMessage(user, messageId);
      if (message.direction !== 'out' || message.status !== 'failed')
        throw new HttpError(409, 'not_retryable', 'Only a failed outgoing message can be retried.');
      const row = await delivery.findByMessage(messageId);
      if (!row) throw new HttpError(409, 'not_retryable', 'This message was not sent through the outbox; send it again instead.');
      const result = await delivery.retry(row.id);
      if (result.status !== 'requeued') throw new HttpError(409, 'not_retryable', 'The message is already queued or sent.');
      const fresh = await db.selectFrom('messages').selectAll().where('id', '=', messageId).executeTakeFirstOrThrow();
      return serializeMessage(fresh);
    },
  };
}

function pickCounters(chat: ReturnType<typeof serializeChat>) {
  const { last_message, last_message_at } = chat;
  return { last_message, last_message_at };
}

export type Sender = ReturnType<typeof createSender>;
