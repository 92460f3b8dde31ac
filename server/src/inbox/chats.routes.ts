import { z } from 'zod';
import { currentUser, HttpError, idParam, pageQueryFields, text, type AnyDb, type HttpApp, type RealtimeHub } from '../platform/index.ts';
import { getChat, listChats, listMessages, markChatRead } from './chats.service.ts';
import type { Visibility } from './visibility.ts';

export const kindsOfMessenger: Record<string, string[]> = { telegram: ['telegram_bot', 'telegram_user'], whatsapp: ['whatsapp'], instagram: ['instagram'], tiktok: ['tiktok'] };
const page = pageQueryFields();
const chatIdParams = z.object({ id: idParam });

export function kindsOf(messenger: string | undefined): string[] | undefined {
  if (!messenger) return undefined;
  const kinds = kindsOfMessenger[messenger];
  if (!kinds) throw new HttpError(400, 'invalid_input', `Unknown messenger "${messenger}": use telegram, whatsapp, instagram or tiktok.`);
  return kinds;
}

/** Read API: seed 002's /api/chats and /api/messages, seed 000's /api/messengers/:type/messages. */
export function registerChatRoutes(app: HttpApp, options: { db: AnyDb; hub: RealtimeHub; visibility: Visibility }): void {
  const { db, hub, visibility } = options;
  const tags = ['inbox'];

  app.get(
    '/api/chats',
    {
      schema: {
        tags,
        summary: 'Conversations, most recent first',
        querystring: z.object({ ...page, filter: z.enum(['all', 'unread', 'mine', 'unassigned']).default('all'), q: text(200).optional(), messenger: z.string().optional(), channel_id: idParam.optional() }),
      },
    },
    async (request) => {
      const query = request.query;
      return listChats(db, visibility, currentUser(request), { filter: query.filter, q: query.q, kinds: kindsOf(query.messenger), channelId: query.channel_id }, query);
    },
  );

  app.get('/api/chats/:id', { schema: { tags, summary: 'One conversation', params: chatIdParams } }, async (request) => getChat(db, visibility, currentUser(request), request.params.id));

  app.post('/api/chats/:id/read', { schema: { tags, summary: 'Mark every incoming message of the conversation read', params: chatIdParams } }, async (request) => {
    const { chat, events } = await markChatRead(db, visibility, currentUser(request), request.params.id);
    hub.publish(events);
    return { ok: true, chat };
  });

  app.get('/api/messages', { schema: { tags, summary: 'Every visible message, newest first', querystring: z.object(page) } }, async (request) =>
    listMessages(db, visibility, currentUser(request), {}, request.query),
  );

  app.get(
    '/api/messages/by_chat',
    { schema: { tags, summary: "A conversation's history, newest first; next_cursor pages to older messages", querystring: z.object({ ...page, chat_id: idParam }) } },
    async (request) => listMessages(db, visibility, currentUser(request), { chatId: request.query.chat_id }, request.query),
  );

  app.get(
    '/api/messengers/:type/messages',
    {
      schema: {
        tags: ['messengers'],
        summary: "A client's history in one messenger (seed 000)",
        params: z.object({ type: z.string() }),
        querystring: z.object({ ...page, client_id: idParam }),
      },
    },
    async (request) => listMessages(db, visibility, currentUser(request), { contactId: request.query.client_id, kinds: kindsOf(request.params.type) }, request.query),
  );
}
