// The app contract (DESIGN "Apps"): a business workflow is a folder under
// apps/ that declares what it adds through this one object. It owns its tables
// (its migrations, and a handle typed to them alone) and reaches everything
// else through the ports below, each implemented once by the part that owns
// the data. Removing its folder (and its line in compose/apps.ts) removes the feature
// and nothing else. See "How to add an app" in docs/ARCHITECTURE.md.
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { BusinessStartPurposes, BusinessStartsPort } from './business-starts.ts';
import type { AppFlows } from '../flows/index.ts';
import type { BusinessDetails, HttpApp, Logger, QueueDefinition, RealtimeHub, SecretBox } from '../platform/index.ts';

export type * from './ports.ts';
import type {
  AppChannel,
  ContactsPort,
  ConversationsPort,
  DeliveryPort,
  DomainEventsPort,
  FilesPort,
  JobsPort,
  PromptsPort,
  ProvidedPorts,
  SegmentFieldSource,
  SegmentFieldsPort,
  SettingsPort,
  StaffPort,
} from './ports.ts';

/** What an app may use. `Tables` are the app's own tables; `Settings` its settings' type. */
export interface AppContext<Tables = object, Settings = unknown> {
  /** The app's own tables (its migrations), and nothing else. */
  ownTables: Kysely<Tables>;
  logger: Logger;
  secretBox: SecretBox;
  hub: RealtimeHub;
  /** The public address, when PUBLIC_URL is set (links in notifications, buttons back to the portal). */
  publicUrl?: string;
  /** The environment variables apps read (platform/config.ts declares each; unset ones are absent). */
  environment: Readonly<Record<string, string | undefined>>;
  contacts: ContactsPort;
  staff: StaffPort;
  conversations: ConversationsPort;
  delivery: DeliveryPort;
  settings: SettingsPort<Settings>;
  jobs: JobsPort;
  files: FilesPort;
  events: DomainEventsPort;
  prompts: PromptsPort;
  /** Fields segments may filter contacts by, contributed by the contacts and the running apps (SegmentFieldSource). */
  segmentFields: SegmentFieldsPort;
  /**
   * Marks the messages the app starts (OutboundMessage.businessStart) with the template declared for their purpose
   * in its `message_templates` setting; the purposes are AppDefinition.businessStarts (apps/business-starts.ts).
   */
  businessStarts: BusinessStartsPort;
  /** The business's details from setup (name, tax number, address, bank, logo) that every document prints. */
  business: { read(): Promise<BusinessDetails> };
  channels: {
    get(channelId: number): Promise<AppChannel | null>;
    /** Every account, enabled or not (an app checks at start what the ones that run it need from it). */
    list(): Promise<AppChannel[]>;
    /** The default account of the messenger family the app's deep links open (a Telegram bot). */
    defaultChannel(): Promise<AppChannel | null>;
    /** A file a person sent (a flow `file` event's fileId), fetched through the channel that received it. */
    downloadFile(channelId: number, fileId: string): Promise<{ data: Buffer } | { tooBig: true; limitBytes: number }>;
    /** How many more customers the account may start a conversation with now (a messaging limit); null: no limit known. */
    conversationStarts(channelId: number): Promise<{ limit: number; taken: number; freesAt: Date | null } | null>;
  };
  /** Ports of the apps listed in `uses` that run here (created before this one). */
  provided: Partial<ProvidedPorts>;
}

// Apps write their conversations against these (channel-neutral events and replies; DESIGN "Apps").
export type { AppFlows, FlowContext, FlowLanguage, StepContext, StepOutcome, WizardDefinition, WizardStep } from '../flows/index.ts';
export { defineWizard } from '../flows/index.ts';
export type { BusinessStart, TemplateSend } from '../channels/channel.ts';
export { withLinkLines } from '../channels/channel.ts';
export {
  declaredTemplateSchema,
  messageTemplatesSetting,
  templateValuesOf,
  type BusinessStartPurposes,
  type BusinessStartsPort,
} from './business-starts.ts';
export { checkTextFits, textInputMaxLength } from './text-limit.ts';
export type { Choice, FlowCheckout, FlowCheckoutAnswer, FlowEvent, FlowInvoice, FlowReply } from '../channels/flows.ts';

/** What main.ts knows of an app before starting anything. */
export interface AppDefinition<Tables = object, Settings = unknown, Provides extends keyof ProvidedPorts = never> {
  /** Lower-case name; also the key bots list in their `apps` setting to switch the app on. */
  name: string;
  /** A folder of NNNN_name.sql migrations, applied at start after the core's, in app order. */
  migrationsDirectory?: string;
  /** Staff roles the app adds (admin and operator exist already). */
  roles?: string[];
  /** The app's settings: validated at start, served at /api/apps/<name>/settings and edited in Settings → Apps. */
  settings?: z.ZodType<Settings>;
  /**
   * The messages the app starts (notifications, reminders): purpose → the values its template may take. An app that
   * declares them adds `message_templates: messageTemplatesSetting(purposes)` to its settings and marks each such
   * message through `context.businessStarts`; system health names accounts that need templates for purposes with none.
   */
  businessStarts?: BusinessStartPurposes;
  /** Other apps whose ports this one uses when they run; they must come earlier in appDefinitions (compose/apps.ts). */
  uses?: Array<keyof ProvidedPorts>;
  create(context: AppContext<Tables, Settings>): SwitchboardApp<Settings> & { provides?: Pick<ProvidedPorts, Provides> };
}

/** A running app. */
export interface SwitchboardApp<Settings = unknown> {
  queues?: QueueDefinition<never>[];
  registerRoutes?(app: HttpApp): void;
  /** What the app answers in conversations, on any channel; runs only on channels that switch the app on. */
  flows?: AppFlows;
  /** Fields over the app's own data that broadcasts' segments may filter contacts by (`<app>.<key>`). */
  segmentFields?: SegmentFieldSource;
  /** Checks a settings change beyond its schema (an id that must exist); throws an HttpError to refuse it. */
  checkSettings?(next: Settings): Promise<void>;
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

/** Any app, whatever its tables and settings: what main.ts holds in its list. */
export type AnyAppDefinition = AppDefinition<any, any, any>;
