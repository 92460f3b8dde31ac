// An operator changes or deletes a message they sent, through the conversation's channel (its optional
// editMessage / deleteMessages ops). The inbox records the change at once and tells the other operators;
// a channel that reports the change back through intake finds it already recorded (nothing doubles).
import { ChannelError } from '../channels/channel.ts';
import { currentUser, HttpError, notFound, unprocessable, type HttpApp, type RealtimeHub, type StaffUser } from '../platform/index.ts';
import { messageIdParams } from '@switchboard/contract';
import { z } from 'zod';
import { recordEvents, type EventDraft } from './events.ts';
import { markDeleted, recordEdit } from './record.service.ts';
import { checkText, type ChannelRulesLookup } from './send.service.ts';
import { serializeMessage, type MessageJson } from './serializers.ts';
import { inboxTables, type InboxDb } from './tables.ts';
import type { Visibility } from './visibility.ts';

/** What the conversation's channel can do to a sent message; an op is absent where the channel has none. */
export interface MessageOps {
  /** The kind's account name for people, as its module says it. */
  accountName: string;
  edit?(externalChatId: string, externalMessageId: string, text: string): Promise<{ editDate: Date }>;
  delete?(externalChatId: string, externalMessageIds: string[]): Promise<void>;
}
/** The ops of a channel by its id; null when the channel was removed. */
export type MessageOpsLookup = (channelId: number) => Promise<MessageOps | null>;

export function createMessageEdits(options: {
  db: InboxDb;
  hub: RealtimeHub;
  visibility: Visibility;
  channelRules: ChannelRulesLookup;
  messageOps: MessageOpsLookup;
}) {
  const db = inboxTables(options.db);
  const { hub, visibility } = options;

  /** The operator's own sent message (an admin may change any operator's), with its channel's ops. */
  async function ownSentMessage(user: StaffUser, messageId: number, action: 'edit' | 'delete') {
    const row = await db
      .selectFrom('messages')
      .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
      .innerJoin('channels', 'channels.id', 'conversations.channel_id')
      .selectAll('messages')
      .select([
        'conversations.assigned_operator_id',
        'conversations.team_id',
        'conversations.channel_id',
        'conversations.external_chat_id',
        'conversations.topic_id',
        'channels.kind as channel_kind',
      ])
      .where('messages.id', '=', messageId)
      .executeTakeFirst();
    await visibility.policy();
    if (!row || !visibility.canSee(user, { assignedOperatorId: row.assigned_operator_id, teamId: row.team_id }))
      throw notFound(`Message ${messageId}`);
    const verb = action === 'edit' ? 'changed' : 'deleted';
    if (row.direction !== 'out' || row.sender_kind !== 'admin')
      throw new HttpError(409, 'message_not_editable', `Only a message an operator sent can be ${verb} here.`);
    if (row.sender_staff_id !== user.id && user.role !== 'admin')
      throw new HttpError(403, 'forbidden', `Only the operator who sent this message (or an admin) can have it ${verb}.`);
    if (row.deleted_at) throw new HttpError(409, 'message_not_editable', 'This message is already deleted.');
    if (row.status !== 'sent' || !row.external_message_id)
      throw new HttpError(
        409,
        'message_not_editable',
        `The message has not been sent yet (it is ${row.status ?? 'not sent'}): wait until it is.`,
      );
    const ops = await options.messageOps(row.channel_id);
    if (!ops) throw new HttpError(409, 'account_not_connected', 'The account this chat came through was removed.');
    return { row, ops };
  }

  async function commit(build: (trx: InboxDb) => Promise<EventDraft[]>): Promise<void> {
    const events = await db.transaction().execute(async (trx) => recordEvents(trx, await build(trx)));
    hub.publish(events);
  }

  async function fresh(messageId: number): Promise<MessageJson> {
    return serializeMessage(await db.selectFrom('messages').selectAll().where('id', '=', messageId).executeTakeFirstOrThrow());
  }

  const edits = {
    async edit(user: StaffUser, messageId: number, text: string): Promise<MessageJson> {
      const { row, ops } = await ownSentMessage(user, messageId, 'edit');
      if (!ops.edit) throw unprocessable(`A ${ops.accountName} cannot change a sent message.`, 'cannot_edit');
      if (row.kind !== 'text')
        throw unprocessable('Only a text message can be changed; delete it and send a new one instead.', 'cannot_edit');
      checkText(text, options.channelRules(row.channel_kind));
      if (text === row.text) return serializeMessage(row);
      const { editDate } = await ops.edit(row.external_chat_id, row.external_message_id!, text).catch(channelRefusal);
      await commit(async (trx) => {
        const conversation = await trx
          .selectFrom('conversations')
          .selectAll()
          .where('id', '=', row.conversation_id)
          .forUpdate() // first, as intake takes it: its echo of this change would otherwise deadlock with us on PostgreSQL
          .executeTakeFirstOrThrow();
        return recordEdit(trx, conversation, {
          type: 'edit',
          chat: { externalId: row.external_chat_id, type: 'private', title: '', topicId: row.topic_id },
          sender: null,
          message: { externalId: row.external_message_id!, date: row.sent_at, editDate, kind: 'text', text, attachments: [] },
        });
      });
      return fresh(messageId);
    },

    async remove(user: StaffUser, messageId: number): Promise<MessageJson> {
      const { row, ops } = await ownSentMessage(user, messageId, 'delete');
      if (!ops.delete) throw unprocessable(`A ${ops.accountName} cannot delete a sent message.`, 'cannot_delete');
      await ops.delete(row.external_chat_id, [row.external_message_id!]).catch(channelRefusal);
      await commit(async (trx) => {
        const conversation = await trx
          .selectFrom('conversations')
          .selectAll()
          .where('id', '=', row.conversation_id)
          .forUpdate()
          .executeTakeFirstOrThrow();
        return markDeleted(trx, conversation, [row.external_message_id!]);
      });
      return fresh(messageId);
    },
  };
  return {
    ...edits,
    registerRoutes(app: HttpApp): void {
      const tags = ['inbox'];
      app.patch(
        '/api/messages/:id',
        {
          schema: {
            tags,
            summary: 'Change the text of a message you sent, through its channel (where the channel can: capabilities.edit)',
            params: messageIdParams,
            body: editBody,
          },
        },
        async (request) => edits.edit(currentUser(request), request.params.id, request.body.text),
      );
      app.delete(
        '/api/messages/:id',
        {
          schema: {
            tags,
            summary: 'Delete a message you sent, for both sides, through its channel (where the channel can: capabilities.delete)',
            params: messageIdParams,
          },
        },
        async (request) => edits.remove(currentUser(request), request.params.id),
      );
    },
  };
}

const editBody = z.object({ text: z.string().max(100_000, 'The text is far too long.') });

/** The platform's refusal as an answer that says what to do. */
function channelRefusal(error: unknown): never {
  if (!(error instanceof ChannelError)) throw error;
  switch (error.code) {
    case 'INVALID_INPUT':
    case 'PERMANENT':
    case 'NOT_FOUND':
      throw new HttpError(422, 'edit_refused', error.message);
    case 'RATE_LIMITED': {
      const seconds = Math.ceil((error.retryAfterMs ?? 0) / 1000);
      throw new HttpError(429, 'send_limited', seconds > 0 ? `${error.message} (wait ${seconds} s)` : error.message);
    }
    case 'BLOCKED':
      throw new HttpError(409, 'cannot_reply', error.message);
    default:
      throw new HttpError(409, 'account_not_connected', `The account could not reach its messenger: ${error.message}`);
  }
}

export type MessageEdits = ReturnType<typeof createMessageEdits>;
