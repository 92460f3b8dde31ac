// The channel-neutral interaction contract (issue 15 item 3, DESIGN "Apps").
// Apps receive neutral events and answer with neutral replies; each channel
// declares what it can show (InteractionCapabilities), the neutral degrader
// (flow-degrade.ts) fits the replies to that, and the channel's renderer maps
// the result onto its own calls. No messenger is named here.
import type { ChannelRecord, ChatType, MessageKind, Person } from './channel.ts';

/** What a customer did, in no messenger's vocabulary. */
export type FlowEvent =
  | { type: 'message'; text: string }
  /** `/start abc` → command "start", args "abc"; channels without commands send none. */
  | { type: 'command'; command: string; args: string }
  /** A button or list row was chosen; `menuMessageId` is the message that carried it, when the channel says. */
  | { type: 'choice'; payload: string; menuMessageId?: string }
  /** `isOwn`: the customer shared their own number (not someone else's card). */
  | { type: 'contact'; phone: string; firstName?: string; lastName?: string; isOwn: boolean }
  | { type: 'location'; latitude: number; longitude: number }
  | { type: 'file'; kind: MessageKind; fileId: string; fileName?: string; mimeType?: string; caption: string }
  /** A completed payment (channels with the `payments` extra). Amount in the currency's smallest unit. */
  | {
      type: 'payment';
      currency: string;
      totalAmount: number;
      payload: string;
      providerChargeId: string;
      /** The messenger's own id of the charge (beside the payment provider's). */
      chargeId: string;
    };

/** Before a customer's payment goes through (channels with the `payments` extra): may this invoice be paid now? */
export interface FlowCheckout {
  channel: ChannelRecord;
  senderExternalId: string;
  payload: string;
  currency: string;
  totalAmount: number;
}
/** `ok: false` carries the text the customer sees; null: not this app's invoice. */
export type FlowCheckoutAnswer = { ok: true } | { ok: false; errorMessage: string };

/** An invoice the customer pays inside the messenger; amounts in the currency's smallest unit. */
export interface FlowInvoice {
  title: string;
  description: string;
  /** Comes back in the checkout and the payment event. */
  payload: string;
  currency: string;
  amount: number;
  /** The payment provider's token the messenger's payments need. */
  providerToken: string;
}

/** Where an event came from and where replies go. */
export interface FlowOrigin {
  channel: ChannelRecord;
  chatId: string;
  topicId: string;
  chatType: ChatType;
  sender: Person | null;
}

export interface Choice {
  /** What the customer sees. */
  title: string;
  /** What the app gets back in a `choice` event; any length (long ones are kept server-side). */
  payload: string;
}

export interface ListRow extends Choice {
  description?: string;
}

/** `simple` text may use *bold*, _italic_, `code` and [title](https://link); channels render or strip it. */
export type TextFormat = 'plain' | 'simple';

/** What an app answers. */
export type FlowReply =
  | { type: 'text'; text: string; format?: TextFormat }
  | { type: 'choices'; text: string; format?: TextFormat; rows: Choice[][] }
  | { type: 'list'; text: string; format?: TextFormat; button: string; sections: Array<{ title?: string; rows: ListRow[] }> }
  | { type: 'request'; what: 'contact' | 'location'; text: string; button: string }
  | { type: 'file'; path: string; fileName?: string; mimeType?: string; caption?: string }
  /** Replaces the last menu (its text and choices) instead of sending a new message, where the channel can. */
  | { type: 'edit_menu'; text: string; format?: TextFormat; rows?: Choice[][] }
  /**
   * A message the business starts (outside a reply window): channels that need
   * pre-approved templates send `template`; the others send `text`.
   */
  | { type: 'template'; template: { name: string; language: string; parameters: string[] }; text: string }
  /** Paid inside the messenger where it has the `payments` extra; elsewhere `text` is sent (say where else to pay). */
  | { type: 'invoice'; invoice: FlowInvoice; text: string };

/** Messenger-only features apps may use after checking for them. */
export const interactionExtras = ['payments', 'deep_links', 'web_apps'] as const;
export type InteractionExtra = (typeof interactionExtras)[number];

/** What a channel can show; the degrader never exceeds it. */
export interface InteractionCapabilities {
  /** Tappable buttons under a message (Telegram inline keyboard, WhatsApp reply buttons, Instagram quick replies). */
  buttons: { perMessage: number; perRow: number; titleLength: number } | null;
  /** A list behind one button (WhatsApp list messages). */
  list: { rows: number; titleLength: number; descriptionLength: number; buttonLength: number } | null;
  /** The most bytes a button may carry back; longer payloads are kept server-side under a short key. */
  payloadBytes: number;
  requestContact: boolean;
  requestLocation: boolean;
  editMessages: boolean;
  files: boolean;
  /** The business may start a conversation only with a pre-approved template. */
  templatesRequired: boolean;
  extras: readonly InteractionExtra[];
}

/** A button after degradation: `data` is what the channel sends and gets back. */
export interface RenderedButton {
  title: string;
  data: string;
}

/** A reply fitted to a channel's capabilities: renderers map these 1:1 onto calls. */
export type RenderedReply =
  | { type: 'text'; text: string; format: TextFormat }
  | { type: 'buttons'; text: string; format: TextFormat; rows: RenderedButton[][]; menuKey: string; editMessageId?: string }
  | {
      type: 'list';
      text: string;
      format: TextFormat;
      button: string;
      sections: Array<{ title?: string; rows: Array<RenderedButton & { description?: string }> }>;
      menuKey: string;
    }
  | { type: 'request'; what: 'contact' | 'location'; text: string; button: string }
  | { type: 'file'; path: string; fileName?: string; mimeType?: string; caption?: string }
  | { type: 'template'; template: { name: string; language: string; parameters: string[] } }
  | { type: 'invoice'; invoice: FlowInvoice };

/** Where rendered replies go. */
export interface ReplyTarget {
  chatId: string;
  topicId: string;
}

/** What a renderer did: the id of each sent message (null where it sent none) and what it could not do. */
export interface RenderOutcome {
  messageIds: Array<string | null>;
  problems: string[];
}

/** What a channel module adds to take part in flows. */
export interface FlowChannel {
  interactions: InteractionCapabilities;
  /** Turns one raw update into a flow event (null: nothing an app answers, e.g. a delivery receipt). */
  toFlowEvent(payload: unknown): { event: FlowEvent; origin: Omit<FlowOrigin, 'channel'> } | null;
  renderReplies(channel: ChannelRecord, target: ReplyTarget, replies: RenderedReply[]): Promise<RenderOutcome>;
}

/** Cancel words in the three bot languages, and the cancel button's payload. */
export const cancelPayload = 'flow:cancel';
const cancelWords = new Set(['/cancel', 'cancel', 'отмена', 'отменить', 'бас тарту', 'болдырмау']);

export function isCancel(event: FlowEvent): boolean {
  if (event.type === 'choice') return event.payload === cancelPayload;
  if (event.type === 'command') return event.command === 'cancel';
  if (event.type === 'message')
    return cancelWords.has(
      event.text
        .trim()
        .toLowerCase()
        .replace(/[.!]+$/, ''),
    );
  return false;
}

/** Where a channel hands the events its dispatch turned neutral (the flow runtime, wired in main.ts). */
export interface FlowSink {
  handle(origin: FlowOrigin, event: FlowEvent): Promise<void>;
  /** A payment about to go through (channels with the `payments` extra); null when no app knows the invoice. */
  checkout?(query: FlowCheckout): Promise<FlowCheckoutAnswer | null>;
}
