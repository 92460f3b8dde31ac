// CSAT (issue 26): when a conversation is resolved, the customer is asked inside their messenger, with buttons, how
// satisfied they are (1–5). The question goes out through the flow runtime's reply sender (main.ts hands it in), so
// each channel fits the buttons to what it can show; the answer comes back as a flow `choice` (or a typed digit or
// emoji) and is kept once per resolution, tied to whoever held the conversation and its team. Off until an admin
// switches it on.
import { csatSettingsBody, idParams, type CsatRatingList, type CsatSettings } from '@switchboard/contract';
import { sql } from 'kysely';
import type { FlowReply } from '../channels/flows.ts';
import { currentUser, notFound, readSetting, writeSetting, platformTables, type HttpApp, type RealtimeHub } from '../platform/index.ts';
import { recordEvents } from './events.ts';
import { insertServiceLine } from './queries/conversations.ts';
import { teamChats } from './queries/status.ts';
import type { InboxDb } from './tables.ts';
import type { Visibility } from './visibility.ts';

export type CsatLanguage = 'ru' | 'kk' | 'en';

/** How main.ts sends flow replies to a chat, and reads a messenger's language code as one of ours. */
export interface CsatSender {
  send(chat: { channelId: number; chatId: string; topicId: string }, language: CsatLanguage, replies: FlowReply[]): Promise<void>;
  languageOf(code: string | null): CsatLanguage;
}

/** What the flow runtime hands an inbox handler: the event, its conversation, the customer's language, a way to reply. */
export interface CsatFlowContext {
  event: { type: string; payload?: string; text?: string };
  conversationId: number;
  language: CsatLanguage;
  reply(...replies: FlowReply[]): void;
}

const settingKey = 'csat';
/** A typed answer counts only this long after the question; later, a "5" is just a message. */
const typedAnswerWindowMs = 3 * 24 * 3_600_000;
const faces = ['😞', '🙁', '😐', '🙂', '😍'] as const;

const texts = {
  question: {
    ru: 'Оцените, пожалуйста, как мы помогли: от 1 (плохо) до 5 (отлично).',
    kk: 'Біздің көмегімізді бағалаңызшы: 1-ден (нашар) 5-ке (өте жақсы) дейін.',
    en: 'How did we do? Rate us from 1 (poor) to 5 (excellent).',
  },
  thanks: { ru: 'Спасибо за оценку!', kk: 'Бағаңыз үшін рақмет!', en: 'Thank you for your rating!' },
  already: {
    ru: 'Вы уже оценили этот разговор — спасибо!',
    kk: 'Сіз бұл әңгімені бағаладыңыз — рақмет!',
    en: 'You have rated this conversation already — thank you!',
  },
} as const;

/** "5", "5/5", "5 из 5" or one of the buttons' faces → the rating; anything else → null. */
export function typedRating(text: string): number | null {
  const trimmed = text.trim();
  const face = faces.findIndex((candidate) => trimmed === candidate);
  if (face >= 0) return face + 1;
  const match = /^([1-5])(?:\s*(?:\/|из|of)\s*5)?[.!]?$/iu.exec(trimmed);
  return match ? Number(match[1]) : null;
}

