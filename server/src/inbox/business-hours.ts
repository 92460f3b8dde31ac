// Issue 26: business hours per account with a default for all. Keeps the rows in memory (they change rarely
// and the intake asks on every customer message), sends the away message, and says which hours apply.
import type { BusinessHours } from '@switchboard/contract';
import type { ColumnType, Generated, Kysely } from 'kysely';
import { deliveryTables, type Delivery } from '../delivery/index.ts';
import { closedSince, type Schedule } from './business-hours-schedule.ts';
import type { InboxDb, InboxPartTables, MessageRow } from './tables.ts';

type Defaulted<T> = ColumnType<T, T | undefined, T>;

export interface BusinessHoursTables {
  business_hours: {
    id: Generated<number>;
    /** null: the default for every account without its own row. */
    channel_id: number | null;
    time_zone: string;
    weekly: unknown;
    holidays: unknown;
    away_enabled: Defaulted<boolean>;
    away_text_ru: Defaulted<string>;
    away_text_en: Defaulted<string>;
    first_response_minutes: number | null;
    resolution_minutes: number | null;
    updated_at: Defaulted<Date>;
  };
  business_hours_away_sent: { conversation_id: number; closed_since: Date; message_id: number | null };
}
export type BusinessHoursDb = Kysely<BusinessHoursTables & InboxPartTables>;
/** The inbox's handle with these tables too (the inbox's own migration 0020 makes them). */
export const businessHoursTables = (handle: InboxDb): BusinessHoursDb => handle as unknown as BusinessHoursDb;

type Row = BusinessHoursTables['business_hours'] extends infer T
  ? { [K in keyof T]: T[K] extends ColumnType<infer S, unknown, unknown> ? S : T[K] }
  : never;

export function toBusinessHours(row: Row): BusinessHours {
  return {
    channel_id: row.channel_id,
    time_zone: row.time_zone,
    weekly: row.weekly as BusinessHours['weekly'],
    holidays: row.holidays as string[],
    away_enabled: row.away_enabled,
    away_text_ru: row.away_text_ru,
    away_text_en: row.away_text_en,
    first_response_minutes: row.first_response_minutes,
    resolution_minutes: row.resolution_minutes,
    updated_at: new Date(row.updated_at).toISOString(),
  };
}

export function scheduleOf(hours: BusinessHours): Schedule {
  return { timeZone: hours.time_zone, weekly: hours.weekly, holidays: hours.holidays };
}

export function createBusinessHours(options: { db: InboxDb; delivery: Pick<Delivery, 'enqueue'>; now: () => Date }) {
  const db = businessHoursTables(options.db);
  let cache: BusinessHours[] | null = null;
  let loadedAt = 0;
  // Bumped by each change, so a read that began before it never stores what it read.
  let generation = 0;
  // Another instance's change reaches this one within this long; this instance's own changes at once.
  const cacheMs = 30_000;

  /**
   * Every row, from memory when fresh. Inside a transaction pass its handle: a query on the outer handle there
   * would deadlock PGlite, and so no read in flight is shared between callers.
   */
  async function all(handle: BusinessHoursDb = db): Promise<BusinessHours[]> {
    if (cache && Date.now() - loadedAt <= cacheMs) return cache;
    const started = generation;
    const rows = (await handle.selectFrom('business_hours').selectAll().execute()).map(toBusinessHours);
    if (started === generation) [cache, loadedAt] = [rows, Date.now()];
    return rows;
  }

  /** The hours that apply to an account: its own, else the default, else none. */
  async function forChannel(channelId: number, handle: BusinessHoursDb = db): Promise<BusinessHours | null> {
    const rows = await all(handle);
    return rows.find((row) => row.channel_id === channelId) ?? rows.find((row) => row.channel_id === null) ?? null;
  }

  /**
   * Intake hook, inside the intake's transaction: a customer's message while the account is closed gets the away
   * message once per conversation per closed period (the key row makes a redelivery or a second message a no-op).
   * The delivery sweep sends it (the intake's transaction has no after-commit wake-up for the inbox).
   */
  async function sendAwayMessage(trx: InboxDb, message: MessageRow): Promise<void> {
    if (message.direction !== 'in' || message.sender_kind !== 'client' || message.kind === 'service') return;
    const tx = businessHoursTables(trx);
    if (!(await all(tx)).some((row) => row.away_enabled)) return;
    const conversation = await tx
      .selectFrom('conversations')
      .leftJoin('contacts', 'contacts.id', 'conversations.contact_id')
      .select(['conversations.channel_id', 'conversations.external_chat_id', 'conversations.topic_id', 'conversations.chat_type'])
      .select('contacts.language_code')
      .where('conversations.id', '=', message.conversation_id)
      .executeTakeFirst();
    if (!conversation || conversation.chat_type !== 'private') return;
    const hours = await forChannel(conversation.channel_id, tx);
    if (!hours?.away_enabled) return;
    const since = closedSince(scheduleOf(hours), options.now());
    if (!since) return;
    const russian = (conversation.language_code ?? '').toLowerCase().startsWith('ru');
    const text = (russian ? hours.away_text_ru || hours.away_text_en : hours.away_text_en || hours.away_text_ru).trim();
    if (!text) return;
    const claimed = await tx
      .insertInto('business_hours_away_sent')
      .values({ conversation_id: message.conversation_id, closed_since: since })
      .onConflict((conflict) => conflict.doNothing())
      .returning('conversation_id')
      .executeTakeFirst();
    if (!claimed) return;
    const away = await tx
      .insertInto('messages')
      .values({ conversation_id: message.conversation_id, direction: 'out', sender_kind: 'bot', kind: 'text', text, status: 'queued' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await options.delivery.enqueue(deliveryTables(trx), {
      channelId: conversation.channel_id,
      lane: 'interactive',
      messageId: away.id,
      idempotencyKey: `away:${message.conversation_id}:${since.getTime()}`,
      message: { chatId: conversation.external_chat_id, topicId: conversation.topic_id || undefined, text },
    });
    await tx
      .updateTable('business_hours_away_sent')
      .set({ message_id: away.id })
      .where('conversation_id', '=', message.conversation_id)
      .where('closed_since', '=', since)
      .execute();
  }

  return {
    db,
    all,
    forChannel,
    sendAwayMessage,
    /** After a change in this process: the next read loads the rows again. */
    forget(): void {
      cache = null;
      generation += 1;
    },
  };
}

export type BusinessHoursService = ReturnType<typeof createBusinessHours>;
