// Starting a conversation from an account with someone who has not written (a personal account's "New chat"):
// the channel finds the person (adapter.findPerson), the inbox opens the conversation and the first message goes
// like any reply, through the delivery ledger (queued, retried, attributed to the operator, failed with a reason).
// Nothing here names a messenger: which kinds can do this is the adapter's to say.
import { startChatBody, type StartedChat } from '@switchboard/contract';
import { z } from 'zod';
import { ChannelError, type ChannelRecord, type Person } from '../channels/channel.ts';
import type { ChannelRegistry } from '../channels/registry.service.ts';
import { HttpError, currentUser, idParam, notFound, unprocessable, type Db, type HttpApp, type RealtimeHub } from '../platform/index.ts';
import { assignConversation } from './assignment.service.ts';
import { clearUnreachable, upsertContact } from './contacts.ts';
import { recordEvents } from './events.ts';
import { upsertConversation } from './record.service.ts';
import { checkText, type Sender } from './send.service.ts';
import { inboxTables } from './tables.ts';

const idParams = z.object({ id: idParam });

export interface StartChatRouteOptions {
  db: Db;
  hub: RealtimeHub;
  sender: Pick<Sender, 'sendToChat'>;
  registry: Pick<ChannelRegistry, 'get' | 'moduleFor'>;
}

export function registerStartChatRoutes(app: HttpApp, options: StartChatRouteOptions): void {
  const db = inboxTables(options.db);

  /** The customer's conversation on the account, opened if new; a new one goes to the operator who started it. */
  async function openConversation(channel: ChannelRecord, person: Person, user: ReturnType<typeof currentUser>): Promise<number> {
    const { conversationId, events } = await db.transaction().execute(async (trx) => {
      const contact = await upsertContact(trx, person);
      await clearUnreachable(trx, contact.id, channel.id);
      const chat = { externalId: person.externalId, type: 'private' as const, title: '', topicId: '' };
      const conversation = await upsertConversation(trx, channel.id, chat, contact.id);
      const assigned =
        conversation.inserted && user.role === 'operator'
          ? await assignConversation(trx, { conversationId: conversation.id, operatorId: user.id, by: user, reason: 'manual' })
          : [];
      return { conversationId: conversation.id, events: await recordEvents(trx, assigned) };
    });
    options.hub.publish(events);
    return conversationId;
  }

  app.post(
    '/api/accounts/:id/chats',
    {
      config: { access: 'staff' },
      schema: {
        tags: ['accounts'],
        summary:
          'Start a chat from the account by phone number or username: opens the conversation (an operator’s goes to them) and queues the first message like a reply',
        params: idParams,
        body: startChatBody,
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const channel = await options.registry.get(request.params.id);
      if (!channel) throw notFound(`Account ${request.params.id}`);
      const module = options.registry.moduleFor(channel.kind);
      const { to, text } = request.body;
      if (!module.adapter.findPerson)
        throw unprocessable(`A ${module.vocabulary.en.accountName} cannot start chats: customers write first.`, 'cannot_start_chat');
      checkText(text, { platformName: module.vocabulary.en.messengerName, capabilities: module.capabilities });
      const person = await module.adapter.findPerson(channel, to).catch((error: unknown) => {
        throw findPersonError(error);
      });
      const chatId = await openConversation(channel, person, user);
      const message = await options.sender.sendToChat(user, chatId, { text });
      const started: StartedChat = {
        account_id: channel.id,
        chat_id: chatId,
        chat_external_id: person.externalId,
        person: {
          external_id: person.externalId,
          first_name: person.firstName,
          last_name: person.lastName ?? null,
          username: person.username ?? null,
        },
        message,
      };
      return reply.status(201).send(started);
    },
  );
}

/** What a failed look-up says to the caller: nobody by that name, bad input, the account not connected here. */
function findPersonError(error: unknown): unknown {
  if (!(error instanceof ChannelError)) return error;
  switch (error.code) {
    case 'NOT_FOUND':
      return new HttpError(404, 'person_not_found', error.message);
    case 'INVALID_INPUT':
      return new HttpError(422, 'invalid_value', error.message);
    case 'RATE_LIMITED': {
      const seconds = Math.ceil((error.retryAfterMs ?? 0) / 1000);
      return new HttpError(429, 'send_limited', seconds > 0 ? `${error.message} (wait ${seconds} s)` : error.message);
    }
    default:
      return new HttpError(409, 'account_not_connected', error.message);
  }
}
