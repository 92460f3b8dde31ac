// The apps this server runs and the ports they get (docs/ARCHITECTURE.md "How to add an app"): each port is built
// here from the part that owns its data; the prompts and jobs ports call the flows and jobs, built after the apps,
// through `forward` (./forward.ts).
import type { AnyAppDefinition, AppChannel } from '../apps/app.ts';
import { broadcastsApp } from '../apps/broadcasts/index.ts';
import { clinicApp } from '../apps/clinic/index.ts';
import { dispatchApp } from '../apps/dispatch/index.ts';
import { linkingApp } from '../apps/linking/index.ts';
import { createApps } from '../apps/running-apps.ts';
import { ticketsApp } from '../apps/tickets/index.ts';
import type { ChannelRecord } from '../channels/channel.ts';
import type { ChannelCapabilities, ChannelModules } from '../channels/module.ts';
import type { ChannelRegistry } from '../channels/registry.service.ts';
import { createDeliveryPort } from '../delivery/app-port.ts';
import { createFlowStateReader } from '../flows/app-port.ts';
import { createContactsPort, createConversationsPort, type createDomainEvents, type createStaffPort } from '../inbox/app-ports.ts';
import {
  ConfigError,
  readBusinessDetails,
  type AppFiles,
  type Config,
  type Db,
  type Logger,
  type MigrationSource,
  type RealtimeHub,
  type SecretBox,
} from '../platform/index.ts';
import type { Forward } from './forward.ts';
import type { Messaging } from '../messaging.ts';

/** Business workflows, mounted in this order before the inbox's fallback (DESIGN "Apps"). */
export const appDefinitions: AnyAppDefinition[] = [linkingApp, ticketsApp, dispatchApp, clinicApp, broadcastsApp];

/** The apps' migration folders (their schemas exist even when an app is switched off). */
export const appMigrationSources = (): MigrationSource[] =>
  appDefinitions.flatMap((app) => (app.migrationsDirectory ? [{ module: `apps/${app.name}`, directory: app.migrationsDirectory }] : []));

/** The apps APPS switches on (all when unset); an unknown name stops the start. */
export function enabledApps(config: Config): AnyAppDefinition[] {
  if (!config.APPS) return appDefinitions;
  const wanted = config.APPS;
  const unknown = wanted.filter((name) => !appDefinitions.some((app) => app.name === name));
  if (unknown.length > 0)
    throw new ConfigError(
      `Invalid configuration:\n  APPS: unknown app ${unknown.join(', ')}; known: ${appDefinitions.map((app) => app.name).join(', ') || 'none'}`,
    );
  return appDefinitions.filter((app) => wanted.includes(app.name));
}

/** The variables apps read (AMOCRM_*, seed 003's WEBHOOK_SECRET, seed 004's bot API secret); never APP_SECRET or the database's. */
function appEnvironment(config: Config): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(config).filter(
      (entry): entry is [string, string] =>
        (entry[0].startsWith('AMOCRM_') || entry[0] === 'WEBHOOK_SECRET' || entry[0] === 'TELEGRAM_BOT_API_SECRET') &&
        typeof entry[1] === 'string',
    ),
  );
}

/** Builds the apps with their ports. */
export function buildApps(input: {
  definitions: readonly AnyAppDefinition[];
  config: Config;
  db: Db;
  logger: Logger;
  secretBox: SecretBox;
  hub: RealtimeHub;
  staff: ReturnType<typeof createStaffPort>;
  domainEvents: ReturnType<typeof createDomainEvents>;
  messaging: Messaging;
  registry: ChannelRegistry;
  modules: ChannelModules;
  /** The kind whose default account apps' deep links open. */
  defaultKind: string;
  appFiles: AppFiles;
  forward: Forward;
}) {
  const { config, db, hub, messaging, registry, modules, forward } = input;
  const { inbox } = messaging;
  const channels = { get: (channelId: number) => registry.get(channelId) };
  return createApps({
    definitions: input.definitions,
    database: db,
    logger: input.logger,
    ports: {
      secretBox: input.secretBox,
      hub,
      publicUrl: config.PUBLIC_URL,
      environment: appEnvironment(config),
      contacts: createContactsPort({ db, visibility: inbox.visibility, events: input.domainEvents }),
      staff: input.staff,
      conversations: createConversationsPort({
        db,
        hub,
        sender: inbox.sender,
        visibility: inbox.visibility,
        flowState: createFlowStateReader(db),
      }),
      delivery: createDeliveryPort({
        db,
        delivery: messaging.delivery,
        cascades: messaging.cascades,
        wake: messaging.wakeDelivery,
        retry: messaging.retryDelivery,
      }),
      events: input.domainEvents,
      // Apps send prompts only once everything runs.
      prompts: {
        async send(chat, language, replies) {
          const channel = await channels.get(chat.channelId);
          if (!channel) throw new Error(`There is no channel ${chat.channelId} to send a prompt through.`);
          await forward.flows.runtime.sender.send({ channel, chatId: chat.chatId, topicId: '', language }, replies);
        },
      },
      files: input.appFiles,
      business: { read: () => readBusinessDetails(db) },
      jobs: { send: (queue, data, sendOptions) => forward.jobs.send(queue, data, sendOptions) },
      channels: {
        get: async (channelId) => appChannel(await channels.get(channelId), modules),
        list: async () =>
          (await Promise.all((await registry.list()).map(async (row) => appChannel(await channels.get(row.id), modules)))).filter(
            (channel): channel is AppChannel => channel !== null,
          ),
        defaultChannel: async () => appChannel(await registry.defaultChannel(input.defaultKind), modules),
        downloadFile: async (channelId, fileId) => {
          const channel = await channels.get(channelId);
          const adapter = channel ? messaging.adapterFor(channel.kind) : undefined;
          if (!channel || !adapter?.downloadFile) throw new Error(`Channel ${channelId} cannot download files.`);
          const file = await adapter.downloadFile(channel, fileId);
          return 'tooBig' in file ? file : { data: file.bytes };
        },
        conversationStarts: async (channelId) => {
          const channel = await channels.get(channelId);
          const starts = channel ? messaging.adapterFor(channel.kind)?.templates?.conversationStarts : undefined;
          return channel && starts ? starts(channel) : null;
        },
      },
    },
  });
}

const appChannelMedia = (capabilities: ChannelCapabilities | undefined): AppChannel['media'] =>
  capabilities
    ? {
        kinds: capabilities.media.kinds,
        uploadMaxBytes: capabilities.media.uploadMaxBytes,
        captionMaxLength: capabilities.text.captionMaxLength,
      }
    : { kinds: [], uploadMaxBytes: 0, captionMaxLength: null };

/** A channel as apps see it. */
function appChannel(record: ChannelRecord | null, modules: ChannelModules): AppChannel | null {
  if (!record) return null;
  const capabilities = modules.get(record.kind)?.capabilities;
  return {
    id: record.id,
    kind: record.kind,
    name: record.name,
    username: record.username,
    isEnabled: record.isEnabled,
    apps: record.settings.apps ?? null,
    broadcasts: capabilities?.broadcasts ?? 'never',
    businessInitiated: capabilities?.businessInitiated ?? 'never',
    replyWindowMs: capabilities?.replyWindowMs ?? null,
    messengerName: modules.get(record.kind)?.vocabulary.en.messengerName ?? record.kind,
    textMaxLength: capabilities?.text.maxLength ?? 0,
    linkButtons: capabilities?.linkButtons ?? false,
    media: appChannelMedia(capabilities),
  };
}
