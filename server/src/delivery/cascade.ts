// Cascading delivery (issue 24): one message with a fallback order of channels (a customer's chat on one messenger,
// then their chat on another). A step gets an outbox row only when every step before it could not deliver:
// the channel refused before sending (its reply window closed and the message is no template), the account
// is down (disabled, stopped, removed), or the row failed after the retry policy (BLOCKED, AUTH_REVOKED,
// TEMPORARY past its attempts …). Each step records what happened on its channel; the cascade records which
// channel delivered. Per-chat order stays the outbox's: a step's row queues behind the chat's earlier rows.
import type { ChannelRecord, OutboundMessage, ReplyStatus } from '../channels/channel.ts';
import type { Db, Logger } from '../platform/index.ts';
import type { ChannelDirectory, DeliveryOutcome, OutcomeFollowUp, RowOutcome } from './delivery.types.ts';
import { combineFollowUps } from './outcome-follow-up.ts';
import type { EnqueueInput } from './outbox-enqueue.ts';
import { cascadeTables, deliveryTables, type CascadeStepOutcome, type DeliveryDb, type Lane, type OutboxRow } from './tables.ts';

/** A message and the channels to try, in order. */
export interface CascadeInput {
  steps: ReadonlyArray<{ channelId: number; chatId: string }>;
  lane: Exclude<Lane, 'interactive'>;
  message: Omit<OutboundMessage, 'chatId' | 'topicId'>;
  /** Same key, same cascade: a repeated start sends nothing more. Random when omitted. */
  idempotencyKey?: string;
  reference?: { type: string; id: string | number };
}

/** What the sender sees: where the message stands, which channel delivered it, and each channel's outcome. */
export interface CascadeStatus {
  id: number;
  state: 'pending' | 'delivered' | 'exhausted';
  delivered_channel_id: number | null;
  steps: Array<{
    position: number;
    channel_id: number;
    chat_id: string;
    outcome: CascadeStepOutcome;
    error_code: string | null;
    error: string | null;
    outbox_id: number | null;
    /** Attempts the outbox made on this channel (the delivery ledger's rows). */
    attempts: number;
  }>;
}

/** The most channels one message may name: enough for every messenger a business runs. */
export const maxCascadeSteps = 5;
const keyPrefix = 'cascade:';

export type Cascades = ReturnType<typeof createCascades>;

