// The message path's parts: media, the inbox, delivery and the intake, wired to the channel
// modules by kind. Built (not started) here; main.ts starts and stops them through its lifecycle.
import { ChannelError } from './channels/channel.ts';
import type { AnyChannelModule, ChannelModules } from './channels/module.ts';
import type { ChannelRegistry } from './channels/registry.service.ts';
import { combineFollowUps, createCascades, createDelivery, type Delivery, type DeliveryLimits } from './delivery/index.ts';
import { createInbox, createIntake, createMedia, createSignallingSink } from './inbox/index.ts';
import type { Config, Database, Heartbeats, Logger, RealtimeHub, SwitchboardTables, WakeupSignal } from './platform/index.ts';
import { createHeartbeats } from './platform/index.ts';

export function createMessaging(options: {
  config: Config;
  database: Database<SwitchboardTables>;
  logger: Logger;
  hub: RealtimeHub;
  heartbeats: Heartbeats;
  instanceId: string;
  /** A worker processes intake and sends; a web-only instance journals and queues, then wakes the workers. */
  works: boolean;
  modules: ChannelModules;
  channels: Pick<ChannelRegistry, 'get'>;
  /** Sets an account's status and last error (the registry's), as a send shows its credentials refused or good. */
  accountStatus(channelId: number, status: 'active' | 'error', detail: string | null): Promise<void>;
  signals: { intake: WakeupSignal; outbox: WakeupSignal };
  /** The clock snoozes end by (tests drive their own). */
  clock?: () => Date;
  deliveryLimits?: Partial<DeliveryLimits>;
}) {
  const { config, database, logger, hub, heartbeats, instanceId, works, modules, channels } = options;
  const [intakeSignal, outboxSignal] = [options.signals.intake, options.signals.outbox];
  const moduleOf = (kind: string): AnyChannelModule => {
    const module = modules.get(kind);
    if (!module) throw new ChannelError('PERMANENT', `Channels of kind "${kind}" are not built into this server.`);
    return module;
  };
  const media = createMedia({
    db: database.db,
    hub,
    logger,
    dir: config.mediaDir,
    retentionDays: config.MEDIA_RETENTION_DAYS,
    uploadMaxBytes: config.UPLOAD_MAX_BYTES,
    download: async (channelId, fileId) => {
      const channel = await channels.get(channelId);
      if (!channel) throw new ChannelError('NOT_FOUND', 'The channel that received this file was removed.');
      const { adapter, vocabulary } = moduleOf(channel.kind);
      if (!adapter.downloadFile) throw new ChannelError('PERMANENT', `${vocabulary.en.accountName} accounts cannot download files.`);
      return adapter.downloadFile(channel, fileId);
    },
  });
  const inbox = createInbox({
    now: options.clock,
    media,
    db: database.db,
    hub,
    actions: {
      typing: async (channelId, externalChatId) => {
        const channel = await channels.get(channelId);
        const module = channel ? modules.get(channel.kind) : undefined;
        if (channel && module?.capabilities.typing) await module.adapter.sendTyping(channel, externalChatId);
      },
      replyStatus: async (channelId, externalChatId) => {
        const channel = await channels.get(channelId);
        if (!channel) return { canReply: false, code: 'account_removed', reason: 'The account this chat came through was removed.' };
        return (await moduleOf(channel.kind).adapter.replyStatus?.(channel, externalChatId)) ?? { canReply: true };
      },
    },
    delivery: {
      // The inbox's operator lane carries what operators write: marked so a channel can tell people from automation.
      enqueue: (trx, input) =>
        delivery.enqueue(trx, input.lane === 'operator' ? { ...input, message: { ...input.message, writtenBy: 'operator' } } : input),
      wake: (channelId) => wakeDelivery(channelId),
      retry: (outboxId) => retryDelivery(outboxId),
      findByMessage: (messageId) => delivery.findByMessage(messageId),
    },
    phoneMessengers: modules
      .list()
      .filter((module) => module.identityIsPhone)
      .map((module) => module.messenger),
    messageOps: async (channelId) => {
      const channel = await channels.get(channelId);
      if (!channel) return null;
      const { adapter, capabilities, vocabulary } = moduleOf(channel.kind);
      return {
        accountName: vocabulary.en.accountName,
        edit: capabilities.edit && adapter.editMessage ? (chatId, id, text) => adapter.editMessage!(channel, chatId, id, text) : undefined,
        delete: capabilities.delete && adapter.deleteMessages ? (chatId, ids) => adapter.deleteMessages!(channel, chatId, ids) : undefined,
      };
    },
    channelRules: (kind) => {
      const module = moduleOf(kind);
      return { platformName: module.vocabulary.en.messengerName, capabilities: module.capabilities };
    },
  });
  const delivery = createDelivery({
    db: database.db,
    instanceId,
    logger,
    heartbeats,
    channels,
    send: async (channel, message) => {
      try {
        const sent = await moduleOf(channel.kind).adapter.send(channel, message);
        // A message that went proves the credentials, as a passed Check does: an account in error is active again.
        if (channel.status === 'error') await reportStatus(channel.id, 'active', null);
        return sent;
      } catch (error) {
        // A token revoked while sending is the account's trouble until fixed, as when a Check is refused.
        if (error instanceof ChannelError && error.code === 'AUTH_REVOKED' && channel.status !== 'stopped')
          await reportStatus(channel.id, 'error', error.message);
        throw error;
      }
    },
    async edit(channel, chatId, messageExternalId, text, choices) {
      const { adapter, capabilities, vocabulary } = moduleOf(channel.kind);
      if (!capabilities.edit || !adapter.editMessage)
        throw new ChannelError('PERMANENT', `${vocabulary.en.accountName} accounts cannot change a sent message.`);
      await adapter.editMessage(channel, chatId, messageExternalId, text, choices);
    },
    rateLimitsFor: (channel) => moduleOf(channel.kind).rateLimits,
    limits: options.deliveryLimits,
    // The inbox moves its message to sent or failed; a cascade's row also moves its cascade on (to the next channel).
    onOutcome: async (trx, outcomes) =>
      combineFollowUps([await inbox.applyDeliveryOutcomes(trx, outcomes), await cascades.onOutcome(trx, outcomes)]),
  });
  const cascades = createCascades({
    db: database.db,
    enqueue: (trx, input) => delivery.enqueue(trx, input),
    wake: (channelId) => wakeDelivery(channelId),
    channels,
    replyStatus: async (channel, chatId, message) =>
      (await moduleOf(channel.kind).adapter.replyStatus?.(channel, chatId, message)) ?? { canReply: true },
    logger,
  });
  const reportStatus = (channelId: number, status: 'active' | 'error', detail: string | null) =>
    options.accountStatus(channelId, status, detail).catch((error: unknown) => {
      logger.warn({ err: error, channel_id: channelId }, "delivery: recording the account's status failed");
    });
  // A web instance does not send: what it queues is sent by a worker it wakes (or that worker's sweep).
  const wakeDelivery = (channelId: number): void => {
    if (works) delivery.wake(channelId);
    else void outboxSignal.send(String(channelId)).catch((error: unknown) => logger.warn({ err: error }, 'waking the workers failed'));
  };
  const retryDelivery: Delivery['retry'] = async (outboxId) => {
    const result = await delivery.retry(outboxId);
    if (!works && result.status === 'requeued') wakeDelivery(result.row.channel_id);
    return result;
  };
  const intake = createIntake({
    db: database.db,
    instanceId,
    logger,
    // A web instance never drains (workers do): its intake's heartbeat must not count in its health.
    heartbeats: works ? heartbeats : createHeartbeats(),
    hub,
    channels,
    adapterFor: (kind) => moduleOf(kind).adapter,
    concurrency: database.engine === 'pglite' ? 4 : 8,
    // On the single embedded connection a run holds everything else up: keep its transactions short.
    batchSize: database.engine === 'pglite' ? 16 : 50,
    recordHooks: inbox.recordHooks,
  });
  // Webhooks journal and acknowledge on any instance; a web-only one leaves the processing to the workers and wakes them.
  const intakeSink = works ? intake.sink : createSignallingSink(database.db, intakeSignal);
  const adapterFor = (kind: string) => moduleOf(kind).adapter;
  return { media, inbox, delivery, cascades, wakeDelivery, retryDelivery, intake, intakeSink, adapterFor };
}

export type Messaging = ReturnType<typeof createMessaging>;
