// WhatsApp webhook bodies → journal entries → InboundEvents. The webhook route splits a body
// (entry[].changes[].value with metadata, contacts, messages, statuses) into one journal entry per message
// or status, keyed by Meta's own ids, so a redelivered body is stored once.
import type { Attachment, InboundEvent, MessageKind, OutboundState, Person, RawUpdate } from '../channel.ts';

type Json = Record<string, unknown>;

/** One journaled item: a customer's message (with their profile) or a status of a message we sent. */
export type WhatsAppEntry =
  | { whatsapp: 'message'; phoneNumberId: string; profileName: string | null; message: Json }
  | { whatsapp: 'status'; phoneNumberId: string; status: Json };

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The entries of one change's value (field "messages"), for the number it names. */
export function entriesOfValue(value: unknown): { phoneNumberId: string; entries: WhatsAppEntry[] } | null {
  if (!isObject(value) || !isObject(value.metadata)) return null;
  const phoneNumberId = text(value.metadata.phone_number_id);
  if (!phoneNumberId) return null;
  const contacts = Array.isArray(value.contacts) ? value.contacts.filter(isObject) : [];
  const nameOf = (waId: string) => {
    const contact = contacts.find((item) => text(item.wa_id) === waId) ?? (contacts.length === 1 ? contacts[0] : undefined);
    const profile = isObject(contact?.profile) ? contact.profile : undefined;
    return text(profile?.name) || null;
  };
  const entries: WhatsAppEntry[] = [];
  for (const message of Array.isArray(value.messages) ? value.messages : []) {
    if (isObject(message) && text(message.id) && text(message.from))
      entries.push({ whatsapp: 'message', phoneNumberId, profileName: nameOf(text(message.from)), message });
  }
  for (const status of Array.isArray(value.statuses) ? value.statuses : []) {
    if (isObject(status) && text(status.id) && text(status.status)) entries.push({ whatsapp: 'status', phoneNumberId, status });
  }
  return { phoneNumberId, entries };
}

export function identifyUpdate(payload: unknown): RawUpdate | null {
  if (!isObject(payload)) return null;
  const entry = payload as WhatsAppEntry;
  if (entry.whatsapp === 'message' && isObject(entry.message))
    return { eventId: `m:${text(entry.message.id)}`, chatKey: text(entry.message.from), payload };
  if (entry.whatsapp === 'status' && isObject(entry.status))
    // One status per message and state: "delivered" redelivered is the same event, "read" is a new one.
    return { eventId: `s:${text(entry.status.id)}:${text(entry.status.status)}`, chatKey: text(entry.status.recipient_id), payload };
  return null;
}

/** The customer as a person; WhatsApp's id is the phone number in international format (wa_id). */
export function personOf(waId: string, profileName: string | null): Person {
  const [firstName, ...rest] = (profileName ?? `+${waId}`).trim().split(/\s+/);
  return {
    messenger: 'whatsapp',
    externalId: waId,
    firstName: firstName || `+${waId}`,
    lastName: rest.join(' ') || undefined,
    phone: `+${waId}`,
    isBot: false,
  };
}

const mediaKinds: Record<string, MessageKind> = { image: 'photo', video: 'video', document: 'document', sticker: 'sticker' };

function mediaAttachment(kind: MessageKind, media: Json): Attachment {
  return {
    type: kind,
    file_id: text(media.id) || undefined,
    file_unique_id: text(media.sha256) || undefined,
    mime_type: text(media.mime_type) || undefined,
    file_name: text(media.filename) || undefined,
    sticker_format: kind === 'sticker' ? (media.animated === true ? 'animated' : 'static') : undefined,
  };
}

