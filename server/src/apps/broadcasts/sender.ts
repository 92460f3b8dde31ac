// The broadcast lane's feeder. Recipients go to delivery's outbox a window at a time (the outbox row and the
// recipient's `queued` commit together, under a per-recipient idempotency key, so a crash neither loses nor
// doubles one); delivery paces them per bot and per chat behind operators' replies. Each tick also reads the
// ledger back into the recipients and announces progress.
import { sql } from 'kysely';
import { HttpError } from '../../platform/index.ts';
import type { LedgerEntry } from '../app.ts';
import { reference, type Broadcasts } from './broadcasts.service.ts';
import type { BroadcastContext, BroadcastDb } from './context.ts';
import { sendCopy } from './media.ts';
import { renderMessage } from './render.ts';
import type { ScheduledMessages } from './scheduled.service.ts';
import type { Stats } from './stats.ts';

/** Recipients in the outbox at once per broadcast: enough to keep a bot at its limit between ticks, few enough to pause quickly. */
const windowSize = 600;
const busyTickMs = 200;
const idleTickMs = 1_000;

export function createSender(
  context: BroadcastContext,
  broadcasts: Broadcasts,
  stats: Stats,
  scheduled: Pick<ScheduledMessages, 'sendDue'>,
  clock: () => Date,
) {
  const db = context.ownTables;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = true;

  async function tick(): Promise<boolean> {
    // Scheduled single messages ride the same ticker: due within a second, not a cron minute.
    await scheduled.sendDue();
    const due = await db
      .selectFrom('broadcasts')
      .select('id')
      .where('state', '=', 'scheduled')
      .where('scheduled_at', '<=', clock())
      .execute();
    for (const { id } of due) await beginDue(id);
    const active = await db
      .selectFrom('broadcasts')
      .select(['id', 'state'])
      .where((eb) =>
        eb.or([
          eb('state', '=', 'sending'),
          eb.exists(
            eb
              .selectFrom('broadcast_recipients')
              .select('contact_id')
              .whereRef('broadcast_recipients.broadcast_id', '=', 'broadcasts.id')
              .where('broadcast_recipients.state', '=', 'queued'),
          ),
        ]),
      )
      .execute();
    for (const broadcast of active) {
      const changed = await advance(broadcast.id);
      if (changed) {
        const progress = await stats.progress(broadcast.id);
        // Admins only: the broadcasts pages are theirs, and the counts say who the business writes to.
        if (progress) await context.staff.announce('broadcast_progress', progress, { roles: ['admin'] });
      }
    }
    return active.length > 0;
  }

  /**
   * A due broadcast starts; one whose segment no longer holds (a condition on a field removed since: a 4xx) goes back
   * to draft with the reason for its admins, instead of failing every tick and holding up the others.
   */
  async function beginDue(id: number): Promise<void> {
    try {
      await broadcasts.begin(id);
    } catch (error) {
      if (!(error instanceof HttpError) || error.statusCode >= 500) throw error;
      await db
        .updateTable('broadcasts')
        .set({ state: 'draft', problem: error.code })
        .where('id', '=', id)
        .where('state', '=', 'scheduled')
        .execute();
      context.logger.warn(
        { broadcast_id: id, code: error.code, err: error },
        'broadcasts: a scheduled broadcast could not start; back to draft',
      );
      const progress = await stats.progress(id);
      if (progress) await context.staff.announce('broadcast_progress', progress, { roles: ['admin'] });
    }
  }

  /** One broadcast's step: outcomes in, more recipients out, done when nothing is left. Returns whether anything changed. */
  async function advance(id: number): Promise<boolean> {
    const queued = await db
      .selectFrom('broadcast_recipients')
      .select(['contact_id', 'outbox_id'])
      .where('broadcast_id', '=', id)
      .where('state', '=', 'queued')
      .limit(windowSize * 2)
      .execute();
    // Read outside the transaction: the ledger port takes none (on PGlite's one connection it would wait).
    const ledger = await context.delivery.ledger(queued.flatMap((row) => (row.outbox_id ? [row.outbox_id] : [])));
    let woke = false;
    const changed = await db.transaction().execute(async (trx) => {
      const broadcast = await trx.selectFrom('broadcasts').selectAll().where('id', '=', id).forUpdate().skipLocked().executeTakeFirst();
      if (!broadcast) return false;
      // A message being sent at the pause went on; if it failed since, delivery put it back in the queue for a
      // retry. Withdraw it like the rest (each tick, within the retry's backoff of ≥ 0.5 s), so the pause holds.
      if (broadcast.state === 'paused') await context.delivery.withdraw(trx, reference(id));
      const settled = await settle(trx, broadcast, queued, ledger);
      let added = 0;
      if (broadcast.state === 'sending') {
        added = await enqueueMore(trx, broadcast, queued.length - settled);
        woke = added > 0;
        if (added === 0 && queued.length - settled === 0 && !(await hasPending(trx, id))) {
          await trx.updateTable('broadcasts').set({ state: 'done', finished_at: new Date() }).where('id', '=', id).execute();
          return true;
        }
      }
      return settled > 0 || added > 0;
    });
    if (woke) context.delivery.wake([(await broadcasts.find(id)).channel_id]);
    return changed;
  }

  const hasPending = async (trx: BroadcastDb, id: number) =>
    (await trx
      .selectFrom('broadcast_recipients')
      .select('contact_id')
      .where('broadcast_id', '=', id)
      .where('state', '=', 'pending')
      .limit(1)
      .executeTakeFirst()) !== undefined;

  /** Outcomes from the ledger; a blocked bot marks the contact unreachable so that the next audience leaves them out. */
  async function settle(
    trx: BroadcastDb,
    broadcast: { id: number; channel_id: number; state: string },
    queued: Array<{ contact_id: number; outbox_id: number | null }>,
    ledger: Map<number, LedgerEntry>,
  ): Promise<number> {
    const outcomes: Array<{ contact_id: number; state: string; error: string | null; attempts: number; sent_at: string | null }> = [];
    for (const row of queued) {
      const entry = row.outbox_id ? ledger.get(row.outbox_id) : undefined;
      if (!entry) continue;
      // Withdrawn by a pause: it goes back to the queue on resume, so it is not an outcome yet — also when the
      // broadcast is sending again: the ledger was read before this transaction, and a resume may have put the row
      // back in between (that read would otherwise mark every recipient skipped). Only a cancel makes it final.
      const withdrawn = entry.state === 'cancelled' && entry.last_error_code === 'CANCELLED';
      if (withdrawn && broadcast.state !== 'cancelled') continue;
      if (withdrawn) {
        outcomes.push({ contact_id: row.contact_id, state: 'skipped', error: 'cancelled', attempts: entry.attempts, sent_at: null });
        continue;
      }
      if (entry.state === 'sent')
        outcomes.push({
          contact_id: row.contact_id,
          state: 'sent',
          error: null,
          attempts: entry.attempts,
          sent_at: entry.sent_at?.toISOString() ?? null,
        });
      else if (entry.state === 'failed' || entry.state === 'cancelled') {
        const blocked = entry.last_error_code === 'BLOCKED';
        if (blocked)
          await context.contacts.markUnreachable(row.contact_id, broadcast.channel_id, entry.last_error ?? 'blocked the bot', trx);
        outcomes.push({
          contact_id: row.contact_id,
          state: blocked ? 'unreachable' : 'failed',
          error: blocked ? 'blocked' : (entry.last_error_code ?? entry.state).toLowerCase(),
          attempts: entry.attempts,
          sent_at: null,
        });
      }
    }
    if (outcomes.length === 0) return 0;
    await sql`
      UPDATE broadcast_recipients AS recipient
      SET state = outcome.state, error = outcome.error, attempts = outcome.attempts, sent_at = outcome.sent_at
      FROM jsonb_to_recordset(${JSON.stringify(outcomes)}::jsonb)
        AS outcome(contact_id int, state text, error text, attempts int, sent_at timestamptz)
      WHERE recipient.broadcast_id = ${broadcast.id} AND recipient.contact_id = outcome.contact_id AND recipient.state = 'queued'`.execute(
      trx,
    );
    return outcomes.length;
  }

  async function enqueueMore(trx: BroadcastDb, broadcast: Awaited<ReturnType<Broadcasts['find']>>, inFlight: number): Promise<number> {
    const room = windowSize - inFlight;
    if (room <= 0) return 0;
    const pending = await trx
      .selectFrom('broadcast_recipients')
      .leftJoin('broadcast_consents', 'broadcast_consents.contact_id', 'broadcast_recipients.contact_id')
      .select(['broadcast_recipients.contact_id', 'broadcast_consents.state as consent'])
      .where('broadcast_recipients.broadcast_id', '=', broadcast.id)
      .where('broadcast_recipients.state', '=', 'pending')
      .orderBy('broadcast_recipients.contact_id')
      .limit(room)
      .execute();
    if (pending.length === 0) return 0;
    const ids = pending.map((row) => row.contact_id);
    const media = broadcast.media ? { file: broadcast.media, path: await sendCopy(context.files, broadcast.media) } : undefined;
    const [chats, profiles] = await Promise.all([
      context.contacts.chatsOn(broadcast.channel_id, ids, trx),
      context.contacts.findMany(ids, trx),
    ]);
    const updates: Array<{
      contact_id: number;
      state: string;
      outbox_id: number | null;
      conversation_id: number | null;
      language: string | null;
      error: string | null;
    }> = [];
    const messages: Parameters<BroadcastContext['delivery']['enqueueMany']>[1] = [];
    for (const row of pending) {
      const chat = chats.get(row.contact_id);
      // Withdrawn after the start: a marketing message never goes to someone who unsubscribed.
      if (broadcast.kind === 'marketing' && row.consent !== 'given') {
        updates.push({
          contact_id: row.contact_id,
          state: 'skipped',
          outbox_id: null,
          conversation_id: null,
          language: null,
          error: 'consent withdrawn',
        });
        continue;
      }
      if (!chat) {
        updates.push({
          contact_id: row.contact_id,
          state: 'skipped',
          outbox_id: null,
          conversation_id: null,
          language: null,
          error: 'no chat',
        });
        continue;
      }
      const rendered = renderMessage({
        kind: broadcast.kind,
        texts: broadcast.texts,
        buttons: broadcast.buttons,
        template: broadcast.template,
        contact: profiles.get(row.contact_id),
        chatId: chat.chatId,
        media,
      });
      messages.push({
        channelId: broadcast.channel_id,
        lane: 'broadcast',
        message: rendered.message,
        idempotencyKey: `broadcast:${broadcast.id}:${row.contact_id}`,
        reference: reference(broadcast.id),
      });
      updates.push({
        contact_id: row.contact_id,
        state: 'queued',
        outbox_id: null,
        conversation_id: chat.conversationId,
        language: rendered.language,
        error: null,
      });
    }
    // One statement per 500 rows rather than a round trip per recipient: the window's transaction stays short, so
    // the operators' replies and delivery's claims (on PGlite, the one connection) do not wait behind it.
    const outboxIds = await context.delivery.enqueueMany(trx, messages);
    let next = 0;
    for (const update of updates) if (update.state === 'queued') update.outbox_id = outboxIds[next++]!;
    await sql`
      UPDATE broadcast_recipients AS recipient
      SET state = next.state, outbox_id = next.outbox_id, conversation_id = next.conversation_id, language = next.language, error = next.error
      FROM jsonb_to_recordset(${JSON.stringify(updates)}::jsonb)
        AS next(contact_id int, state text, outbox_id bigint, conversation_id int, language text, error text)
      WHERE recipient.broadcast_id = ${broadcast.id} AND recipient.contact_id = next.contact_id`.execute(trx);
    return updates.length;
  }

  function schedule(delayMs: number): void {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick()
        .then(
          (busy) => schedule(busy ? busyTickMs : idleTickMs),
          (error: unknown) => {
            context.logger.warn({ err: error }, 'broadcast tick failed');
            schedule(idleTickMs);
          },
        )
        .finally(() => (running = undefined));
    }, delayMs);
    timer.unref();
  }

  return {
    tick,
    start(): void {
      stopped = false;
      schedule(0);
    },
    /** Starts a tick now (after a start or resume) instead of waiting for the idle one. */
    nudge(): void {
      if (stopped || running) return;
      clearTimeout(timer);
      schedule(0);
    },
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

export type Sender = ReturnType<typeof createSender>;
