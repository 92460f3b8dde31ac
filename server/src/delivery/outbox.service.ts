// The outbox's SQL: every query the dispatcher and the callers of delivery run.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { OutboundMessage } from '../channels/channel.ts';
import { laneRank, lanes, type AttemptOutcome, type DeliveryDb, type Lane, type OutboxRow } from './tables.ts';

/** What a caller asks to deliver. */
export interface EnqueueInput {
  channelId: number;
  lane: Lane;
  message: OutboundMessage;
  /** Same key, same row: a repeated enqueue inserts nothing. Random when omitted. */
  idempotencyKey?: string;
  /** The inbox message this row delivers. */
  messageId?: number | null;
  /** What caused it (notification, broadcast …), for reports and cancelling. */
  reference?: { type: string; id: string | number } | null;
  /** The row whose delivered message this one changes (same chat: it waits for that row) instead of sending anew. */
  editOf?: number | null;
}

function toValues(input: EnqueueInput) {
  if (!lanes.includes(input.lane)) throw new Error(`Unknown delivery lane ${JSON.stringify(input.lane)}; use one of ${lanes.join(', ')}.`);
  if (!input.message.chatId) throw new Error('An outbound message needs a chatId.');
  if (!input.message.text?.trim() && !input.message.media?.length) throw new Error('An outbound message needs text or media.');
  if ((input.editOf ?? null) !== null && (input.message.media?.length || !input.message.text?.trim()))
    throw new Error('An edit changes the text of a sent message: it needs text and no media.');
  return {
    channel_id: input.channelId,
    external_chat_id: input.message.chatId,
    topic_id: input.message.topicId ?? '',
    lane: input.lane,
    lane_rank: laneRank(input.lane),
    idempotency_key: input.idempotencyKey ?? `auto:${randomUUID()}`,
    message_id: input.messageId ?? null,
    reference_type: input.reference?.type ?? null,
    reference_id: input.reference ? String(input.reference.id) : null,
    payload: JSON.stringify(input.message),
    edit_of: input.editOf ?? null,
  };
}

