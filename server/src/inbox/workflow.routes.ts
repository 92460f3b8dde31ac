import {
  chatLabelsBody,
  idParams,
  labelBody,
  noteBody,
  type ChatLabels,
  type ChatStats,
  type Label,
  type LabelList,
  type Message,
  type TypingSignal,
} from '@switchboard/contract';
import { conflict, currentUser, notFound, type HttpApp, type RealtimeHub } from '../platform/index.ts';
import type { ReplyStatus } from '../channels/channel.ts';
import { getChat } from './chats.service.ts';
import { conversationAddress, conversationCounters, insertNote, responseTimes } from './queries/conversations.ts';
import {
  deleteLabel,
  insertLabel,
  labelNameTaken,
  labelsByIds,
  labelsOfConversation,
  listLabels,
  replaceConversationLabels,
} from './queries/labels.ts';
import { recordEvents, type EventDraft } from './events.ts';
import { checkMentions, mentionEvents } from './mentions.ts';
import { checkText } from './send.service.ts';
import { serializeMessage } from './serializers.ts';
import type { InboxDb } from './tables.ts';
import type { ConversationStatus } from './conversation-status.ts';
import type { Visibility } from './visibility.ts';

const typingEveryMs = 4_000;

function serializeLabel(row: Awaited<ReturnType<typeof listLabels>>[number]): Label {
  return { id: row.id, name: row.name, color: row.color, created_at: row.created_at.toISOString() };
}

export interface ChatActions {
  /** Shows "typing…" to the customer, where the channel can (capabilities.typing). */
  typing(channelId: number, externalChatId: string): Promise<void>;
  /** Whether the chat can be answered now, from its channel (a paused business connection cannot). */
  replyStatus(channelId: number, externalChatId: string): Promise<ReplyStatus>;
}

/** Working the queue: resolve/reopen, labels, private notes, typing, statistics (saved answers: canned-responses.routes.ts). */
export function registerWorkflowRoutes(
  app: HttpApp,
  options: { db: InboxDb; hub: RealtimeHub; visibility: Visibility; actions: ChatActions; status: ConversationStatus },
): void {
  const { db } = options;
  const { hub, visibility } = options;
  const tags = ['inbox'];
  const lastTyping = new Map<number, number>();

  async function commit(build: (trx: InboxDb) => Promise<EventDraft[]>) {
    const events = await db.transaction().execute(async (trx) => recordEvents(trx, await build(trx)));
    hub.publish(events);
  }

  app.post(
    '/api/chats/:id/resolve',
    { schema: { tags, summary: 'Mark the conversation resolved (a new customer message reopens it)', params: idParams } },
    async (request) => options.status.change(currentUser(request), request.params.id, { status: 'resolved' }),
  );
  app.post('/api/chats/:id/reopen', { schema: { tags, summary: 'Reopen the conversation', params: idParams } }, async (request) =>
    options.status.change(currentUser(request), request.params.id, { status: 'open' }),
  );

  app.post(
    '/api/chats/:id/notes',
    {
      schema: {
        tags,
        summary: 'A private note: staff see it in the conversation; the customer never does. `mentions`: colleagues to alert',
        params: idParams,
        body: noteBody,
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const chat = await getChat(db, visibility, user, request.params.id);
      const text = checkText(request.body.text);
      const mentioned = await checkMentions(db, visibility, user, chat, request.body.mentions);
      let note: Message | undefined;
      await commit(async (trx) => {
        const row = await insertNote(trx, chat.id, { id: user.id, name: user.name || user.email }, text);
        note = serializeMessage(row);
        return [
          { type: 'new_message', conversationId: chat.id, assignedOperatorId: chat.assigned_operator_id, payload: { message: note, chat } },
          ...mentionEvents(mentioned, row, chat.id, user),
        ];
      });
      return reply.status(201).send(note);
    },
  );

  app.post(
    '/api/chats/:id/typing',
    { schema: { tags, summary: 'Show "typing…" to the customer while an operator writes', params: idParams } },
    async (request): Promise<TypingSignal> => {
      const chat = await getChat(db, visibility, currentUser(request), request.params.id);
      const now = Date.now();
      // Messengers show the action for a few seconds; sending it more often only spends the account's rate.
      if (now - (lastTyping.get(chat.id) ?? 0) < typingEveryMs) return { ok: true, sent: false };
      // Kept in the order of the last signal, so entries past the window (which decide nothing) leave from the front.
      lastTyping.delete(chat.id);
      lastTyping.set(chat.id, now);
      for (const [id, at] of lastTyping) {
        if (now - at < typingEveryMs) break;
        lastTyping.delete(id);
      }
      const conversation = await conversationAddress(db, chat.id);
      await options.actions.typing(conversation.channel_id, conversation.external_chat_id).catch(() => undefined);
      return { ok: true, sent: true };
    },
  );

  app.get(
    '/api/chats/:id/stats',
    { schema: { tags, summary: 'Messages in and out, first and last activity, response times', params: idParams } },
    async (request): Promise<ChatStats> => {
      const chat = await getChat(db, visibility, currentUser(request), request.params.id);
      const conversation = await conversationCounters(db, chat.id);
      const times = await responseTimes(db, chat.id);
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
}

function registerLabelRoutes(
  app: HttpApp,
  db: InboxDb,
  commit: (build: (trx: InboxDb) => Promise<EventDraft[]>) => Promise<void>,
  visibility: Visibility,
): void {
  const tags = ['inbox'];
  app.get('/api/labels', { schema: { tags, summary: 'Labels' } }, async (): Promise<LabelList> => ({
    results: (await listLabels(db)).map(serializeLabel),
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
      if (await labelNameTaken(db, request.body.name)) throw conflict(`The label "${request.body.name}" exists already.`, 'label_exists');
      return reply.status(201).send(serializeLabel(await insertLabel(db, request.body)));
    },
  );
  app.delete(
    '/api/labels/:id',
    { config: { access: 'admin' }, schema: { tags, summary: 'Remove a label from everywhere', params: idParams } },
    async (request, reply) => {
      if (!(await deleteLabel(db, request.params.id))) throw notFound(`Label ${request.params.id}`);
      return reply.status(204).send();
    },
  );
  app.get(
    '/api/chats/:id/labels',
    { schema: { tags, summary: "The conversation's labels", params: idParams } },
    async (request): Promise<ChatLabels> => {
      const chat = await getChat(db, visibility, currentUser(request), request.params.id);
      return { chat_id: chat.id, labels: (await labelsOfConversation(db, chat.id)).map(serializeLabel) };
    },
  );
  app.put(
    '/api/chats/:id/labels',
    {
      schema: { tags, summary: "Set the conversation's labels", params: idParams, body: chatLabelsBody },
    },
    async (request): Promise<ChatLabels> => {
      const chat = await getChat(db, visibility, currentUser(request), request.params.id);
      const ids = [...new Set(request.body.label_ids)];
      const labels = await labelsByIds(db, ids);
      if (labels.length !== ids.length) throw notFound('One of the labels');
      await commit(async (trx) => {
        await replaceConversationLabels(trx, chat.id, ids);
        return [
          {
            type: 'chat_updated',
            conversationId: chat.id,
            assignedOperatorId: chat.assigned_operator_id,
            payload: { chat, label_ids: ids },
          },
        ];
      });
      return { chat_id: chat.id, labels: labels.map(serializeLabel) };
    },
  );
}
