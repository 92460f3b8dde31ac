// The Instagram Direct channel module (kind "instagram", Instagram API with Instagram Login): one object main.ts
// registers. An account's credentials carry its Meta app's secret and verify token; starting its intake files the
// account under that app (../meta/apps.store.ts), whose webhook (/webhooks/instagram) then routes to it, and
// learns when its token lapses (tokens.ts; the refresh job is this module's queue).
import type { Db, Logger, QueueDefinition, SecretBox } from '../../platform/index.ts';
import { ChannelError, textWithLinks, type ChannelAdapter, type ChannelRecord, type IntakeSink, type OutboundMessage } from '../channel.ts';
import type { FlowSink } from '../flows.ts';
import { createGraphClient, createMetaAppStore } from '../meta/index.ts';
import type { ChannelModule } from '../module.ts';
import { createInstagramFlows, type InstagramReplyHooks } from './flow-render.ts';
import { createInstagramApi, type InstagramAuth } from './graph-api.ts';
import { identifyUpdate, normalize } from './normalize.ts';
import {
  decodeInstagramCredentials,
  encodeInstagramCredentials,
  instagramCapabilities,
  instagramCredentials,
  instagramRateLimits,
  instagramSecrets,
  instagramSettings,
  instagramVocabulary,
  instagramConnectForm,
  type InstagramCredentials,
} from './profile.ts';
import { createCustomerProfiles } from './profiles.ts';
import { createMessagingWindows } from './service-window.ts';
import { createInstagramTokens } from './tokens.ts';
import { instagramProduct, registerInstagramWebhook } from './webhook.routes.ts';

export const instagramKind = 'instagram';
export const tokenRefreshQueue = 'instagram-token-refresh';

export interface InstagramModuleOptions {
  db: Db;
  secretBox: SecretBox;
  sink: IntakeSink;
  logger: Logger;
  onStatus(channelId: number, status: 'active' | 'error', detail: string | null): void;
  /** INSTAGRAM_GRAPH_URL and the Graph version (META_GRAPH_VERSION). */
  graphUrl: string;
  graphVersion: string;
  /** The app flows answering Instagram customers; absent: none. */
  flows?: FlowSink;
  hooks?: InstagramReplyHooks;
  /** The clock windows and token lifetimes are read by (tests drive their own). */
  now?: () => Date;
}

export type InstagramModule = ReturnType<typeof createInstagramModule>;

/** Credentials that no longer read back are reported as something the admin fixes, not a crash. */
function credentialsOf(channel: ChannelRecord | string): InstagramCredentials {
  try {
    return decodeInstagramCredentials(typeof channel === 'string' ? channel : channel.credentials());
  } catch (error) {
    throw new ChannelError('AUTH_REVOKED', (error as Error).message);
  }
}

