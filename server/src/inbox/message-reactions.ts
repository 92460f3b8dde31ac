// An operator reacts to a message in a conversation they can see, as the account, through the conversation's
// channel (its optional setReactions op). The account has one set of reactions per message, whether its owner or
// an operator set it; the inbox records the new set at once and tells the other operators.
import { ChannelError } from '../channels/channel.ts';
import { currentUser, HttpError, notFound, unprocessable, type HttpApp, type RealtimeHub, type StaffUser } from '../platform/index.ts';
import { messageIdParams } from '@switchboard/contract';
import { z } from 'zod';
import { recordEvents } from './events.ts';
import { replaceReactions } from './record-reaction.ts';
import { serializeMessage, type MessageJson } from './serializers.ts';
import { inboxTables, type InboxDb } from './tables.ts';
import type { Visibility } from './visibility.ts';

/** The channel's way to set the account's reactions; `set` absent: the channel cannot react. */
export interface ReactionOps {
  accountName: string;
  set?(externalChatId: string, externalMessageId: string, emojis: string[]): Promise<void>;
}
export type ReactionOpsLookup = (channelId: number) => Promise<ReactionOps | null>;

export function createMessageReactions(options: { db: InboxDb; hub: RealtimeHub; visibility: Visibility }) {
  const db = inboxTables(options.db);
  let lookup: ReactionOpsLookup = async () => null;

  async function react(user: StaffUser, messageId: number, emojis: string[]): Promise<MessageJson> {
    const row = await db
      .selectFrom('messages')
      .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
      .selectAll('messages')
      .select(['conversations.assigned_operator_id', 'conversations.team_id', 'conversations.channel_id', 'conversations.external_chat_id'])
      .where('messages.id', '=', messageId)
      .executeTakeFirst();
    await options.visibility.policy();
    if (!row || !options.visibility.canSee(user, { assignedOperatorId: row.assigned_operator_id, teamId: row.team_id }))
      throw notFound(`Message ${messageId}`);
    if (row.kind === 'note' || row.kind === 'service' || !row.external_message_id)
      throw new HttpError(409, 'cannot_react', 'Only a message the messenger has (not a note or a line of ours) can take a reaction.');
    if (row.deleted_at) throw new HttpError(409, 'cannot_react', 'This message is deleted.');
    const ops = await lookup(row.channel_id);
    if (!ops) throw new HttpError(409, 'account_not_connected', 'The account this chat came through was removed.');
    if (!ops.set) throw unprocessable(`A ${ops.accountName} cannot react to messages.`, 'cannot_react');
    await ops.set(row.external_chat_id, row.external_message_id, emojis).catch(reactionRefusal);
    const published = await db.transaction().execute(async (trx) => {
      const conversation = await trx
        .selectFrom('conversations')
        .select(['id', 'assigned_operator_id'])
        .where('id', '=', row.conversation_id)
        .forUpdate() // first, as intake takes it: the messenger's echo of this reaction would otherwise deadlock with us
        .executeTakeFirstOrThrow();
      const message = await trx.selectFrom('messages').selectAll().where('id', '=', messageId).executeTakeFirstOrThrow();
      return recordEvents(
        trx,
        await replaceReactions(trx, conversation, message, { key: 'account', by: 'account', name: user.name }, emojis),
      );
    });
    options.hub.publish(published);
    return serializeMessage(await db.selectFrom('messages').selectAll().where('id', '=', messageId).executeTakeFirstOrThrow());
  }

  return {
    react,
    /** main.ts hands over how each channel sets reactions once the channel modules exist. */
    useOps(next: ReactionOpsLookup): void {
      lookup = next;
    },
    registerRoutes(app: HttpApp): void {
      app.put(
        '/api/messages/:id/reactions',
        {
          schema: {
            tags: ['inbox'],
            summary:
              "Set the account's reactions on a message (where the channel can: capabilities.reactions); an empty list takes them back",
            params: messageIdParams,
            body: reactionsBody,
          },
        },
        async (request) => react(currentUser(request), request.params.id, request.body.emojis),
      );
    },
  };
}

const reactionsBody = z.object({
  emojis: z
    .array(z.string().min(1, 'An emoji cannot be empty.').max(16, 'Send one emoji per item, such as "👍".'))
    .max(3, 'At most 3 reactions on one message.'),
});

function reactionRefusal(error: unknown): never {
  if (!(error instanceof ChannelError)) throw error;
  switch (error.code) {
    case 'INVALID_INPUT':
    case 'PERMANENT':
    case 'NOT_FOUND':
      throw new HttpError(422, 'reaction_refused', error.message);
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
