// WhatsApp Cloud API webhook bodies (developers.facebook.com …/whatsapp/webhooks/reference/messages
// and /statuses): one entry per business account, one change with field "messages" whose value
// carries metadata, contacts and messages, or statuses. Timestamps are unix seconds as strings.
import { newWamid } from './meta-world.ts';

type Json = Record<string, unknown>;

export interface WhatsAppBusiness {
  wabaId: string;
  phoneNumberId: string;
  displayPhoneNumber: string;
}

export interface MessageOptions {
  id?: string;
  /** Unix seconds; now by default. */
  timestamp?: number;
  /** A reply: the message replied to (for a template quick-reply button, the template message). */
  context?: { from: string; id: string };
}

export interface MediaFields {
  id: string;
  mime_type: string;
  sha256: string;
  caption?: string;
  /** Newer webhooks carry a download link too; control.whatsappInbound fills it for seeded media. */
  url?: string;
}

const seconds = (options: MessageOptions): string => String(options.timestamp ?? Math.floor(Date.now() / 1000));

function message(from: string, type: string, content: unknown, options: MessageOptions): Json {
  const body: Json = { from, id: options.id ?? newWamid(), timestamp: seconds(options), type };
  if (options.context) body.context = options.context;
  body[type] = content;
  return body;
}

const withoutUndefined = (value: Json): Json => Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined));

/** Builders for messages[] items, one per inbound type. */
export const whatsappMessage = {
  text: (from: string, body: string, options: MessageOptions = {}) => message(from, 'text', { body }, options),
  image: (from: string, media: MediaFields, options: MessageOptions = {}) =>
    message(from, 'image', withoutUndefined({ ...media }), options),
  video: (from: string, media: MediaFields, options: MessageOptions = {}) =>
    message(from, 'video', withoutUndefined({ ...media }), options),
  /** voice: true for a voice note recorded in WhatsApp, false for an audio file. */
  audio: (from: string, media: Omit<MediaFields, 'caption'> & { voice: boolean }, options: MessageOptions = {}) =>
    message(from, 'audio', { ...media }, options),
  document: (from: string, media: MediaFields & { filename: string }, options: MessageOptions = {}) =>
    message(from, 'document', withoutUndefined({ ...media }), options),
  sticker: (from: string, media: Omit<MediaFields, 'caption'> & { animated?: boolean }, options: MessageOptions = {}) =>
    message(from, 'sticker', { animated: false, ...media }, options),
  location: (
    from: string,
    location: { latitude: number; longitude: number; name?: string; address?: string },
    options: MessageOptions = {},
  ) => message(from, 'location', withoutUndefined({ ...location }), options),
  contacts: (from: string, contacts: Array<{ name: string; phone: string; wa_id?: string }>, options: MessageOptions = {}) =>
    message(
      from,
      'contacts',
      contacts.map((contact) => ({
        name: { formatted_name: contact.name, first_name: contact.name.split(' ')[0] },
        phones: [withoutUndefined({ phone: contact.phone, wa_id: contact.wa_id, type: 'CELL' })],
      })),
      options,
    ),
  buttonReply: (from: string, reply: { id: string; title: string }, options: MessageOptions) =>
    message(from, 'interactive', { type: 'button_reply', button_reply: reply }, options),
  listReply: (from: string, reply: { id: string; title: string; description?: string }, options: MessageOptions) =>
    message(from, 'interactive', { type: 'list_reply', list_reply: withoutUndefined({ ...reply }) }, options),
  /** A template's quick-reply button: type "button", with the template message as context. */
  templateButton: (from: string, button: { payload: string; text: string }, options: MessageOptions) =>
    message(from, 'button', button, options),
  /** Without an emoji: the customer took the reaction back (Meta omits the field). */
  reaction: (from: string, reaction: { message_id: string; emoji?: string }, options: MessageOptions = {}) =>
    message(from, 'reaction', withoutUndefined({ ...reaction }), options),
};

export type StatusName = 'sent' | 'delivered' | 'read' | 'failed';

export interface StatusOptions {
  timestamp?: number;
  /** Meta's code and title for a failed message, e.g. 131047 "Re-engagement message". */
  error?: { code: number; title: string; details?: string };
  category?: 'service' | 'utility' | 'marketing' | 'authentication';
  /** Free inside the customer-service window; by default free for 'service', 'regular' otherwise. */
  pricingType?: 'regular' | 'free_customer_service' | 'free_entry_point';
}

/** One statuses[] item for a message the business sent. */
export function whatsappStatus(messageId: string, recipientId: string, status: StatusName, options: StatusOptions = {}): Json {
  const body: Json = {
    id: messageId,
    status,
    timestamp: String(options.timestamp ?? Math.floor(Date.now() / 1000)),
    recipient_id: recipientId,
  };
  if (status !== 'failed') {
    // Per-message pricing (PMP): no conversation object; service replies in the window are free.
    const category = options.category ?? 'service';
    const type = options.pricingType ?? (category === 'service' ? 'free_customer_service' : 'regular');
    body.pricing = { billable: type === 'regular', pricing_model: 'PMP', category, type };
  } else {
    const error = options.error ?? { code: 131026, title: 'Message undeliverable' };
    body.errors = [
      {
        code: error.code,
        title: error.title,
        message: error.title,
        error_data: { details: error.details ?? error.title },
        href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
      },
    ];
  }
  return body;
}

function envelope(business: WhatsAppBusiness, value: Json): Json {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: business.wabaId,
        changes: [
          {
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: business.displayPhoneNumber, phone_number_id: business.phoneNumberId },
              ...value,
            },
            field: 'messages',
          },
        ],
      },
    ],
  };
}

/** Inbound messages with the senders' profiles (contacts[] lists each sender once). */
export function whatsappMessagesPayload(
  business: WhatsAppBusiness,
  senders: Array<{ name: string; wa_id: string }>,
  messages: Json[],
): Json {
  return envelope(business, { contacts: senders.map((sender) => ({ profile: { name: sender.name }, wa_id: sender.wa_id })), messages });
}

export function whatsappStatusesPayload(business: WhatsAppBusiness, statuses: Json[]): Json {
  return envelope(business, { statuses });
}