export function createInstagramModule(options: InstagramModuleOptions) {
  const now = options.now ?? (() => new Date());
  const graph = createGraphClient({ baseUrl: options.graphUrl, version: options.graphVersion, product: 'instagram' });
  const api = createInstagramApi(graph);
  const apps = createMetaAppStore({ db: options.db, secretBox: options.secretBox });
  const windows = createMessagingWindows({ db: options.db, now });
  const tokens = createInstagramTokens({
    db: options.db,
    secretBox: options.secretBox,
    api,
    now,
    logger: options.logger,
    onStatus: options.onStatus,
  });

  async function authOf(channel: ChannelRecord): Promise<InstagramAuth> {
    const credentials = credentialsOf(channel);
    return { accountId: credentials.instagram_account_id, token: await tokens.current(channel.id, credentials.access_token) };
  }
  const flows = createInstagramFlows({ api, authOf, hooks: options.hooks, logger: options.logger });
  const profiles = createCustomerProfiles({
    // A name is not worth holding a webhook's answer up for long.
    api: createInstagramApi(
      createGraphClient({ baseUrl: options.graphUrl, version: options.graphVersion, product: 'instagram', timeoutMs: 3_000 }),
    ),
    async authOf(channelId) {
      const channel = await context?.channels.get(channelId);
      return channel ? authOf(channel) : null;
    },
    logger: options.logger,
  });
  let context: Parameters<NonNullable<ChannelModule['registerRoutes']>>[1] | null = null;

  /** Inside 24 hours a response; up to 7 days only an operator's reply, tagged HUMAN_AGENT; never after. */
  async function send(channel: ChannelRecord, message: OutboundMessage) {
    if (message.media?.length) throw new ChannelError('INVALID_INPUT', 'Instagram accounts send text only from Switchboard.');
    // Quick replies only answer; link buttons go as lines of the text.
    const text = textWithLinks(message);
    if (!text.trim()) throw new ChannelError('INVALID_INPUT', 'The message has no text.');
    const window = await windows.state(channel.id, message.chatId);
    if (window.state === 'closed')
      throw new ChannelError(
        'PERMANENT',
        window.since
          ? `The customer last wrote at ${window.since.toISOString()}, more than 7 days ago: Instagram allows no message until they write again.`
          : 'The customer has not written to this account: Instagram allows messages only to people who wrote first.',
      );
    if (window.state === 'human_agent' && message.writtenBy !== 'operator')
      throw new ChannelError(
        'PERMANENT',
        `More than 24 hours have passed since the customer last wrote (${window.since.toISOString()}): Instagram allows only a person's reply (the human-agent tag) until they write again.`,
      );
    const id = await api.sendText(await authOf(channel), message.chatId, text, {
      humanAgent: window.state === 'human_agent',
      quickReplies: message.choices?.flat(),
    });
    return { externalIds: [id], date: new Date() };
  }

  const adapter = {
    kind: instagramKind,
    async verifyCredentials(encoded: string) {
      const credentials = credentialsOf(encoded);
      return api.identity({ accountId: credentials.instagram_account_id, token: credentials.access_token });
    },
    identifyUpdate,
    normalize,
    async dispatch(channel: ChannelRecord, payload: unknown): Promise<void> {
      const input = flows.toFlowEvent(payload);
      if (input && options.flows) await options.flows.handle({ ...input.origin, channel }, input.event);
    },
    send,
    async sendTyping(channel: ChannelRecord, chatId: string) {
      if ((await windows.state(channel.id, chatId)).state === 'open') await api.typing(await authOf(channel), chatId);
    },
    replyStatus: (channel: ChannelRecord, igsid: string) => windows.replyStatus(channel.id, igsid),
    downloadFile: (_channel: ChannelRecord, url: string) => api.download(url, instagramCapabilities.media.downloadMaxBytes),
    interactions: flows.interactions,
    toFlowEvent: flows.toFlowEvent,
    renderReplies: flows.renderReplies,
    async startIntake(channel: ChannelRecord): Promise<void> {
      try {
        const credentials = credentialsOf(channel);
        await apps.link(channel.id, instagramProduct, credentials.instagram_account_id, {
          appSecret: credentials.app_secret,
          verifyToken: credentials.verify_token,
        });
        await tokens.track(channel.id, credentials.access_token);
        options.onStatus(channel.id, 'active', null);
      } catch (error) {
        options.logger.error({ err: error, channel_id: channel.id }, 'instagram: connecting the account failed');
        options.onStatus(channel.id, 'error', `Could not connect the Instagram account: ${(error as Error).message}`);
      }
    },
    stopIntake: async () => undefined,
    stopAll: async () => undefined,
  } satisfies ChannelAdapter & Record<string, unknown>;

  const queues: QueueDefinition<never>[] = [
    { name: tokenRefreshQueue, cron: '23 * * * *', work: { handle: async () => void (await tokens.refreshDue()) } },
  ];

  return {
    kind: instagramKind,
    messenger: 'instagram',
    accountType: 'instagram',
    vocabulary: instagramVocabulary,
    connectForm: instagramConnectForm,
    credentials: { schema: instagramCredentials, encode: encodeInstagramCredentials },
    settings: instagramSettings,
    capabilities: instagramCapabilities,
    rateLimits: instagramRateLimits,
    intake: { modes: ['webhook'] as const, defaultMode: () => 'webhook' as const, leasedModes: [] },
    secrets: instagramSecrets,
    adapter,
    registerRoutes(app, routeContext) {
      context = routeContext;
      registerInstagramWebhook(app, routeContext, { apps, windows, profiles, logger: options.logger });
    },
    /** The token refresh job (main.ts adds it to the jobs). */
    queues,
    /** For tests and the health report. */
    windows,
    tokens,
  } satisfies ChannelModule<InstagramCredentials> & Record<string, unknown>;
}