export function createCsat(options: { db: InboxDb; hub: RealtimeHub; visibility: Visibility; now: () => Date }) {
  const { db, hub, now } = options;
  let sender: CsatSender | null = null;

  const settings = async (): Promise<CsatSettings> => ({
    enabled: false,
    ...(await readSetting<{ enabled?: boolean }>(platformTables(db), settingKey)),
  });

  /**
   * Keeps the first answer: a second press (or another instance's) changes nothing. An answer is a customer message
   * (a press is recorded as one too), which reopened the conversation: when only answers came since the question, it
   * goes back to resolved — no new resolution, so reports count none. True when this answer was the first.
   */
  async function record(ratingId: number, conversationId: number, rating: number, typed: boolean): Promise<boolean> {
    const outcome = await db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('csat_ratings')
        .select(['asked_at', 'rating'])
        .where('id', '=', ratingId)
        .where('conversation_id', '=', conversationId)
        .forUpdate()
        .executeTakeFirst();
      if (!row) return null;
      const fresh = row.rating === null;
      if (fresh) {
        await trx.updateTable('csat_ratings').set({ rating, answered_at: now() }).where('id', '=', ratingId).execute();
        await insertServiceLine(trx, conversationId, { code: 'csat_rated', params: { rating: String(rating) } }, null);
      }
      await trx
        .updateTable('conversations')
        .set({ status: 'resolved', updated_at: now() })
        .where('id', '=', conversationId)
        .where('status', '=', 'open')
        .where(
          sql<boolean>`(SELECT count(*) FROM messages m WHERE m.conversation_id = ${conversationId} AND m.direction = 'in'
                          AND m.kind <> 'service' AND m.created_at >= ${row.asked_at}) <= ${typed ? 1 : 0}`,
        )
        .execute();
      const [chat] = await teamChats(trx, [conversationId]);
      const events = await recordEvents(trx, [
        { type: 'chat_updated', conversationId, assignedOperatorId: chat!.assigned_operator_id, payload: { chat, transition: 'rated' } },
      ]);
      return { fresh, events };
    });
    if (outcome === null) return false;
    hub.publish(outcome.events);
    return outcome.fresh;
  }

  return {
    /** main.ts hands in the flow runtime's sender once flows exist (they are built after the inbox). */
    useSender(given: CsatSender): void {
      sender = given;
    },

    /** After a resolution: asks the customer of a private chat, once per resolution, when CSAT is on. */
    async ask(conversationId: number): Promise<void> {
      if (!sender || !(await settings()).enabled) return;
      const conversation = await db
        .selectFrom('conversations')
        .leftJoin('contacts', 'contacts.id', 'conversations.contact_id')
        .select([
          'conversations.channel_id',
          'conversations.external_chat_id',
          'conversations.topic_id',
          'conversations.chat_type',
          'conversations.status',
          'conversations.assigned_operator_id',
          'conversations.team_id',
          'contacts.language_code',
        ])
        .where('conversations.id', '=', conversationId)
        .executeTakeFirst();
      if (!conversation || conversation.status !== 'resolved' || conversation.chat_type !== 'private') return;
      const resolution = await db
        .selectFrom('messages')
        .select(['id', 'sender_staff_id'])
        .where('conversation_id', '=', conversationId)
        .where('kind', '=', 'service')
        .where(sql<string>`service->>'code'`, '=', 'resolved')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (!resolution) return;
      const asked = await db
        .insertInto('csat_ratings')
        .values({
          conversation_id: conversationId,
          resolution_message_id: Number(resolution.id),
          operator_id: conversation.assigned_operator_id ?? resolution.sender_staff_id,
          team_id: conversation.team_id,
          asked_at: now(),
        })
        .onConflict((conflict) => conflict.column('resolution_message_id').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!asked) return;
      const language = sender.languageOf(conversation.language_code);
      const rows = [faces.map((face, index) => ({ title: `${face} ${index + 1}`, payload: `csat:${asked.id}:${index + 1}` }))];
      // A failure is logged by the domain event that called this; the question is not asked twice for one resolution.
      await sender.send(
        { channelId: conversation.channel_id, chatId: conversation.external_chat_id, topicId: conversation.topic_id },
        language,
        [{ type: 'choices', text: texts.question[language], rows }],
      );
    },

    /** The flow runtime's handler: a rating button, or a typed rating while a question waits. True when it was one. */
    async handle(context: CsatFlowContext): Promise<boolean> {
      const { event, conversationId, language } = context;
      if (event.type === 'choice' && event.payload?.startsWith('csat:')) {
        const [, id, value] = event.payload.split(':');
        const rating = Number(value);
        if (!Number.isInteger(rating) || rating < 1 || rating > 5) return false;
        const fresh = await record(Number(id), conversationId, rating, false);
        context.reply({ type: 'text', text: fresh ? texts.thanks[language] : texts.already[language] });
        return true;
      }
      if (event.type !== 'message' || !event.text) return false;
      const rating = typedRating(event.text);
      if (rating === null) return false;
      const waiting = await db
        .selectFrom('csat_ratings')
        .select('id')
        .where('conversation_id', '=', conversationId)
        .where('rating', 'is', null)
        .where('asked_at', '>', new Date(now().getTime() - typedAnswerWindowMs))
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (!waiting || !(await record(waiting.id, conversationId, rating, true))) return false;
      context.reply({ type: 'text', text: texts.thanks[language] });
      return true;
    },

    registerRoutes(app: HttpApp): void {
      const tags = ['inbox'];
      app.get(
        '/api/inbox/csat',
        { config: { access: 'admin' }, schema: { tags, summary: 'Whether customers are asked for a rating after a resolution' } },
        settings,
      );
      app.put(
        '/api/inbox/csat',
        {
          config: { access: 'admin' },
          schema: { tags, summary: 'Switch the rating question after a resolution on or off', body: csatSettingsBody },
        },
        async (request) => {
          await writeSetting(platformTables(db), settingKey, { enabled: request.body.enabled });
          return settings();
        },
      );
      app.get(
        '/api/chats/:id/csat',
        { schema: { tags, summary: "A conversation's rating questions and answers, newest first", params: idParams } },
        async (request): Promise<CsatRatingList> => {
          const visible = await options.visibility.filter(currentUser(request));
          const chat = await db
            .selectFrom('conversations')
            .select('id')
            .where('id', '=', request.params.id)
            .where(visible)
            .executeTakeFirst();
          if (!chat) throw notFound(`Chat ${request.params.id}`);
          const rows = await db
            .selectFrom('csat_ratings')
            .select(['id', 'rating', 'operator_id', 'team_id', 'asked_at', 'answered_at'])
            .where('conversation_id', '=', chat.id)
            .orderBy('id', 'desc')
            .limit(50)
            .execute();
          return {
            results: rows.map((row) => ({
              ...row,
              asked_at: row.asked_at.toISOString(),
              answered_at: row.answered_at?.toISOString() ?? null,
            })),
            next_cursor: null,
          };
        },
      );
    },
  };
}

export type Csat = ReturnType<typeof createCsat>;
