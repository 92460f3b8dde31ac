// Segments: the inbox's audience of an account (through the contacts port), narrowed by this app's consent.
import { sql, type RawBuilder } from 'kysely';
import type { SegmentPreview } from '@switchboard/contract';
import { unprocessable } from '../../platform/index.ts';
import type { AppChannel } from '../app.ts';
import type { BroadcastContext } from './context.ts';
import type { BroadcastKind, SegmentFilter } from './tables.ts';

/** The later of a filter's "wrote at or after" and a time. */
const laterOf = (after: string | undefined, time: Date) => (after && new Date(after) > time ? after : time.toISOString());

export function createSegments(context: BroadcastContext) {
  const db = context.ownTables;

  /** Checks what the schema cannot: the bot exists and may start conversations. */
  async function checkChannel(channelId: number): Promise<AppChannel> {
    const channel = await context.channels.get(channelId);
    if (!channel) throw unprocessable(`There is no account with id ${channelId}; pick one from GET /api/accounts.`, 'unknown_bot');
    // Reach is the channel's to decide: a personal account messaging many people gets its number banned (a
    // template-only channel needs the broadcast's template: broadcasts.service checks that).
    if (channel.broadcasts === 'never')
      throw unprocessable(
        `Account ${channelId} cannot broadcast: its messenger bans personal accounts that message many people. Pick a bot account.`,
        'account_cannot_broadcast',
      );
    return channel;
  }

  const inbox = (filter: SegmentFilter) => context.contacts.audience(filter);

  /**
   * The inbox's audience narrowed by each condition's contacts, which the part owning the field selects (a subquery
   * over its tables, through the segment fields port): the database intersects them, so a count stays one statement.
   * Throws a 422 for a condition on an unknown field, with an operator its type does not take, or a value that does not fit.
   */
  async function audienceOf(filter: SegmentFilter) {
    const narrowing = await context.segmentFields.contacts(filter.conditions ?? []);
    if (narrowing.length === 0) return sql`${inbox(filter)}`;
    const conditions = sql.join(
      narrowing.map((contacts) => sql`narrowed.id IN (${contacts})`),
      sql` AND `,
    );
    return sql`SELECT narrowed.id FROM (${inbox(filter)}) AS narrowed(id) WHERE ${conditions}`;
  }
  const needsConsent = (filter: SegmentFilter, kind: BroadcastKind) => kind === 'marketing' || filter.consent === 'given';
  const consented = sql`EXISTS (SELECT 1 FROM broadcast_consents AS consent WHERE consent.contact_id = audience.id AND consent.state = 'given')`;

  /** SELECT of the recipients' contact ids (distinct). Marketing always needs consent. */
  async function recipients(filter: SegmentFilter, kind: BroadcastKind): Promise<RawBuilder<{ id: number }>> {
    const consent = needsConsent(filter, kind) ? sql`WHERE ${consented}` : sql``;
    return sql<{ id: number }>`SELECT DISTINCT audience.id FROM (${await audienceOf(filter)}) AS audience(id) ${consent}`;
  }

  /**
   * How many the filter reaches now. Consented audiences are counted from the consent table (one row per contact,
   * so no DISTINCT over the audience); others count distinct contacts (one may have two chats with a bot).
   */
  async function count(filter: SegmentFilter, kind: BroadcastKind) {
    const audience = await audienceOf(filter);
    return needsConsent(filter, kind)
      ? sql<{ count: string }>`SELECT count(*) AS count FROM broadcast_consents AS consent
          WHERE consent.state = 'given' AND consent.contact_id IN (${audience})`
      : sql<{ count: string }>`SELECT count(DISTINCT audience.id) AS count FROM (${audience}) AS audience(id)`;
  }

  /**
   * Runs a count in a transaction of its own with two planner settings (bench/README, "segment count"):
   * - the audience indexes (inbox 0024) are small and stay in memory, so reading them in contact order costs about what
   *   a sequential read does; with the default cost (4, a spinning disk) it hashes the whole audience instead, about 3×
   *   the CPU at 1,000,000 contacts;
   * - one helper process, not two: the count runs as the admin types, beside the sample and the server's own work, and
   *   on a small machine a third process only contends for its cores (on two cores, 150 ms instead of 230).
   */
  const countNow = (counting: RawBuilder<{ count: string }>) =>
    db.transaction().execute(async (trx) => {
      await sql`SET LOCAL random_page_cost = 1.1`.execute(trx);
      await sql`SET LOCAL max_parallel_workers_per_gather = 1`.execute(trx);
      return counting.execute(trx);
    });

  /** A few of them: the first rows found (no ORDER BY, so it stops early instead of reading the whole audience). */
  async function sample(filter: SegmentFilter, kind: BroadcastKind) {
    const consent = needsConsent(filter, kind) ? sql`WHERE ${consented}` : sql``;
    return sql<{ id: number }>`SELECT audience.id FROM (${await audienceOf(filter)}) AS audience(id) ${consent} LIMIT 30`;
  }

  /** The account may broadcast and every condition names a known field in a way its type takes (else a 422). */
  async function check(filter: SegmentFilter): Promise<AppChannel> {
    const channel = await checkChannel(filter.channel_id);
    await context.segmentFields.contacts(filter.conditions ?? []);
    return channel;
  }

  return {
    check,
    recipients,
    fields: () => context.segmentFields.list(),
    async preview(filter: SegmentFilter, kind: BroadcastKind): Promise<SegmentPreview> {
      const channel = await checkChannel(filter.channel_id);
      // An account that starts conversations only with templates: who wrote within the reply window gets the text,
      // the rest the template, each of which takes a place under the account's messaging limit.
      const windowStart =
        channel.businessInitiated === 'template' && channel.replyWindowMs !== null ? new Date(Date.now() - channel.replyWindowMs) : null;
      const insideWindow = windowStart && { ...filter, last_inbound_after: laterOf(filter.last_inbound_after, windowStart) };
      const [counting, sampling, insideCounting] = await Promise.all([
        count(filter, kind),
        sample(filter, kind),
        insideWindow ? count(insideWindow, kind) : undefined,
      ]);
      const [counted, found, inside, starts] = await Promise.all([
        countNow(counting),
        sampling.execute(db),
        insideCounting && countNow(insideCounting),
        windowStart ? context.channels.conversationStarts(channel.id) : null,
      ]);
      const ids = [...new Set(found.rows.map((row) => row.id))].slice(0, 10);
      const profiles = await context.contacts.findMany(ids);
      const total = Number(counted.rows[0]?.count ?? 0);
      const within = Number(inside?.rows[0]?.count ?? 0);
      return {
        count: total,
        sample: ids.flatMap((id) => {
          const profile = profiles.get(id);
          return profile ? [{ id: profile.id, name: profile.display_name, language: profile.language_code }] : [];
        }),
        ...(inside ? { reply_window: { inside: within, outside: total - within } } : {}),
        ...(starts
          ? {
              conversation_starts: {
                limit: starts.limit,
                taken: starts.taken,
                left: Math.max(0, starts.limit - starts.taken),
                frees_at: starts.freesAt?.toISOString() ?? null,
              },
            }
          : {}),
      };
    },
    list: () => db.selectFrom('broadcast_segments').selectAll().orderBy('id', 'desc').limit(200).execute(),
    async save(input: { name: string; filter: SegmentFilter }, createdBy: number) {
      await check(input.filter);
      return db
        .insertInto('broadcast_segments')
        .values({ name: input.name, filter: JSON.stringify(input.filter), created_by: createdBy })
        .returningAll()
        .executeTakeFirstOrThrow();
    },
    async remove(id: number): Promise<boolean> {
      const deleted = await db.deleteFrom('broadcast_segments').where('id', '=', id).executeTakeFirst();
      return deleted.numDeletedRows > 0n;
    },
  };
}

export type Segments = ReturnType<typeof createSegments>;
