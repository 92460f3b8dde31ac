// Outbound messages for the delivery benchmark and drills: bots and customers
// in the simulator, the rows to enqueue, and what arrived, checked per chat.
import { DEFAULT_RATES, type RateModel, type Simulator } from '@switchboard/telegram-sim';
import type { ServerProcess } from './server-process.ts';
import { round } from './report.ts';

export interface OutboundWorld {
  bots: Array<{ token: string; channelId: number }>;
  /** Chat i belongs to bot i % bots.length. */
  chats: Array<{ userId: number; bot: number }>;
}

/** Customers who wrote /start to one of the bots, so Telegram lets the bot write to them. */
export function createCustomers(sim: Simulator, botTokens: string[], chats: number): OutboundWorld['chats'] {
  return Array.from({ length: chats }, (_, index) => {
    const bot = index % botTokens.length;
    const user = sim.createUser({ first_name: `Customer ${index}`, language_code: index % 2 ? 'ru' : 'en' });
    sim.sendText(botTokens[bot]!, { from: user.id, text: '/start' });
    return { userId: user.id, bot };
  });
}

export function textOf(chat: number, sequence: number): string {
  return `Напоминание: ваша запись завтра в 10:00. Reply 1 to confirm. [d:${chat}:${sequence}]`;
}

/** `perChat` messages to every chat, enqueued in rounds so each chat's sequence follows insertion order. */
export function outboundRows(world: OutboundWorld, perChat: number, lane = 'notification') {
  const rows = [];
  for (let sequence = 0; sequence < perChat; sequence++) {
    for (const [index, chat] of world.chats.entries()) {
      rows.push({
        channelId: world.bots[chat.bot]!.channelId,
        lane,
        idempotencyKey: `bench:${index}:${sequence}`,
        message: { chatId: String(chat.userId), text: textOf(index, sequence) },
      });
    }
  }
  return rows;
}

/** Enqueues through the delivery engine (enqueueMany in one transaction per batch). */
export async function enqueueRows(server: ServerProcess, rows: unknown[], batch = 1_000): Promise<void> {
  for (let start = 0; start < rows.length; start += batch) await server.call('enqueue', { inputs: rows.slice(start, start + batch) });
}

export function sentTotal(sim: Simulator, world: OutboundWorld): number {
  return world.bots.reduce((sum, bot) => sum + sim.stats(bot.token).sent, 0);
}

/** Lost, duplicated and out-of-order messages, from what the simulator recorded per chat. */
export function verifyArrivals(sim: Simulator, world: OutboundWorld, perChat: number) {
  let lost = 0;
  let duplicated = 0;
  let orderViolations = 0;
  let received = 0;
  for (const [index, chat] of world.chats.entries()) {
    const sequences = sim
      .sentMessages(world.bots[chat.bot]!.token, chat.userId)
      .map((message) => /\[d:(\d+):(\d+)\]$/.exec(message.text ?? ''))
      .filter((match): match is RegExpExecArray => match !== null && Number(match[1]) === index)
      .map((match) => Number(match[2]));
    received += sequences.length;
    const seen = new Set(sequences);
    for (let sequence = 0; sequence < perChat; sequence++) if (!seen.has(sequence)) lost++;
    duplicated += sequences.length - seen.size;
    // A resend of the message just sent (1,2,2,3) keeps order; anything going back further does not.
    let highest = -1;
    for (const sequence of sequences) {
      if (sequence < highest) orderViolations++;
      highest = Math.max(highest, sequence);
    }
  }
  return { expected: world.chats.length * perChat, received, lost, duplicated, order_violations: orderViolations };
}

/**
 * Per bot: the simulator's counts and the achieved rate against what its
 * token bucket permitted over the same window (burst + rate × duration).
 */
export function rateFigures(sim: Simulator, world: OutboundWorld, rates: Partial<RateModel>, engineBurst?: number) {
  const model = { ...DEFAULT_RATES, ...rates };
  return world.bots.map((bot, index) => {
    const stats = sim.stats(bot.token);
    const seconds = stats.firstSentAt !== null && stats.lastSentAt !== null ? (stats.lastSentAt - stats.firstSentAt) / 1000 : 0;
    const permittedMessages = model.botBurst + model.botPerSecond * seconds;
    // After the first second both buckets' bursts are spent: what is sent from then on is the sustained rate.
    const accepted = world.chats
      .filter((chat) => chat.bot === index)
      .flatMap((chat) => sim.sentMessages(bot.token, chat.userId).map((message) => message.received_at_ms));
    const steadyFrom = (stats.firstSentAt ?? 0) + 1_000;
    const steadySeconds = ((stats.lastSentAt ?? 0) - steadyFrom) / 1000;
    const steadySent = accepted.filter((at) => at > steadyFrom).length;
    return {
      bot: index + 1,
      sent: stats.sent,
      send_requests: stats.byMethod.sendMessage ?? 0,
      rate_limited_429: stats.rateLimited,
      injected: stats.injected,
      seconds: round(seconds, 2),
      achieved_per_second: stats.achievedPerSecond === null ? null : round(stats.achievedPerSecond, 2),
      permitted_per_second: stats.permittedPerSecond,
      /** sent ÷ (burst + rate × window): 1.0 is every token the bucket allowed. */
      achieved_vs_permitted: permittedMessages > 0 ? round(stats.sent / permittedMessages, 3) : null,
      /**
       * The best achieved_vs_permitted the engine's own bucket allows over the same window, (engine burst + rate ×
       * window) ÷ (simulator burst + rate × window): below 1 because the engine's burst sits below the platform's.
       */
      ceiling:
        engineBurst === undefined || permittedMessages === 0
          ? null
          : round(Math.min(1, (engineBurst + model.botPerSecond * seconds) / permittedMessages), 3),
      /** Messages accepted after the first second ÷ (rate × the rest of the window): the sustained rate against the permitted one. */
      sustained_vs_permitted: steadySeconds >= 1 ? round(steadySent / (model.botPerSecond * steadySeconds), 3) : null,
      /** The simulator's own achievedPerSecond ÷ permittedPerSecond (ignores the initial burst). */
      naive_ratio: stats.achievedPerSecond === null ? null : round(stats.achievedPerSecond / stats.permittedPerSecond, 3),
    };
  });
}

/** Telegram's limits times `factor`, for the simulator and for the engine. */
export function scaledLimits(factor: number) {
  const sim: RateModel = {
    botPerSecond: DEFAULT_RATES.botPerSecond * factor,
    botBurst: DEFAULT_RATES.botBurst * factor,
    privateChatPerSecond: DEFAULT_RATES.privateChatPerSecond * factor,
    privateChatBurst: DEFAULT_RATES.privateChatBurst * factor,
    groupPerMinute: DEFAULT_RATES.groupPerMinute * factor,
    groupBurst: DEFAULT_RATES.groupBurst * factor,
  };
  // The engine's defaults (30/s, burst 20; 1/s per chat, burst 2; 20/min per group, burst 10) times the same factor.
  const engine = {
    botPerSecond: 30 * factor,
    botBurst: 20 * factor,
    privateChatPerSecond: factor,
    privateChatBurst: 2 * factor,
    groupPerMinute: 20 * factor,
    groupBurst: 10 * factor,
  };
  return { sim, engine };
}
