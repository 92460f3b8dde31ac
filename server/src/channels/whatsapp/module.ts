// The WhatsApp Business Cloud API channel module (kind "whatsapp"): one object main.ts registers. A number's
// credentials carry its Meta app's secret and verify token; starting its intake files the number under that
// Meta app (../meta/apps.store.ts), whose webhook (/webhooks/whatsapp) then routes to it.
import type { Db, Logger, QueueDefinition, SecretBox } from '../../platform/index.ts';
import { ChannelError, type ChannelAdapter, type ChannelRecord, type IntakeSink } from '../channel.ts';
import type { FlowSink } from '../flows.ts';
import { createGraphClient, createMetaAppStore } from '../meta/index.ts';
import type { ChannelModule } from '../module.ts';
import { createBusinessStarts } from './business-start.ts';
import { createMessagingLimits } from './messaging-limit.ts';
import { createWhatsAppApi } from './graph-api.ts';
import { createWhatsAppFlows, type WhatsAppReplyHooks } from './flow-render.ts';
import { identifyUpdate, normalize } from './normalize.ts';
import {
  decodeWhatsAppCredentials,
  encodeWhatsAppCredentials,
  whatsappCapabilities,
  whatsappContactLinks,
  whatsappCredentials,
  whatsappRateLimits,
  whatsappSecrets,
  whatsappSettings,
  whatsappVocabulary,
  whatsappConnectForm,
  serviceWindowMs,
  type WhatsAppCredentials,
} from './profile.ts';
import { createServiceWindows } from './service-window.ts';
import { createTemplateStore } from './templates.ts';
import { registerWhatsAppWebhook, whatsappProduct } from './webhook.routes.ts';

export const whatsappKind = 'whatsapp';
/** Re-reads every number's templates from Meta (approvals, pauses); the admin's "sync" action does one number now. */
export const templateSyncQueue = 'whatsapp-templates-sync';

export interface WhatsAppModuleOptions {
  db: Db;
  secretBox: SecretBox;
  sink: IntakeSink;
  logger: Logger;
  onStatus(channelId: number, status: 'active' | 'error', detail: string | null): void;
  /** META_GRAPH_URL and META_GRAPH_VERSION. */
  graphUrl: string;
  graphVersion: string;
  /** The app flows (clinic booking …) answering WhatsApp customers; absent: none. */
  flows?: FlowSink;
  hooks?: WhatsAppReplyHooks;
  /** The registry's lookup, for the template sync job (it visits every number). */
  channels?: { get(channelId: number): Promise<ChannelRecord | null> };
  now?: () => Date;
}

export type WhatsAppModule = ReturnType<typeof createWhatsAppModule>;

/** Credentials that no longer read back are reported as something the admin fixes, not a crash. */
function credentialsOf(channel: ChannelRecord | string): WhatsAppCredentials {
  try {
    return decodeWhatsAppCredentials(typeof channel === 'string' ? channel : channel.credentials());
  } catch (error) {
    throw new ChannelError('AUTH_REVOKED', (error as Error).message);
  }
}