export function createCascades(options: {
  db: Db;
  enqueue(trx: DeliveryDb, input: EnqueueInput): Promise<{ id: number; created: boolean }>;
  /** After a step's row commits: its channel's worker sends it. */
  wake(channelId: number): void;
  channels: ChannelDirectory;
  /** Whether the channel would take this message in the chat now (the module's `replyStatus`). */
  replyStatus(channel: ChannelRecord, chatId: string, message: CascadeInput['message']): Promise<ReplyStatus>;
  logger: Logger;
}) {
  const db = cascadeTables(options.db);

  /** Why a channel cannot take the step now, before anything is written; null when it can. */
  async function refusal(step: { channel_id: number; external_chat_id: string }, message: CascadeInput['message']) {
    const channel = await options.channels.get(step.channel_id);
    if (!channel) return { outcome: 'down' as const, code: 'CHANNEL_REMOVED', reason: `Account ${step.channel_id} was removed.` };
    if (!channel.isEnabled || channel.status === 'stopped')
      return {
        outcome: 'down' as const,
        code: 'CHANNEL_DOWN',
        reason: `Account “${channel.name}” is ${channel.isEnabled ? 'stopped' : 'disabled'}.`,
      };
    const status = await options.replyStatus(channel, step.external_chat_id, message);
    if (!status.canReply) return { outcome: 'refused' as const, code: status.code, reason: status.reason };
    return null;
  }

  /** Tries the next waiting step (skipping those that refuse at once) until one is queued or none is left. */
  async function advance(cascadeId: number): Promise<void> {
    for (;;) {
      const cascade = await db.selectFrom('delivery_cascades').selectAll().where('id', '=', cascadeId).executeTakeFirst();
      if (!cascade || cascade.state !== 'pending') return;
      const steps = await db
        .selectFrom('delivery_cascade_steps')
        .selectAll()
        .where('cascade_id', '=', cascadeId)
        .orderBy('position')
        .execute();
      if (steps.some((step) => step.outcome === 'sending' || step.outcome === 'sent')) return;
      const next = steps.find((step) => step.outcome === 'waiting');
      if (!next) {
        await db
          .updateTable('delivery_cascades')
          .set({ state: 'exhausted', updated_at: new Date() })
          .where('id', '=', cascadeId)
          .where('state', '=', 'pending')
          .execute();
        return;
      }
      const refused = await refusal(next, cascade.payload);
      const queued = await db.transaction().execute(async (trx) => {
        // Only the advance that moves the step out of 'waiting' acts (another instance may be advancing too).
        const claimed = await trx
          .updateTable('delivery_cascade_steps')
          .set(
            refused
              ? { outcome: refused.outcome, error_code: refused.code, error: refused.reason, decided_at: new Date() }
              : { outcome: 'sending' },
          )
          .where('cascade_id', '=', cascadeId)
          .where('position', '=', next.position)
          .where('outcome', '=', 'waiting')
          .returning('position')
          .executeTakeFirst();
        if (!claimed || refused) return claimed ? 'next' : 'lost';
        const row = await options.enqueue(deliveryTables(trx), {
          channelId: next.channel_id,
          lane: cascade.lane,
          message: { ...cascade.payload, chatId: next.external_chat_id },
          idempotencyKey: `${keyPrefix}${cascadeId}:${next.position}`,
          reference: cascade.reference_type ? { type: cascade.reference_type, id: cascade.reference_id ?? '' } : null,
        });
        await trx
          .updateTable('delivery_cascade_steps')
          .set({ outbox_id: row.id })
          .where('cascade_id', '=', cascadeId)
          .where('position', '=', next.position)
          .execute();
        return 'queued';
      });
      if (queued === 'queued') options.wake(next.channel_id);
      if (queued !== 'next') return;
    }
  }

  const advanceLater = (cascadeId: number) => () => {
    advance(cascadeId).catch((error: unknown) =>
      options.logger.error(
        { err: error, cascade_id: cascadeId },
        'delivery: moving a cascade to its next channel failed; it resumes at start',
      ),
    );
  };

  /**
   * Delivery's outcome of a step's row, inside the transaction that records it: sent ends the cascade there;
   * a failure moves it on after the commit (a cancelled row ends it: someone meant it not to go).
   */
  async function stepOutcome(
    trx: Db,
    row: OutboxRow,
    outcome: DeliveryOutcome & { state: 'sent' | 'failed' },
  ): Promise<void | OutcomeFollowUp> {
    const tables = cascadeTables(trx);
    const step = await tables
      .updateTable('delivery_cascade_steps')
      .set({
        outcome: outcome.state,
        error_code: outcome.state === 'failed' ? (outcome.code ?? null) : null,
        error: outcome.state === 'failed' ? (outcome.reason ?? null) : null,
        decided_at: new Date(),
      })
      .where('outbox_id', '=', row.id)
      .returning('cascade_id')
      .executeTakeFirst();
    if (!step) return;
    if (outcome.state === 'sent' || outcome.code === 'CANCELLED') {
      await tables
        .updateTable('delivery_cascades')
        .set(
          outcome.state === 'sent'
            ? { state: 'delivered', delivered_channel_id: row.channel_id, updated_at: new Date() }
            : { state: 'exhausted', updated_at: new Date() },
        )
        .where('id', '=', step.cascade_id)
        .where('state', '=', 'pending')
        .execute();
      return;
    }
    return { afterCommit: advanceLater(step.cascade_id) };
  }

  return {
    async start(input: CascadeInput): Promise<{ id: number; created: boolean }> {
      if (input.steps.length === 0 || input.steps.length > maxCascadeSteps)
        throw new Error(`A cascade names 1 to ${maxCascadeSteps} channels; this one names ${input.steps.length}.`);
      if (!input.message.text?.trim() && !input.message.media?.length) throw new Error('A cascaded message needs text or media.');
      const key = input.idempotencyKey ?? `auto:${crypto.randomUUID()}`;
      const created = await db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto('delivery_cascades')
          .values({
            idempotency_key: key,
            lane: input.lane,
            reference_type: input.reference?.type ?? null,
            reference_id: input.reference ? String(input.reference.id) : null,
            payload: JSON.stringify(input.message),
          })
          .onConflict((conflict) => conflict.column('idempotency_key').doNothing())
          .returning('id')
          .executeTakeFirst();
        if (!inserted) return null;
        await trx
          .insertInto('delivery_cascade_steps')
          .values(
            input.steps.map((step, position) => ({
              cascade_id: inserted.id,
              position,
              channel_id: step.channelId,
              external_chat_id: step.chatId,
            })),
          )
          .execute();
        return inserted.id;
      });
      if (created === null) {
        const existing = await db.selectFrom('delivery_cascades').select('id').where('idempotency_key', '=', key).executeTakeFirstOrThrow();
        return { id: existing.id, created: false };
      }
      await advance(created);
      return { id: created, created: true };
    },

    async status(cascadeId: number): Promise<CascadeStatus | null> {
      const cascade = await db.selectFrom('delivery_cascades').selectAll().where('id', '=', cascadeId).executeTakeFirst();
      if (!cascade) return null;
      const steps = await db
        .selectFrom('delivery_cascade_steps')
        .selectAll('delivery_cascade_steps')
        .select((eb) =>
          eb
            .selectFrom('delivery_attempts')
            .select((inner) => inner.fn.countAll<string>().as('count'))
            .whereRef('delivery_attempts.outbox_id', '=', 'delivery_cascade_steps.outbox_id')
            .as('attempts'),
        )
        .where('cascade_id', '=', cascadeId)
        .orderBy('position')
        .execute();
      return {
        id: cascade.id,
        state: cascade.state,
        delivered_channel_id: cascade.delivered_channel_id,
        steps: steps.map((step) => ({
          position: step.position,
          channel_id: step.channel_id,
          chat_id: step.external_chat_id,
          outcome: step.outcome,
          error_code: step.error_code,
          error: step.error,
          outbox_id: step.outbox_id === null ? null : Number(step.outbox_id),
          attempts: Number(step.attempts ?? 0),
        })),
      };
    },

    /** Delivery's outcomes of rows, inside the transaction that records them: the cascades' steps among them move. */
    async onOutcome(trx: Db, outcomes: RowOutcome[]): Promise<void | OutcomeFollowUp> {
      const followUps: Array<void | OutcomeFollowUp> = [];
      for (const { row, outcome } of outcomes) {
        if (!row.idempotency_key.startsWith(keyPrefix) || outcome.state === 'queued') continue;
        followUps.push(await stepOutcome(trx, row, { ...outcome, state: outcome.state }));
      }
      if (followUps.length === 0) return;
      return combineFollowUps(followUps);
    },

    /** At start: cascades a crash left between two steps go on. */
    async resume(): Promise<void> {
      const pending = await db
        .selectFrom('delivery_cascades')
        .select('id')
        .where('state', '=', 'pending')
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('delivery_cascade_steps')
                .select('position')
                .whereRef('delivery_cascade_steps.cascade_id', '=', 'delivery_cascades.id')
                .where('delivery_cascade_steps.outcome', 'in', ['sending', 'sent']),
            ),
          ),
        )
        .execute();
      for (const { id } of pending) await advance(id);
    },
  };
}
