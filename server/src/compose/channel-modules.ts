// The channel modules this server runs: the composition root's one place that names them (with main.ts's
// migration list). Each is built with its configuration and the context every module gets; what a module calls in
// parts built after it (the flows, delivery, the inbox, the registry) goes through `forward` (./forward.ts).
import type { ChannelRecord } from '../channels/channel.ts';
import { createChannelModules, type AnyChannelModule, type ChannelAccounts, type ChannelModules } from '../channels/module.ts';
import { createInstagramModule } from '../channels/instagram/index.ts';
import { createTelegramBotModule, telegramBotSecrets } from '../channels/telegram-bot/index.ts';
import { createTelegramUserModule, telegramUserSecrets } from '../channels/telegram-user/index.ts';
import { createWhatsAppModule } from '../channels/whatsapp/index.ts';
import type { Intake } from '../inbox/index.ts';
import type { Config, Db, Logger, QueueDefinition, SecretBox, SecretPattern } from '../platform/index.ts';
import type { Forward } from './forward.ts';

/** What a channel module gets from the composition root when it is built. */
export interface ChannelModuleContext {
  sink: Intake['sink'];
  logger: Logger;
  /** Reports intake trouble (a failing poll, a refused webhook) on the channel's status. */
  onStatus(channelId: number, status: 'active' | 'error', detail: string | null): void;
  /** For modules with their own tables (migrations in their folder) and secrets at rest. */
  db: Db;
  secretBox: SecretBox;
  /** The registry's account changes, for modules that log in step by step. */
  accounts: ChannelAccounts;
  /** This instance's id (channel_leases.instance_id): modules that keep a connection tell whether another instance holds it. */
  instanceId?: string;
}

/** The secret shapes of the modules known before any is built: the logger masks them from its first line. */
export const builtInSecretPatterns: SecretPattern[] = [telegramBotSecrets, telegramUserSecrets];

/** The migration folders of the channel modules (and Meta's shared part), after the core's. */
export const channelMigrationFolders = ['telegram-bot', 'telegram-user', 'meta', 'whatsapp', 'instagram'];

/** The context every module is built with; its calls into the registry and the intake go through `forward`. */
export function channelModuleContext(input: {
  forward: Forward;
  logger: Logger;
  db: Db;
  secretBox: SecretBox;
  instanceId: string;
  /** Live word to staff (the staff port's announce). */
  announce(type: string, payload: Record<string, unknown>, audience?: { roles: readonly string[] }): Promise<void>;
}): ChannelModuleContext {
  const { forward, announce } = input;
  return {
    sink: { journal: (channelId, updates) => forward.messaging.intakeSink.journal(channelId, updates) },
    logger: input.logger,
    onStatus: (channelId, status, detail) => void forward.registry.setStatus(channelId, status, detail).catch(() => undefined),
    db: input.db,
    secretBox: input.secretBox,
    instanceId: input.instanceId,
    accounts: {
      setStatus: (channelId, status, detail) => forward.registry.setStatus(channelId, status, detail),
      setIdentity: (channelId, identity) => forward.registry.setIdentity(channelId, identity),
      start: (channelId) => forward.registry.start(channelId),
      // To all staff, the account's id only: each open conversation of it re-reads its reply status (which checks access).
      replyStatusChanged: (channelId) => announce('reply_status_changed', { account_id: channelId }),
      alertAdmins: async (channelId, alert) => {
        const account = await forward.registry.get(channelId);
        await announce('account_alert', { account_id: channelId, account_name: account?.name ?? null, ...alert }, { roles: ['admin'] });
      },
    },
  };
}

/** Builds the built-in modules (a test's module of the same kind replaces one) beside the test's extra ones. */
export function buildChannelModules(input: {
  config: Config;
  context: ChannelModuleContext;
  forward: Forward;
  clock?: () => Date;
  extra?: (context: ChannelModuleContext) => AnyChannelModule[];
}): { modules: ChannelModules; defaultKind: string; queues: QueueDefinition<never>[] } {
  const { config, context, forward } = input;
  // What a module's own bot handlers call: the flows, delivery's per-chat pace, the inbox's record of what they sent.
  const flows = { handle: (...event: Parameters<Forward['flows']['sink']['handle']>) => forward.flows.sink.handle(...event) };
  const hooks = {
    throttle: (channelId: number, chatId: string) => forward.messaging.delivery.throttle(channelId, chatId, 'interactive'),
    recordSent: (channel: ChannelRecord, events: Parameters<Forward['messaging']['inbox']['recordBotMessages']>[1]) =>
      forward.messaging.inbox.recordBotMessages(channel, events),
  };
  const telegramBot = createTelegramBotModule({
    ...context,
    apiRoot: config.TELEGRAM_API_ROOT,
    publicUrl: config.PUBLIC_URL,
    mode: config.TELEGRAM_MODE,
    environmentToken: config.TELEGRAM_BOT_TOKEN,
    environmentWebhookSecret: config.TELEGRAM_WEBHOOK_SECRET,
    flows: { ...flows, checkout: (query) => forward.flows.runtime.checkout(query) },
    hooks,
  });
  const telegramUser = createTelegramUserModule(context);
  const meta = { graphVersion: config.META_GRAPH_VERSION, now: input.clock, flows, hooks };
  const whatsapp = createWhatsAppModule({
    ...context,
    ...meta,
    graphUrl: config.META_GRAPH_URL,
    channels: { get: (channelId) => forward.registry.get(channelId) },
  });
  const instagram = createInstagramModule({ ...context, ...meta, graphUrl: config.INSTAGRAM_GRAPH_URL });
  const extra = input.extra?.(context) ?? [];
  const builtIn = [telegramBot, telegramUser, whatsapp, instagram].filter((module) => !extra.some((other) => other.kind === module.kind));
  return {
    modules: createChannelModules([...builtIn, ...extra]),
    // The account apps' deep links open when they name none (AppContext.channels.defaultChannel).
    defaultKind: telegramBot.kind,
    queues: [instagram, whatsapp].flatMap((module) => module.queues),
  };
}
