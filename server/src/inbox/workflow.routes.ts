import {
  cannedResponseBody,
  cannedResponseQuery,
  chatLabelsBody,
  idParams,
  labelBody,
  noteBody,
  type ServiceLine,
} from '@switchboard/contract';
import { sql, type Kysely } from 'kysely';
import { conflict, currentUser, notFound, type AnyDb, type HttpApp, type RealtimeHub, type StaffUser } from '../platform/index.ts';
import { getChat } from './chats.service.ts';
import { recordEvents, type EventDraft } from './events.ts';
import { checkText } from './send.service.ts';
import { serializeMessage } from './serializers.ts';
import type { InboxTables, WorkflowTables } from './tables.ts';
import type { Visibility } from './visibility.ts';

type Db = Kysely<InboxTables & WorkflowTables>;
const typingEveryMs = 4_000;

export interface ChatActions {
  /** Shows "typing…" to the customer, where the channel can (capabilities.typing). */
  typing(channelId: number, externalChatId: string): Promise<void>;
}

/** Working the queue: resolve/reopen, labels, private notes, canned responses, typing, statistics, search. */
export function registerWorkflowRoutes(
  app: HttpApp,
  options: { db: AnyDb; hub: RealtimeHub; visibility: Visibility; actions: ChatActions },
): void {
  const db = options.db as Db;
  const { hub, visibility } = options;
  const tags = ['inbox'];
  const lastTyping = new Map<number, number>();

  async function commit(build: (trx: Db) => Promise<EventDraft[]>) {
    const events = await db.transaction().execute(async (trx) => recordEvents(trx, await build(trx)));
    hub.publish(events);
  }

  async function setStatus(user: StaffUser, chatId: number, status: 'open' | 'resolved') {
    const chat = await getChat(db, visibility, user, chatId);
    if (chat.status === status) return chat;
    await commit(async (trx) => {
      await trx.updateTable('conversations').set({ status, updated_at: new Date() }).where('id', '=', chatId).execute();
      await trx
        .insertInto('messages')
        .values({
          conversation_id: chatId,
          direction: 'out',
          sender_kind: 'system',
          kind: 'service',
          service: JSON.stringify({
            code: status === 'resolved' ? 'resolved' : 'reopened',
            params: { by: user.name || user.email },
          } satisfies ServiceLine),
          sender_staff_id: user.id,
        })
        .execute();
      return [
        {
          type: 'chat_updated',
          conversationId: chatId,
          assignedOperatorId: chat.assigned_operator_id,
          payload: { chat: { ...chat, status } },
        },
      ];
    });
    return { ...chat, status };
  }

  app.post(
    '/api/chats/:id/resolve',
    { schema: { tags, summary: 'Mark the conversation resolved (a new customer message reopens it)', params: idParams } },
    async (request) => setStatus(currentUser(request), request.params.id, 'resolved'),
  );
  app.post('/api/chats/:id/reopen', { schema: { tags, summary: 'Reopen the conversation', params: idParams } }, async (request) =>
    setStatus(currentUser(request), request.params.id, 'open'),
  );

  app.post(
    '/api/chats/:id/notes',
    {
      schema: {
        tags,
        summary: 'A private note: staff see it in the conversation; the customer never does',
        params: idParams,
        body: noteBody,
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const chat = await getChat(db, visibility, user, request.params.id);
      const text = checkText(request.body.text);
      let note: ReturnType<typeof serializeMessage> | undefined;
      await commit(async (trx) => {
        const row = await trx
          .insertInto('messages')
          .values({
            conversation_id: chat.id,
            direction: 'out',
            sender_kind: 'admin',
            sender_staff_id: user.id,
            sender_name: user.name || user.email,
            kind: 'note',
            text,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        note = serializeMessage(row);
        return [
          { type: 'new_message', conversationId: chat.id, assignedOperatorId: chat.assigned_operator_id, payload: { message: note, chat } },
        ];
      });
      return reply.status(201).send(note);
    },
  );

  app.post(
    '/api/chats/:id/typing',
    { schema: { tags, summary: 'Show "typing…" to the customer while an operator writes', params: idParams } },
    async (request) => {
      const chat = await getChat(db, visibility, currentUser(request), request.params.id);
      const now = Date.now();
      // Messengers show the action for a few seconds; sending it more often only spends the account's rate.
      if (now - (lastTyping.get(chat.id) ?? 0) < typingEveryMs) return { ok: true, sent: false };
      lastTyping.set(chat.id, now);
      const conversation = await db
        .selectFrom('conversations')
        .select(['channel_id', 'external_chat_id'])
        .where('id', '=', chat.id)
        .executeTakeFirstOrThrow();
      await options.actions.typing(conversation.channel_id, conversation.external_chat_id).catch(() => undefined);
      return { ok: true, sent: true };
    },
  );

  app.get(
    '/api/chats/:id/stats',
    { schema: { tags, summary: 'Messages in and out, first and last activity, response times', params: idParams } },
    async (request) => {
      const chat = await getChat(db, visibility, currentUser(request), request.params.id);
      const result = await sql<{ answered: number; median_seconds: number | null; average_seconds: number | null }>`
      WITH ordered AS (
        SELECT direction, sender_kind, sent_at, lag(direction) OVER (ORDER BY id) AS previous_direction
        FROM messages WHERE conversation_id = ${chat.id} AND kind <> 'note' AND sender_kind <> 'system'
      ), turns AS (
        SELECT sent_at, direction, sum(CASE WHEN direction = 'in' AND previous_direction IS DISTINCT FROM 'in' THEN 1 ELSE 0 END) OVER (ORDER BY sent_at) AS turn FROM ordered
      ), answers AS (
        SELECT extract(epoch FROM min(sent_at) FILTER (WHERE direction = 'out') - min(sent_at) FILTER (WHERE direction = 'in')) AS seconds
        FROM turns WHERE turn > 0 GROUP BY turn
      )
      SELECT count(seconds)::int AS answered, percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) AS median_seconds, avg(seconds) AS average_seconds FROM answers WHERE seconds >= 0`.execute(
        db,
      );
      const conversation = await db
        .selectFrom('conversations')
        .select(['messages_in', 'messages_out', 'first_message_at', 'last_message_at'])
        .where('id', '=', chat.id)
        .executeTakeFirstOrThrow();
      const times = result.rows[0];
      return {
        chat_id: chat.id,
        messages_in: conversation.messages_in,
        messages_out: conversation.messages_out,
        first_activity_at: conversation.first_message_at?.toISOString() ?? null,
        last_activity_at: conversation.last_message_at?.toISOString() ?? null,
        answered_turns: times?.answered ?? 0,
        median_response_seconds:
          times?.median_seconds === null || times?.median_seconds === undefined ? null : Math.round(Number(times.median_seconds)),
        average_response_seconds:
          times?.average_seconds === null || times?.average_seconds === undefined ? null : Math.round(Number(times.average_seconds)),
      };
    },
  );

  registerLabelRoutes(app, db, commit, visibility);
  registerCannedRoutes(app, db);
}

function registerLabelRoutes(
  app: HttpApp,
  db: Db,
  commit: (build: (trx: Db) => Promise<EventDraft[]>) => Promise<void>,
  visibility: Visibility,
): void {
  const tags = ['inbox'];
  app.get('/api/labels', { schema: { tags, summary: 'Labels' } }, async () => ({
    results: await db.selectFrom('labels').selectAll().orderBy('name').execute(),
    next_cursor: null,
  }));
  app.post(
    '/api/labels',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Add a label',
        body: labelBody,
      },
    },
    async (request, reply) => {
      const exists = await db
        .selectFrom('labels')
        .select('id')
        .where(sql<string>`lower(name)`, '=', request.body.name.toLowerCase())
        .executeTakeFirst();
      if (exists) throw conflict(`The label "${request.body.name}" exists already.`, 'label_exists');
      return reply.status(201).send(await db.insertInto('labels').values(request.body).returningAll().executeTakeFirstOrThrow());
    },
  );
  app.delete(
    '/api/labels/:id',
    { config: { access: 'admin' }, schema: { tags, summary: 'Remove a label from everywhere', params: idParams } },
    async (request, reply) => {
      const removed = await db.deleteFrom('labels').where('id', '=', request.params.id).executeTakeFirst();
      if (Number(removed.numDeletedRows) === 0) throw notFound(`Label ${request.params.id}`);
      return reply.status(204).send();
    },
  );
  app.get('/api/chats/:id/labels', { schema: { tags, summary: "The conversation's labels", params: idParams } }, async (request) => {
    const chat = await getChat(db, visibility, currentUser(request), request.params.id);
    const labels = await db
      .selectFrom('labels')
      .innerJoin('conversation_labels', 'conversation_labels.label_id', 'labels.id')
      .selectAll('labels')
      .where('conversation_labels.conversation_id', '=', chat.id)
      .orderBy('labels.name')
      .execute();
    return { chat_id: chat.id, labels };
  });
  app.put(
    '/api/chats/:id/labels',
    {
      schema: { tags, summary: "Set the conversation's labels", params: idParams, body: chatLabelsBody },
    },
    async (request) => {
      const chat = await getChat(db, visibility, currentUser(request), request.params.id);
      const ids = [...new Set(request.body.label_ids)];
      const known = ids.length ? await db.selectFrom('labels').select('id').where('id', 'in', ids).execute() : [];
      if (known.length !== ids.length) throw notFound('One of the labels');
      await commit(async (trx) => {
        await trx.deleteFrom('conversation_labels').where('conversation_id', '=', chat.id).execute();
        if (ids.length)
          await trx
            .insertInto('conversation_labels')
            .values(ids.map((labelId) => ({ conversation_id: chat.id, label_id: labelId })))
            .execute();
        return [
          {
            type: 'chat_updated',
            conversationId: chat.id,
            assignedOperatorId: chat.assigned_operator_id,
            payload: { chat, label_ids: ids },
          },
        ];
      });
      return {
        chat_id: chat.id,
        labels: ids.length ? await db.selectFrom('labels').selectAll().where('id', 'in', ids).orderBy('name').execute() : [],
      };
    },
  );
}

function registerCannedRoutes(app: HttpApp, db: Db): void {
  const tags = ['inbox'];
  const body = cannedResponseBody;
  app.get(
    '/api/canned-responses',
    {
      schema: {
        tags,
        summary: 'Saved answers; ?q= matches the start of the /shortcut',
        querystring: cannedResponseQuery,
      },
    },
    async (request) => {
      let query = db.selectFrom('canned_responses').selectAll().orderBy('shortcut');
      if (request.query.q)
        query = query.where('shortcut', 'ilike', `${request.query.q.replace(/^\//, '').replace(/[\\%_]/g, (char) => `\\${char}`)}%`);
      return { results: await query.limit(50).execute(), next_cursor: null };
    },
  );
  app.post(
    '/api/canned-responses',
    { config: { access: 'admin' }, schema: { tags, summary: 'Save an answer under a /shortcut', body } },
    async (request, reply) => {
      const exists = await db
        .selectFrom('canned_responses')
        .select('id')
        .where(sql<string>`lower(shortcut)`, '=', request.body.shortcut.toLowerCase())
        .executeTakeFirst();
      if (exists) throw conflict(`/${request.body.shortcut} exists already.`, 'shortcut_exists');
      return reply.status(201).send(
        await db
          .insertInto('canned_responses')
          .values({ ...request.body, created_by: currentUser(request).id })
          .returningAll()
          .executeTakeFirstOrThrow(),
      );
    },
  );
  app.delete(
    '/api/canned-responses/:id',
    { config: { access: 'admin' }, schema: { tags, summary: 'Remove a saved answer', params: idParams } },
    async (request, reply) => {
      const removed = await db.deleteFrom('canned_responses').where('id', '=', request.params.id).executeTakeFirst();
      if (Number(removed.numDeletedRows) === 0) throw notFound(`Canned response ${request.params.id}`);
      return reply.status(204).send();
    },
  );
}
