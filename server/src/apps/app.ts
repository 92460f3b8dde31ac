// The app contract (DESIGN "Apps"): a business workflow is a folder under
// apps/ that declares what it adds through this one object, and reaches the
// rest only through the contexts below. Removing its folder (and its line in
// main.ts) removes the feature and nothing else.
import type { z } from 'zod';
import type { ChannelRecord } from '../channels/channel.ts';
import type { Delivery } from '../delivery/index.ts';
import type { AppFlows } from '../flows/index.ts';
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

// Apps write their conversations against these (channel-neutral events and replies; DESIGN "Apps").
export type { AppFlows, FlowContext, FlowLanguage, StepContext, StepOutcome, WizardDefinition, WizardStep } from '../flows/index.ts';
export { defineWizard } from '../flows/index.ts';
export type { Choice, FlowEvent, FlowReply } from '../channels/flows.ts';

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
  /** What the app answers in conversations, on any channel; runs only on channels that switch the app on. */
  flows?: AppFlows;
  start?(): Promise<void>;
  stop?(): Promise<void>;
}
