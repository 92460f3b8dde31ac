// WhatsApp's messaging limit: how many unique customers a business may message outside their service window
// (a template that starts a conversation) within a moving 24 hours. Meta sets it per business portfolio — 250
// for a new one, then 2,000, 10,000, 100,000, unlimited — and reports it on the number
// (`whatsapp_business_manager_messaging_limit`; the older `messaging_limit_tier` where that is absent). It is read
// with the templates (the hourly sync and the admin's "sync") and kept per number. Every template that starts a
// conversation first takes a place among the last 24 hours' customers, so the number never goes over: when the
// places are taken the message waits (RATE_LIMITED until the oldest place frees) and replyStatus says so, so a
// cascade moves on to the next messenger. A limit never read (a sync that failed) is not enforced: Meta's own is.
import { sql } from 'kysely';
import type { Db } from '../../platform/index.ts';
import { ChannelError, type ReplyStatus } from '../channel.ts';
import type { GraphClient } from '../meta/index.ts';
import type { WhatsAppCredentials } from './profile.ts';
import { serviceWindowMs } from './profile.ts';
import { whatsappTables } from './tables.ts';

/** Unique customers per 24 hours for a tier name; null: unlimited; undefined: not a tier this code knows. */
export function recipientsOfTier(tier: string): number | null | undefined {
  if (/^(TIER_)?UNLIMITED$/.test(tier)) return null;
  const match = /^TIER_(\d+)(K?)$/.exec(tier);
  return match ? Number(match[1]) * (match[2] ? 1_000 : 1) : undefined;
}

export type MessagingLimits = ReturnType<typeof createMessagingLimits>;
type Refusal = Extract<ReplyStatus, { canReply: false }>;

export function createMessagingLimits(options: { db: Db; graph: GraphClient; now?: () => Date }) {
  const db = whatsappTables(options.db);
  const now = options.now ?? (() => new Date());
  // Meta counts a moving 24 hours: the same span as the customer service window.
  const since = () => new Date(now().getTime() - serviceWindowMs);

  /** The places taken now and when the oldest frees; null when the number has no limit to keep. */
  async function usage(channelId: number, trx: typeof db = db) {
    const limit = await trx
      .selectFrom('whatsapp_messaging_limits')
      .select(['tier', 'recipients'])
      .where('channel_id', '=', channelId)
      .executeTakeFirst();
    if (!limit || limit.recipients === null) return null;
    const taken = await trx
      .selectFrom('whatsapp_conversation_starts')
      .select([sql<number>`count(*)::int`.as('count'), sql<Date | null>`min(started_at)`.as('oldest')])
      .where('channel_id', '=', channelId)
      .where('started_at', '>', since())
      .executeTakeFirstOrThrow();
    return { tier: limit.tier, recipients: limit.recipients, taken: taken.count, oldest: taken.oldest ? new Date(taken.oldest) : null };
  }

  async function holdsPlace(channelId: number, waId: string, trx: typeof db = db): Promise<boolean> {
    const row = await trx
      .selectFrom('whatsapp_conversation_starts')
      .select('wa_id')
      .where('channel_id', '=', channelId)
      .where('wa_id', '=', waId)
      .where('started_at', '>', since())
      .executeTakeFirst();
    return row !== undefined;
  }

  function full(state: { tier: string; recipients: number; oldest: Date | null }) {
    const frees = new Date((state.oldest ?? now()).getTime() + serviceWindowMs);
    return {
      frees,
      reason: `This number has started conversations with ${state.recipients.toLocaleString('en')} customers in the last 24 hours, its messaging limit at WhatsApp (${state.tier}). The next place frees at ${frees.toISOString()}.`,
    };
  }

  return {
    /** Reads the number's limit from the Graph API and keeps it; a tier this code does not know is left as it was. */
    async refresh(channelId: number, credentials: WhatsAppCredentials): Promise<string | null> {
      const number = await options.graph.get<{ whatsapp_business_manager_messaging_limit?: unknown; messaging_limit_tier?: unknown }>(
        credentials.phone_number_id,
        credentials.access_token,
        { fields: 'whatsapp_business_manager_messaging_limit,messaging_limit_tier' },
      );
      const tier = [number.whatsapp_business_manager_messaging_limit, number.messaging_limit_tier].find(
        (value): value is string => typeof value === 'string' && recipientsOfTier(value) !== undefined,
      );
      if (!tier) return null;
      await db
        .insertInto('whatsapp_messaging_limits')
        .values({ channel_id: channelId, tier, recipients: recipientsOfTier(tier)!, read_at: now() })
        .onConflict((conflict) =>
          conflict.column('channel_id').doUpdateSet((eb) => ({
            tier: eb.ref('excluded.tier'),
            recipients: eb.ref('excluded.recipients'),
            read_at: eb.ref('excluded.read_at'),
          })),
        )
        .execute();
      // Places that freed long ago are only history.
      await db.deleteFrom('whatsapp_conversation_starts').where('channel_id', '=', channelId).where('started_at', '<=', since()).execute();
      return tier;
    },

    /** Why a conversation with `waId` cannot be started now; null when it can (a place is free or already theirs). */
    async refusal(channelId: number, waId: string): Promise<Refusal | null> {
      const state = await usage(channelId);
      if (!state || state.taken < state.recipients || (await holdsPlace(channelId, waId))) return null;
      return { canReply: false, code: 'messaging_limit_reached', reason: full(state).reason };
    },

    /**
     * Takes `waId`'s place before a template starts a conversation, or throws RATE_LIMITED until one frees. One
     * number's reservations queue on its limit row, so concurrent sends cannot together go over. Returns the
     * release for a send the platform refused (the customer was not messaged, so the place was not used).
     */
    async reserve(channelId: number, waId: string): Promise<() => Promise<void>> {
      const taken = await db.transaction().execute(async (trx) => {
        const locked = await trx
          .selectFrom('whatsapp_messaging_limits')
          .select('channel_id')
          .where('channel_id', '=', channelId)
          .forUpdate()
          .executeTakeFirst();
        if (!locked || (await holdsPlace(channelId, waId, trx))) return false;
        const state = await usage(channelId, trx);
        if (state && state.taken >= state.recipients) {
          const { frees, reason } = full(state);
          throw new ChannelError('RATE_LIMITED', reason, Math.max(1_000, frees.getTime() - now().getTime()), { quota: true });
        }
        await trx
          .insertInto('whatsapp_conversation_starts')
          .values({ channel_id: channelId, wa_id: waId, started_at: now() })
          .onConflict((conflict) => conflict.columns(['channel_id', 'wa_id']).doUpdateSet({ started_at: now() }))
          .execute();
        return true;
      });
      return async () => {
        if (taken)
          await db.deleteFrom('whatsapp_conversation_starts').where('channel_id', '=', channelId).where('wa_id', '=', waId).execute();
      };
    },

    /** The number's limit and what is used of it, for its health. */
    usage,
  };
}
