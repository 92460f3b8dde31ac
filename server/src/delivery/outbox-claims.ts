// Claiming outbox rows to send, and the bot's token bucket every instance shares (delivery_rate_budget): a claim
// takes its tokens in the same statement, so instances together never send faster than the platform allows.
import { sql } from 'kysely';
import type { DeliveryDb, OutboxRow } from './tables.ts';

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