export async function insertOutboxRow(trx: DeliveryDb, input: EnqueueInput): Promise<{ id: number; created: boolean }> {
  const values = toValues(input);
  const inserted = await trx
    .insertInto('outbox')
    .values(values)
    .onConflict((conflict) => conflict.column('idempotency_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return { id: inserted.id, created: true };
  const existing = await trx
    .selectFrom('outbox')
    .select('id')
    .where('idempotency_key', '=', values.idempotency_key)
    .executeTakeFirstOrThrow();
  return { id: existing.id, created: false };
}

/** Many rows in few statements (broadcasts); rows whose key exists are skipped. */
export async function insertOutboxRows(trx: DeliveryDb, inputs: EnqueueInput[]): Promise<{ created: number; channelIds: number[] }> {
  let created = 0;
  for (let start = 0; start < inputs.length; start += 500) {
    const rows = await trx
      .insertInto('outbox')
      .values(inputs.slice(start, start + 500).map(toValues))
      .onConflict((conflict) => conflict.column('idempotency_key').doNothing())
      .returning('id')
      .execute();
    created += rows.length;
  }
  return { created, channelIds: [...new Set(inputs.map((input) => input.channelId))] };
}

/**
 * Like insertOutboxRows, and the row id of each input in order (an existing key gives its row's id): a broadcast
 * queues its window in a few statements instead of one round trip per recipient, so its transaction stays short.
 */
export async function insertOutboxRowsWithIds(trx: DeliveryDb, inputs: EnqueueInput[]): Promise<number[]> {
  const values = inputs.map(toValues);
  const ids = new Map<string, number>();
  for (let start = 0; start < values.length; start += 500) {
    const chunk = values.slice(start, start + 500);
    const inserted = await trx
      .insertInto('outbox')
      .values(chunk)
      .onConflict((conflict) => conflict.column('idempotency_key').doNothing())
      .returning(['id', 'idempotency_key'])
      .execute();
    for (const row of inserted) ids.set(row.idempotency_key, row.id);
    const missing = chunk.flatMap((row) => (ids.has(row.idempotency_key) ? [] : [row.idempotency_key]));
    if (missing.length > 0) {
      const existing = await trx.selectFrom('outbox').select(['id', 'idempotency_key']).where('idempotency_key', 'in', missing).execute();
      for (const row of existing) ids.set(row.idempotency_key, row.id);
    }
  }
  return values.map((row) => {
    const id = ids.get(row.idempotency_key);
    if (id === undefined) throw new Error(`outbox row ${row.idempotency_key} was neither inserted nor found`);
    return id;
  });
}

/** A claimed row, whether its chat has more open rows behind it, and when that chat's last messages were sent. */
export type ClaimedRow = OutboxRow & { has_next: boolean; recent_sends: number[] };

/** The bot's bucket shared by every instance (delivery_rate_budget), and how far back a chat's sends matter. */
export interface ClaimBudget {
  burst: number;
  perSecond: number;
  /** How many of a chat's latest sends to return with each row, and from how far back. */
  chatHistory: { depth: number; windowMs: number };
}

/** Creates the bot's shared bucket, full, unless it exists. */
export async function ensureBudget(db: DeliveryDb, channelId: number, burst: number): Promise<void> {
  await sql`INSERT INTO delivery_rate_budget (channel_id, tokens) VALUES (${channelId}, ${burst}) ON CONFLICT (channel_id) DO NOTHING`.execute(
    db,
  );
}

/**
 * Claims up to `limit` rows of one bot that may be sent now: queued and due,
 * the first open row of their chat among its lane and better ones (per-lane
 * order, also while an earlier row waits for a retry; a better lane overtakes),
 * not in a chat that is resting, best lane first — and no
 * more than the bot's shared bucket holds, whose tokens the same statement
 * takes (the bucket row is locked for that statement only). `budgetLeft` is
 * what the bucket holds afterwards.
 */
export async function claimRows(
  db: DeliveryDb,
  options: { channelId: number; instanceId: string; limit: number; skipChats: string[]; budget: ClaimBudget },
): Promise<{ rows: ClaimedRow[]; budgetLeft: number }> {
  // Chat ids are digits, a minus sign or @username: a comma never occurs in one.
  const skipped = options.skipChats.join(',');
  const { burst, perSecond, chatHistory } = options.budget;
  const result = await sql<ClaimedRow & { budget_left: number | null }>`
    WITH budget AS MATERIALIZED (
      SELECT clock.at, least(${burst}::float8,
        b.tokens + greatest(0, extract(epoch FROM clock.at - b.updated_at)) * ${perSecond}::float8) AS available
      FROM delivery_rate_budget b, (SELECT clock_timestamp() AS at) clock
      WHERE b.channel_id = ${options.channelId}
      FOR UPDATE OF b),
    picked AS (
      SELECT o.id FROM outbox o
      WHERE o.channel_id = ${options.channelId} AND o.state = 'queued' AND o.next_attempt_at <= now()
        AND o.external_chat_id <> ALL (string_to_array(${skipped}::text, ','))
        -- The head of its chat for its lane: no earlier open row of the same or a better lane. Rows of one lane keep
        -- their order, also while one waits for a retry; a better lane overtakes a worse lane's rows (an operator's
        -- reply does not wait behind the broadcast row queued in the same chat). A scalar min() over the chat's index
        -- rather than NOT EXISTS: the planner cannot turn it into a join, so it stays an index probe that stops at the
        -- chat's first row of a lane this good, even without statistics (the embedded engine never analyzes).
        AND o.id = (
          SELECT min(head.id) FROM outbox head
          WHERE head.channel_id = o.channel_id AND head.external_chat_id = o.external_chat_id
            AND head.state IN ('queued', 'sending') AND head.lane_rank <= o.lane_rank)
      ORDER BY o.lane_rank, o.id
      LIMIT least(${options.limit}::int, coalesce((SELECT floor(available)::int FROM budget), 0))
      FOR UPDATE OF o SKIP LOCKED),
    spent AS (
      -- A statement that waited for the lock may carry an earlier clock: the bucket's time never goes back.
      UPDATE delivery_rate_budget b SET tokens = budget.available - (SELECT count(*) FROM picked),
        updated_at = greatest(b.updated_at, budget.at)
      FROM budget WHERE b.channel_id = ${options.channelId}
      RETURNING b.tokens),
    claimed AS (
      UPDATE outbox SET state = 'sending', claimed_by = ${options.instanceId}, claimed_at = now(),
        attempts = outbox.attempts + 1, updated_at = now()
      FROM picked WHERE outbox.id = picked.id
      RETURNING outbox.*, EXISTS (
        SELECT 1 FROM outbox later
        WHERE later.channel_id = outbox.channel_id AND later.external_chat_id = outbox.external_chat_id
          AND later.state IN ('queued', 'sending') AND later.id <> outbox.id) AS has_next,
        ARRAY(
          SELECT extract(epoch FROM sent.sent_at) * 1000 FROM outbox sent
          WHERE sent.channel_id = outbox.channel_id AND sent.external_chat_id = outbox.external_chat_id AND sent.state = 'sent'
            AND sent.sent_at > now() - make_interval(secs => ${chatHistory.windowMs / 1000})
          ORDER BY sent.id DESC LIMIT ${chatHistory.depth}) AS recent_sends)
    SELECT (SELECT tokens FROM spent) AS budget_left, claimed.* FROM (SELECT 1) AS one LEFT JOIN claimed ON true`.execute(db);
  const budgetLeft = result.rows[0]?.budget_left ?? 0;
  const rows = result.rows
    .filter((row) => row.id !== null)
    .map(({ budget_left: _left, ...row }) => ({ ...row, recent_sends: row.recent_sends.map(Number) }));
  return { rows: rows.sort((a, b) => a.lane_rank - b.lane_rank || a.id - b.id), budgetLeft: Number(budgetLeft) };
}

/**
 * Takes up to `count` whole tokens from the bot's shared bucket for direct
 * sends (flows' interactive replies, throttle()), as many as it holds now.
 * `tokensLeft` is what the bucket holds afterwards.
 */
export async function takeBudgetTokens(
  db: DeliveryDb,
  options: { channelId: number; count: number; budget: Pick<ClaimBudget, 'burst' | 'perSecond'> },
): Promise<{ granted: number; tokensLeft: number }> {
  const { burst, perSecond } = options.budget;
  const result = await sql<{ granted: number; tokens: number }>`
    WITH budget AS MATERIALIZED (
      SELECT clock.at, least(${burst}::float8,
        b.tokens + greatest(0, extract(epoch FROM clock.at - b.updated_at)) * ${perSecond}::float8) AS available
      FROM delivery_rate_budget b, (SELECT clock_timestamp() AS at) clock
      WHERE b.channel_id = ${options.channelId}
      FOR UPDATE OF b),
    grant_ AS (SELECT least(${options.count}::int, greatest(0, floor(available)::int)) AS granted, available, at FROM budget),
    spent AS (
      UPDATE delivery_rate_budget b SET tokens = grant_.available - grant_.granted, updated_at = greatest(b.updated_at, grant_.at)
      FROM grant_ WHERE b.channel_id = ${options.channelId}
      RETURNING b.tokens)
    SELECT coalesce((SELECT granted FROM grant_), 0) AS granted, coalesce((SELECT tokens FROM spent), 0) AS tokens`.execute(db);
  const row = result.rows[0];
  return { granted: Number(row?.granted ?? 0), tokensLeft: Number(row?.tokens ?? 0) };
}

/**
 * Puts a claimed row back unsent, to wait until `notBefore` (its chat was just
 * written to from another instance), and gives its token back to the bot's bucket.
 */
export async function releaseClaim(db: DeliveryDb, options: { row: OutboxRow; instanceId: string; notBefore: Date }): Promise<void> {
  await sql`
    WITH released AS (
      UPDATE outbox SET state = 'queued', claimed_by = NULL, claimed_at = NULL, attempts = outbox.attempts - 1,
        next_attempt_at = ${options.notBefore.toISOString()}::timestamptz, updated_at = now()
      WHERE id = ${options.row.id} AND state = 'sending' AND claimed_by = ${options.instanceId}
      RETURNING channel_id)
    UPDATE delivery_rate_budget b SET tokens = b.tokens + 1 FROM released WHERE b.channel_id = released.channel_id`.execute(db);
}

export interface AttemptRecord {
  outcome: Exclude<AttemptOutcome, 'interrupted'>;
  startedAt: Date;
  durationMs: number;
  errorCode?: string;
  description?: string;
  retryAfterMs?: number;
  externalIds?: string[];
  /** For `retrying`: when to try again. */
  nextAttemptAt?: Date;
}

/**
 * Writes attempt results onto rows this instance claimed, and their ledger
 * entries, in two statements. Returns the updated rows by id; a row missing
 * from the map had been taken over by another instance (its attempt is still
 * in the ledger).
 */
export async function recordAttempts(
  trx: DeliveryDb,
  instanceId: string,
  items: Array<{ row: OutboxRow; attempt: AttemptRecord }>,
): Promise<Map<number, OutboxRow>> {
  if (items.length === 0) return new Map();
  const values = items.map(({ row, attempt }) => {
    const state = attempt.outcome === 'retrying' ? 'queued' : attempt.outcome;
    const externalIds = attempt.externalIds ? JSON.stringify(attempt.externalIds) : null;
    return sql`(${row.id}::bigint, ${state}::text, ${externalIds}::jsonb, ${attempt.errorCode ?? null}::text, ${attempt.description ?? null}::text, ${attempt.nextAttemptAt?.toISOString() ?? null}::timestamptz)`;
  });
  const updated = await sql<OutboxRow>`
    UPDATE outbox SET state = v.state, claimed_by = NULL, claimed_at = NULL, updated_at = now(),
      sent_at = CASE WHEN v.state = 'sent' THEN now() ELSE outbox.sent_at END,
      external_ids = CASE WHEN v.state = 'sent' THEN v.external_ids ELSE outbox.external_ids END,
      last_error_code = CASE WHEN v.state = 'sent' THEN NULL ELSE v.error_code END,
      last_error = CASE WHEN v.state = 'sent' THEN NULL ELSE v.description END,
      next_attempt_at = coalesce(v.next_attempt_at, outbox.next_attempt_at)
    FROM (VALUES ${sql.join(values)}) AS v (id, state, external_ids, error_code, description, next_attempt_at)
    WHERE outbox.id = v.id AND outbox.state = 'sending' AND outbox.claimed_by = ${instanceId}
    RETURNING outbox.*`.execute(trx);
  await trx
    .insertInto('delivery_attempts')
    .values(
      items.map(({ row, attempt }) => ({
        outbox_id: row.id,
        channel_id: row.channel_id,
        attempt: row.attempts,
        instance_id: instanceId,
        started_at: attempt.startedAt,
        duration_ms: attempt.durationMs,
        outcome: attempt.outcome,
        error_code: attempt.errorCode ?? null,
        description: attempt.description ?? null,
        retry_after_ms: attempt.retryAfterMs ?? null,
        external_ids: attempt.externalIds ? JSON.stringify(attempt.externalIds) : null,
      })),
    )
    .execute();
  return new Map(updated.rows.map((row) => [row.id, row]));
}

// A claim of this very instance older than any send plus its recording retries: its result was never recorded.
const ownClaimStaleAfterSeconds = 300;

/**
 * Puts rows back in the queue whose claiming instance stopped beating (or is
 * gone), with an `interrupted` ledger entry each: their message may or may
 * not have reached the user, so a resend may duplicate it.
 */
export async function reclaimAbandoned(
  db: DeliveryDb,
  options: { instanceId: string; deadAfterMs: number },
): Promise<Array<{ outbox_id: number; channel_id: number }>> {
  const result = await sql<{ outbox_id: number; channel_id: number }>`
    WITH abandoned AS (
      SELECT o.id, o.claimed_by, o.claimed_at FROM outbox o
      WHERE o.state = 'sending' AND CASE
        WHEN o.claimed_by = ${options.instanceId} THEN o.claimed_at < now() - make_interval(secs => ${ownClaimStaleAfterSeconds})
        ELSE NOT EXISTS (
          SELECT 1 FROM instances i
          WHERE i.id = o.claimed_by AND i.last_seen_at > now() - make_interval(secs => ${options.deadAfterMs / 1000})) END
      FOR UPDATE OF o SKIP LOCKED),
    requeued AS (
      UPDATE outbox SET state = 'queued', claimed_by = NULL, claimed_at = NULL, next_attempt_at = now(), updated_at = now()
      FROM abandoned WHERE outbox.id = abandoned.id
      RETURNING outbox.id, outbox.channel_id, outbox.attempts, abandoned.claimed_by, abandoned.claimed_at)
    INSERT INTO delivery_attempts (outbox_id, channel_id, attempt, instance_id, started_at, duration_ms, outcome, description)
    SELECT id, channel_id, attempts, claimed_by, coalesce(claimed_at, now()),
      greatest(0, (extract(epoch FROM now() - coalesce(claimed_at, now())) * 1000)::integer), 'interrupted',
      'The sending instance stopped before recording the result; sent again, which may duplicate the message.'
    FROM requeued
    RETURNING outbox_id, channel_id`.execute(db);
  return result.rows;
}

/** Bots with queued rows, by a skip scan over the queue index (cheap however long the queue). */
export async function channelsWithQueuedRows(db: DeliveryDb): Promise<number[]> {
  const result = await sql<{ channel_id: number }>`
    WITH RECURSIVE channel_ids AS (
      (SELECT channel_id FROM outbox WHERE state = 'queued' ORDER BY channel_id LIMIT 1)
      UNION ALL
      SELECT (SELECT o.channel_id FROM outbox o WHERE o.state = 'queued' AND o.channel_id > channel_ids.channel_id ORDER BY o.channel_id LIMIT 1)
      FROM channel_ids WHERE channel_ids.channel_id IS NOT NULL)
    SELECT channel_id FROM channel_ids WHERE channel_id IS NOT NULL`.execute(db);
  return result.rows.map((row) => row.channel_id);
}

/** Puts a failed or cancelled row back in the queue, attempts reset. Null when there is no such row to retry. */
export async function requeueRow(trx: DeliveryDb, outboxId: number): Promise<OutboxRow | null> {
  const row = await trx
    .updateTable('outbox')
    .set({ state: 'queued', attempts: 0, next_attempt_at: sql<Date>`now()`, updated_at: sql<Date>`now()` })
    .where('id', '=', outboxId)
    .where('state', 'in', ['failed', 'cancelled'])
    .returningAll()
    .executeTakeFirst();
  return row ?? null;
}

/** Cancels rows still waiting in the queue (not those being sent). */
export async function cancelRows(
  trx: DeliveryDb,
  filter: { id: number } | { referenceType: string; referenceId: string | number },
): Promise<OutboxRow[]> {
  let query = trx
    .updateTable('outbox')
    .set({ state: 'cancelled', last_error_code: 'CANCELLED', last_error: 'Cancelled before it was sent.', updated_at: sql<Date>`now()` })
    .where('state', '=', 'queued');
  query =
    'id' in filter
      ? query.where('id', '=', filter.id)
      : query.where('reference_type', '=', filter.referenceType).where('reference_id', '=', String(filter.referenceId));
  return await query.returningAll().execute();
}

/** Puts back in the queue the rows of a reference that `cancelRows` withdrew (a paused broadcast resumed). */
export async function restoreCancelledRows(
  trx: DeliveryDb,
  reference: { referenceType: string; referenceId: string | number },
): Promise<OutboxRow[]> {
  return await trx
    .updateTable('outbox')
    .set({ state: 'queued', last_error_code: null, last_error: null, next_attempt_at: sql<Date>`now()`, updated_at: sql<Date>`now()` })
    .where('reference_type', '=', reference.referenceType)
    .where('reference_id', '=', String(reference.referenceId))
    .where('state', '=', 'cancelled')
    .where('last_error_code', '=', 'CANCELLED')
    .returningAll()
    .execute();
}

export async function findRow(db: DeliveryDb, outboxId: number): Promise<OutboxRow | null> {
  return (await db.selectFrom('outbox').selectAll().where('id', '=', outboxId).executeTakeFirst()) ?? null;
}

/** Queue depth per bot, lane and state, for health and dashboards. */
export async function countBacklog(db: DeliveryDb) {
  return db
    .selectFrom('outbox')
    .select(['channel_id', 'lane', 'state', (eb) => eb.fn.countAll<number>().as('count')])
    .where('state', 'in', ['queued', 'sending'])
    .groupBy(['channel_id', 'lane', 'state'])
    .orderBy('channel_id')
    .execute();
}
