import { chatListQuery, chatMessagesQuery, clientMessagesQuery, idParams, messagePageQuery, messengerParams } from '@switchboard/contract';
import { currentUser, HttpError, type HttpApp, type RealtimeHub } from '../platform/index.ts';
import { getChat, listChats, listMessages, markChatRead } from './chats.service.ts';
import { attributeFilter } from './attribute-values.ts';
import { unreadSummary } from './read-state.ts';
import type { Visibility } from './visibility.ts';
import type { SlaState } from '@switchboard/contract';
import type { InboxDb } from './tables.ts';

const chatIdParams = idParams;

/** A messenger named in a path or query, checked against the ones this server knows (from the channel modules). */
export function checkMessenger(messenger: string | undefined, known: readonly string[]): string | undefined {
  if (!messenger) return undefined;
  if (!known.includes(messenger)) throw new HttpError(400, 'invalid_input', `Unknown messenger "${messenger}": use ${known.join(', ')}.`);
  return messenger;
}

/** Read API: seed 002's /api/chats and /api/messages, seed 000's /api/messengers/:type/messages. */
export function registerChatRoutes(
  app: HttpApp,
  options: {
    db: InboxDb;
    hub: RealtimeHub;
    visibility: Visibility;
    messengers: readonly string[];
    /** Issue 26: adds each chat's SLA state (sla.ts); absent: none. */
    withSla?: <T extends { id: number; status: string; channel: { id: number } }>(
      chats: T[],
    ) => Promise<Array<T & { sla: SlaState | null }>>;
  },
): void {
  const { db, hub, visibility } = options;
  const withSla = options.withSla ?? (async <T>(chats: T[]) => chats.map((chat) => ({ ...chat, sla: null })));
  const messengerOf = (type: string | undefined) => checkMessenger(type, options.messengers);
  const tags = ['inbox'];

  app.get(
    '/api/chats',
    {
      schema: {
        tags,
        summary: 'Conversations, most recent first',
        querystring: chatListQuery,
      },
    },
    async (request) => {
      const query = request.query;
      const page = await listChats(
        db,
        visibility,
        currentUser(request),
        {
          filter: query.filter,
          q: query.q,
          messenger: messengerOf(query.messenger),
          channelId: query.channel_id,
          status: query.status,
          assigneeId: query.assignee_id,
          labelId: query.label_id,
          attribute: await attributeFilter(db, query.attribute, query.attribute_value),
          teamId: query.team_id,
        },
        query,
      );
      return { ...page, results: await withSla(page.results) };
    },
  );

  app.get(
    '/api/chats/unread',
    { schema: { tags, summary: 'How many conversations and messages you have not read (your own count, for the tab title)' } },
    async (request) => unreadSummary(db, visibility, currentUser(request)),
  );

  app.get('/api/chats/:id', { schema: { tags, summary: 'One conversation', params: chatIdParams } }, async (request) => {
    const [chat] = await withSla([await getChat(db, visibility, currentUser(request), request.params.id)]);
    return chat;
  });

  app.post(
    '/api/chats/:id/read',
    { schema: { tags, summary: 'Mark every incoming message of the conversation read', params: chatIdParams } },
    async (request) => {
      const { chat, events } = await markChatRead(db, visibility, currentUser(request), request.params.id);
      hub.publish(events);
      return { ok: true, chat };
    },
  );

  app.get(
    '/api/messages',
    { schema: { tags, summary: 'Every visible message, newest first', querystring: messagePageQuery } },
    async (request) => listMessages(db, visibility, currentUser(request), {}, request.query),
  );

  app.get(
    '/api/messages/by_chat',
    {
      schema: {
        tags,
        summary: "A conversation's history, newest first; next_cursor pages to older messages",
        querystring: chatMessagesQuery,
      },
    },
    async (request) => listMessages(db, visibility, currentUser(request), { chatId: request.query.chat_id }, request.query),
  );

  app.get(
    '/api/messengers/:type/messages',
    {
      schema: {
        tags: ['messengers'],
        summary: "A client's history in one messenger (seed 000)",
        params: messengerParams,
        querystring: clientMessagesQuery,
      },
    },
    async (request) =>
      listMessages(
        db,
        visibility,
        currentUser(request),
        { contactId: request.query.client_id, messenger: messengerOf(request.params.type) },
        request.query,
      ),
  );
}