export function createWhatsAppModule(options: WhatsAppModuleOptions) {
  const graph = createGraphClient({ baseUrl: options.graphUrl, version: options.graphVersion });
  const api = createWhatsAppApi(graph);
  const apps = createMetaAppStore({ db: options.db, secretBox: options.secretBox });
  const windows = createServiceWindows({ db: options.db, now: options.now });
  const flows = createWhatsAppFlows({ api, credentialsOf, hooks: options.hooks, logger: options.logger });
  const templateStore = createTemplateStore({ db: options.db, graph, now: options.now });
  const limits = createMessagingLimits({ db: options.db, graph, now: options.now });
  const starts = createBusinessStarts({ windows, templates: templateStore, limits });
  const templates = {
    list: (channel: ChannelRecord) => templateStore.list(channel.id),
    async conversationStarts(channel: ChannelRecord) {
      const usage = await limits.usage(channel.id);
      return (
        usage && {
          limit: usage.recipients,
          taken: usage.taken,
          freesAt: usage.oldest && new Date(usage.oldest.getTime() + serviceWindowMs),
        }
      );
    },
    /** The templates, and the messaging limit that every template starting a conversation counts against. */
    async sync(channel: ChannelRecord) {
      const credentials = credentialsOf(channel);
      const synced = await templateStore.sync(channel.id, credentials);
      await limits.refresh(channel.id, credentials).catch((error: unknown) => {
        options.logger.warn({ err: error, channel_id: channel.id }, 'whatsapp: reading the messaging limit failed');
      });
      return synced;
    },
  };
  /** The job: every number filed under a Meta app; one that fails is logged and the rest still sync. */
  async function syncAllTemplates(): Promise<void> {
    if (!options.channels) return;
    for (const channelId of await apps.channelsOf(whatsappProduct)) {
      const channel = await options.channels.get(channelId);
      if (!channel || channel.status === 'stopped') continue;
      await templates.sync(channel).catch((error: unknown) => {
        options.logger.warn({ err: error, channel_id: channelId }, 'whatsapp: syncing message templates failed');
      });
    }
  }

  const adapter = {
    kind: whatsappKind,
    async verifyCredentials(encoded: string) {
      return api.identity(credentialsOf(encoded));
    },
    identifyUpdate,
    normalize,
    async dispatch(channel: ChannelRecord, payload: unknown): Promise<void> {
      const input = flows.toFlowEvent(payload);
      if (!input || !options.flows) return;
      // WhatsApp has no /start: a customer's first message to a number that runs apps starts their flows as /start
      // does (a number without apps is answered by people; nobody gets an automatic welcome there).
      const message = (payload as { message?: { id?: string } }).message;
      const first =
        input.event.type !== 'command' &&
        (channel.settings.apps?.length ?? 0) > 0 &&
        message?.id !== undefined &&
        (await windows.isFirstMessage(channel.id, input.origin.chatId, message.id));
      await options.flows.handle({ ...input.origin, channel }, first ? { type: 'command', command: 'start', args: '' } : input.event);
    },
    async send(channel: ChannelRecord, message: Parameters<ChannelAdapter['send']>[1]) {
      const prepared = await starts.prepare(channel.id, message);
      const release = prepared.startsConversation ? await limits.reserve(channel.id, message.chatId) : undefined;
      try {
        return await api.send(credentialsOf(channel), prepared.message);
      } catch (error) {
        // Refused outright, the customer was not messaged: the place is free again. After a timeout or a 5xx
        // Meta may have delivered it, so the place stays taken.
        if (release && error instanceof ChannelError && !['TEMPORARY', 'PERMANENT'].includes(error.code)) await release();
        throw error;
      }
    },
    // The Cloud API's typing indicator needs a message id to mark read; operators' typing is not shown.
    sendTyping: async () => undefined,
    replyStatus: (channel: ChannelRecord, waId: string, message?: Parameters<typeof starts.statusFor>[2]) =>
      starts.statusFor(channel.id, waId, message),
    downloadFile: (channel: ChannelRecord, mediaId: string) =>
      api.download(credentialsOf(channel), mediaId, whatsappCapabilities.media.downloadMaxBytes),
    interactions: flows.interactions,
    toFlowEvent: flows.toFlowEvent,
    renderReplies: flows.renderReplies,
    templates,
    async startIntake(channel: ChannelRecord): Promise<void> {
      try {
        const credentials = credentialsOf(channel);
        await apps.link(channel.id, whatsappProduct, credentials.phone_number_id, {
          appSecret: credentials.app_secret,
          verifyToken: credentials.verify_token,
        });
        options.onStatus(channel.id, 'active', null);
        // A new number's templates are there for operators at once; the job keeps them current after.
        void templates.sync(channel).catch((error: unknown) => {
          options.logger.warn({ err: error, channel_id: channel.id }, 'whatsapp: syncing message templates failed');
        });
      } catch (error) {
        options.logger.error({ err: error, channel_id: channel.id }, 'whatsapp: filing the number under its Meta app failed');
        options.onStatus(channel.id, 'error', `Could not file the number under its Meta app: ${(error as Error).message}`);
      }
    },
    stopIntake: async () => undefined,
    stopAll: async () => undefined,
  } satisfies ChannelAdapter & Record<string, unknown>;

  return {
    kind: whatsappKind,
    messenger: 'whatsapp',
    identityIsPhone: true,
    accountType: 'whatsapp',
    vocabulary: whatsappVocabulary,
    connectForm: whatsappConnectForm,
    credentials: { schema: whatsappCredentials, encode: encodeWhatsAppCredentials },
    settings: whatsappSettings,
    capabilities: whatsappCapabilities,
    contactLinks: whatsappContactLinks,
    rateLimits: whatsappRateLimits,
    intake: { modes: ['webhook'] as const, defaultMode: () => 'webhook' as const, leasedModes: [] },
    secrets: whatsappSecrets,
    adapter,
    registerRoutes: (app, context) => registerWhatsAppWebhook(app, context, { apps, windows, logger: options.logger }),
    queues: [{ name: templateSyncQueue, cron: '41 * * * *', work: { handle: syncAllTemplates } }] as QueueDefinition<never>[],
    /** The template sync job's run, for tests (the job runs it hourly). */
    syncAllTemplates,
    /** The window's state, for tests and the clinic's reminders. */
    windows,
    /** The number's messaging limit and its use, for tests and health. */
    limits,
  } satisfies ChannelModule<WhatsAppCredentials> & Record<string, unknown>;
}