/** Kind, text and attachments of one inbound message, by Meta's `type`. */
export function contentOf(message: Json): { kind: MessageKind; text: string; attachments: Attachment[] } {
  const type = text(message.type);
  const content = message[type];
  const body: Json = isObject(content) ? content : {};
  if (type === 'text') return { kind: 'text', text: text(body.body), attachments: [] };
  if (Object.hasOwn(mediaKinds, type)) {
    const kind = mediaKinds[type]!;
    return { kind, text: text(body.caption), attachments: [mediaAttachment(kind, body)] };
  }
  if (type === 'audio') {
    const kind: MessageKind = body.voice === true ? 'voice' : 'audio';
    return { kind, text: '', attachments: [mediaAttachment(kind, body)] };
  }
  if (type === 'location') {
    const latitude = Number(body.latitude);
    const longitude = Number(body.longitude);
    return {
      kind: body.name || body.address ? 'venue' : 'location',
      text: '',
      attachments: [
        { type: 'location', latitude, longitude, title: text(body.name) || undefined, address: text(body.address) || undefined },
      ],
    };
  }
  if (type === 'contacts' && Array.isArray(message.contacts)) {
    const attachments = message.contacts.filter(isObject).map((contact): Attachment => {
      const name = isObject(contact.name) ? contact.name : {};
      const phone = (Array.isArray(contact.phones) ? contact.phones.filter(isObject) : [])[0];
      return {
        type: 'contact',
        phone_number: text(phone?.phone) || text(phone?.wa_id) || undefined,
        first_name: text(name.first_name) || text(name.formatted_name) || undefined,
        last_name: text(name.last_name) || undefined,
      };
    });
    return { kind: 'contact', text: '', attachments };
  }
  if (type === 'reaction') {
    // Shown as the emoji on its own line, replying to the message it reacts to; none: the reaction was taken back.
    return { kind: 'other', text: text(body.emoji), attachments: [] };
  }
  // unsupported (Meta's own type for what the Cloud API cannot show), or a type newer than this code
  return { kind: 'other', text: '', attachments: [] };
}

/** A pressed reply button, list row or template quick reply: its id (what we sent) and title. */
export function choiceOf(message: Json): { data: string; label: string } | null {
  if (message.type === 'interactive' && isObject(message.interactive)) {
    const reply = message.interactive.button_reply ?? message.interactive.list_reply;
    if (isObject(reply) && text(reply.id)) return { data: text(reply.id), label: text(reply.title) };
  }
  if (message.type === 'button' && isObject(message.button))
    return { data: text(message.button.payload) || text(message.button.text), label: text(message.button.text) };
  return null;
}

const outboundStates: readonly string[] = ['sent', 'delivered', 'read', 'failed'] satisfies OutboundState[];

/** A status of a message we sent: its state, and for a failure Meta's first error (code and title). */
export function statusOf(status: Json): InboundEvent[] {
  const state = text(status.status);
  const recipient = text(status.recipient_id);
  if (!outboundStates.includes(state) || !recipient) return []; // e.g. "deleted", or a state newer than this code
  const error = (Array.isArray(status.errors) ? status.errors.filter(isObject) : [])[0];
  return [
    {
      type: 'outbound_status',
      chat: { externalId: recipient, type: 'private', title: `+${recipient}`, topicId: '' },
      messageExternalId: text(status.id),
      state: state as OutboundState,
      at: new Date(Number(status.timestamp) * 1000 || Date.now()),
      error: error ? { code: String(error.code ?? ''), title: text(error.title) || text(error.message) } : undefined,
    },
  ];
}

export function normalize(payload: unknown): InboundEvent[] {
  if (isObject(payload) && payload.whatsapp === 'status' && isObject(payload.status)) return statusOf(payload.status);
  if (!isObject(payload) || payload.whatsapp !== 'message' || !isObject(payload.message)) return [];
  const { message, profileName } = payload as Extract<WhatsAppEntry, { whatsapp: 'message' }>;
  const waId = text(message.from);
  const sender = personOf(waId, profileName);
  const chat = { externalId: waId, type: 'private' as const, title: profileName ?? `+${waId}`, topicId: '' };
  const context = isObject(message.context) ? text(message.context.id) || undefined : undefined;
  const choice = choiceOf(message);
  if (choice)
    return [
      { type: 'button', chat, sender, data: choice.data, label: choice.label, messageExternalId: context, pressId: text(message.id) },
    ];
  const content = contentOf(message);
  const reactedTo = message.type === 'reaction' && isObject(message.reaction) ? text(message.reaction.message_id) : undefined;
  return [
    {
      type: 'message',
      chat,
      sender,
      message: {
        externalId: text(message.id),
        date: new Date(Number(message.timestamp) * 1000 || Date.now()),
        kind: content.kind,
        text: content.text,
        attachments: content.attachments,
        replyToExternalId: reactedTo ?? context,
      },
    },
  ];
}
