// The app contract (DESIGN "Apps"): a business workflow is a folder under
// apps/ that declares what it adds through this one object, and reaches the
// rest only through the contexts below. Removing its folder (and its line in
// main.ts) removes the feature and nothing else.
import { Composer, type Context } from 'grammy';
import type { z } from 'zod';
import type { ChannelRecord } from '../channels/channel.ts';
import type { Delivery } from '../delivery/index.ts';
import type { Sender } from '../inbox/send.service.ts';
import type { Visibility } from '../inbox/visibility.ts';
import type { AnyDb, HttpApp, Logger, QueueDefinition, RealtimeHub, SecretBox } from '../platform/index.ts';

/** What an app may use. */
export interface AppContext {
  db: AnyDb;
  logger: Logger;
  secretBox: SecretBox;
  hub: RealtimeHub;
  /** The public address, when PUBLIC_URL is set (links in notifications, buttons back to the portal). */
  publicUrl?: string;
  /** Outgoing messages: rows in the outbox written in the caller's transaction, then `wake`. */
  delivery: Pick<Delivery, 'enqueue' | 'enqueueMany' | 'wake' | 'retry' | 'cancel' | 'find'>;
  /** Staff messages into conversations. */
  sender: Pick<Sender, 'sendToChat' | 'sendToClient'>;
  /** Which contacts a staff user may see (those with a conversation they may see): apps' client records obey it. */
  visibility: Pick<Visibility, 'visibleContactIds' | 'canSeeContact'>;
  channels: {
    get(channelId: number): Promise<ChannelRecord | null>;
    defaultChannel(): Promise<ChannelRecord | null>;
  };
}

/** The bot context apps' composers see: grammY's, plus the channel the update came through. */
export type AppBotContext = Context & { channel: ChannelRecord };

/** What main.ts knows of an app before starting anything. */
export interface AppDefinition {
  /** Lower-case name; also the key bots list in their `apps` setting to switch the app on. */
  name: string;
  /** A folder of NNNN_name.sql migrations, applied at start after the core's, in app order. */
  migrationsDirectory?: string;
  /** Staff roles the app adds (admin and operator exist already). */
  roles?: string[];
  /** The app's settings, validated at start. */
  settings?: z.ZodType;
  create(context: AppContext): SwitchboardApp;
}

/** A running app. */
export interface SwitchboardApp {
  queues?: QueueDefinition<never>[];
  registerRoutes?(app: HttpApp): void;
  /** Bot handlers; run only on bots that switched the app on, before the inbox's fallback. */
  composer?: Composer<AppBotContext>;
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

/**
 * Wraps an app's composer so it runs only on bots that switch the app on. A bot
 * without an `apps` setting runs every enabled app.
 */
export function onlyOnBotsThatEnable(name: string, composer: Composer<AppBotContext>): Composer<AppBotContext> {
  const gate = new Composer<AppBotContext>();
  gate.filter((context) => context.channel.settings.apps === undefined || context.channel.settings.apps.includes(name), composer);
  return gate;
}
