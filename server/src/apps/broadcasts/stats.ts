// The numbers of a broadcast: live progress while it sends, the outcome afterwards, and the CSV of recipients.
import { sql } from 'kysely';
import type { BroadcastContext } from './context.ts';
import { recipientStates, type BroadcastProgress } from '@switchboard/contract';
import type { RecipientState } from './tables.ts';

export function createStats(context: BroadcastContext) {
  const db = context.ownTables;

  async function progress(id: number): Promise<BroadcastProgress | undefined> {
    const broadcast = await db
      .selectFrom('broadcasts')
      .select(['id', 'state', 'kind', 'started_at', 'finished_at', 'problem'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!broadcast) return undefined;
    const rows = await db
      .selectFrom('broadcast_recipients')
      .select(['state', (eb) => eb.fn.countAll<string>().as('count')])
      .where('broadcast_id', '=', id)
      .groupBy('state')
      .execute();
    const counts = Object.fromEntries(recipientStates.map((state) => [state, 0])) as Record<RecipientState, number>;
    for (const row of rows) counts[row.state] = Number(row.count);
    const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
    const remaining = counts.pending + counts.queued;
    const done = total - remaining;
    const elapsedSeconds = broadcast.started_at
      ? ((broadcast.finished_at ?? new Date()).getTime() - broadcast.started_at.getTime()) / 1000
      : 0;
    const ratePerSecond = elapsedSeconds > 0 ? done / elapsedSeconds : 0;
    return {
      broadcast_id: id,
      state: broadcast.state,
      kind: broadcast.kind,
      problem: broadcast.problem,
      total,
      ...counts,
      remaining,
      rate_per_second: Math.round(ratePerSecond * 100) / 100,
      seconds_left: remaining === 0 ? 0 : ratePerSecond > 0 ? Math.ceil(remaining / ratePerSecond) : null,
    };
  }

  return {
    progress,
    async stats(id: number) {
      const current = await progress(id);
      if (!current) return undefined;
      const [reasons, engagement] = await Promise.all([
        db
          .selectFrom('broadcast_recipients')
          .select(['error', (eb) => eb.fn.countAll<string>().as('count')])
          .where('broadcast_id', '=', id)
          .where('state', 'in', ['failed', 'unreachable', 'skipped'])
          .groupBy('error')
          .orderBy('count', 'desc')
          .limit(20)
          .execute(),
        db
          .selectFrom('broadcast_recipients')
          .select([
            sql<string>`count(replied_at)`.as('replied'),
            sql<string>`count(unsubscribed_at)`.as('unsubscribed'),
            sql<string>`count(*) FILTER (WHERE unsubscribed_via = 'button')`.as('unsubscribe_button'),
            sql<string>`count(*) FILTER (WHERE unsubscribed_via = 'word')`.as('unsubscribe_word'),
            // Sent more than once: a crash caught these in flight (the Bot API has no idempotency key).
            sql<string>`count(*) FILTER (WHERE attempts > 1)`.as('repeated_attempts'),
          ])
          .where('broadcast_id', '=', id)
          .executeTakeFirstOrThrow(),
      ]);
      return {
        ...current,
        failed_by_reason: reasons.map((row) => ({ reason: row.error ?? 'unknown', count: Number(row.count) })),
        replied: Number(engagement.replied),
        unsubscribed: Number(engagement.unsubscribed),
        // The only button under a broadcast that tells the bot it was pressed is unsubscribe: link buttons open
        // in the messenger unseen, so their presses are not counted (and no field pretends to).
        unsubscribed_by_button: Number(engagement.unsubscribe_button),
        unsubscribed_by_word: Number(engagement.unsubscribe_word),
        retried: Number(engagement.repeated_attempts),
      };
    },
    /** Every recipient with their outcome, a page at a time (the CSV streams them). */
    async *recipients(id: number): AsyncGenerator<string[]> {
      let after = 0;
      for (;;) {
        const page = await db
          .selectFrom('broadcast_recipients')
          .select(['contact_id', 'state', 'language', 'error', 'sent_at', 'replied_at', 'unsubscribed_at'])
          .where('broadcast_id', '=', id)
          .where('contact_id', '>', after)
          .orderBy('contact_id')
          .limit(1000)
          .execute();
        if (page.length === 0) return;
        const profiles = await context.contacts.findMany(page.map((row) => row.contact_id));
        for (const row of page)
          yield [
            String(row.contact_id),
            profiles.get(row.contact_id)?.display_name ?? '',
            row.state,
            row.language ?? '',
            row.error ?? '',
            row.sent_at?.toISOString() ?? '',
            row.replied_at?.toISOString() ?? '',
            row.unsubscribed_at?.toISOString() ?? '',
          ];
        after = page.at(-1)!.contact_id;
      }
    },
  };
}

export type Stats = ReturnType<typeof createStats>;
