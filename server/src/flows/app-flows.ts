// What apps write against: neutral handlers and wizards (issue 15 item 3).
// Nothing here names a messenger; channels/flows.ts holds the events and replies.
import type {
  FlowCheckout,
  FlowCheckoutAnswer,
  FlowEvent,
  FlowOrigin,
  FlowReply,
  InteractionCapabilities,
  InteractionExtra,
} from '../channels/flows.ts';
import type { HintLanguage } from '../channels/flow-degrade.ts';

export type FlowLanguage = HintLanguage;

/** One event as an app sees it, with the conversation it belongs to. */
export interface FlowContext {
  event: FlowEvent;
  origin: FlowOrigin;
  conversationId: number;
  /** The customer's language as far as their messenger tells (ru for CIS locales and when it tells nothing). */
  language: FlowLanguage;
  capabilities: InteractionCapabilities;
  /** Messenger-only features (payments, deep links, web apps): check before using. */
  hasExtra(extra: InteractionExtra): boolean;
  reply(...replies: FlowReply[]): void;
  /** Starts one of this app's wizards here; its first step's prompt is sent. */
  startWizard(name: string, data?: unknown): Promise<void>;
}

/** An app's part in conversations. */
export interface AppFlows {
  /** Events outside a running wizard, in app order; true when handled (later apps and the welcome then do not see it). */
  handle?(context: FlowContext): Promise<boolean>;
  wizards?: WizardDefinition[];
  /** Before a payment inside the messenger (the channel waits seconds, not minutes); null: not this app's invoice. */
  checkout?(query: FlowCheckout): Promise<FlowCheckoutAnswer | null>;
}

export interface StepContext<Data> {
  data: Data;
  origin: FlowOrigin;
  conversationId: number;
  language: FlowLanguage;
  capabilities: InteractionCapabilities;
}

/** The answer to a step: another step, the same step again (with a hint), or the end. */
export type StepOutcome<Data> =
  { next: string; data?: Data; replies?: FlowReply[] } | { stay: FlowReply[]; data?: Data } | { finish: FlowReply[] };

export interface WizardStep<Data> {
  /** The step's question: sent on entering it, and again when an operator hands the conversation back. */
  prompt(context: StepContext<Data>): FlowReply[];
  answer(context: StepContext<Data> & { event: FlowEvent }): StepOutcome<Data> | Promise<StepOutcome<Data>>;
}

/** A multi-step flow whose state lives in the database (flow_sessions), one per conversation. */
export interface WizardDefinition<Data = any> {
  name: string;
  /** Idle time after which the wizard ends; each answer starts it again. */
  timeoutMs: number;
  firstStep: string;
  steps: Record<string, WizardStep<Data>>;
}

export function defineWizard<Data>(definition: WizardDefinition<Data>): WizardDefinition<Data> {
  if (!definition.steps[definition.firstStep])
    throw new Error(`Wizard ${definition.name}: first step "${definition.firstStep}" is not among its steps.`);
  return definition;
}
