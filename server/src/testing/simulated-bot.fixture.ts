// Shared by the delivery tests and the crash fixture: a database opened the way
// main.ts opens it, and bots of the Telegram simulator wired as channels that
// send through the real Bot API sender.
import { Writable } from 'node:stream';
import { createBotApi, type BotApi } from '../channels/telegram-bot/bot-api.ts';
import { telegramBotRateLimits } from '../channels/telegram-bot/profile.ts';
import { createLogger, openDatabase, type Database, type Logger, type SwitchboardTables } from '../platform/index.ts';
import type { ChannelRecord } from '../channels/channel.ts';
import type { ChannelDirectory, SendFunction } from '../delivery/delivery.types.ts';

/** The simulated bots are Telegram bots: delivery paces them with the Telegram module's profile. */
export const rateLimitsFor = () => telegramBotRateLimits;

export async function openTestDatabase(location: { dataDir: string; databaseUrl?: string }): Promise<Database<SwitchboardTables>> {
  return openDatabase<SwitchboardTables>({ dataDir: location.dataDir, databaseUrl: location.databaseUrl, queryTimeoutMs: 15_000 });
}

export function quietLogger(): Logger {
  if (process.env.TEST_LOGS) return createLogger({ level: 'debug', destination: process.stderr });
  return createLogger({ level: 'warn', destination: new Writable({ write: (_chunk, _encoding, done) => done() }) });
}

/** A connected bot as the channel registry would hand it over. */
export function botChannel(id: number, token: string, overrides: Partial<ChannelRecord> = {}): ChannelRecord {
  return {
    id,
    kind: 'telegram_bot',
    messenger: 'telegram',
    name: `Bot ${id}`,
    status: 'active',
    intakeMode: 'polling',
    isDefault: false,
    isEnabled: true,
    externalId: token.split(':')[0] ?? null,
    username: null,
    settings: {},
    credentials: () => token,
    webhookSecret: () => null,
    ...overrides,
  };
}

export function channelDirectory(channels: ChannelRecord[]): ChannelDirectory & { set(channel: ChannelRecord): void } {
  const byId = new Map(channels.map((channel) => [channel.id, channel]));
  return {
    get: async (channelId) => byId.get(channelId) ?? null,
    set: (channel) => void byId.set(channel.id, channel),
  };
}

/** Sends through bot-api.ts to the simulator, one grammY client per token. */
export function simulatorSender(apiRoot: string, timeoutMs = 10_000): SendFunction {
  const apis = new Map<string, BotApi>();
  return (channel, message) => {
    const token = channel.credentials();
    let api = apis.get(token);
    if (!api) {
      api = createBotApi({ token, apiRoot, timeoutMs });
      apis.set(token, api);
    }
    return api.send(message);
  };
}

/** Polls until `probe` returns something truthy; fails with `what` after the timeout. */
export async function waitFor<T>(probe: () => T | Promise<T>, what: string, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
