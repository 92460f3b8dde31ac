// Telegram updates as neutral flow events (channels/flows.ts): what apps see
// instead of grammY's context.
import type { FlowChannel, FlowEvent, InteractionCapabilities } from '../flows.ts';
import type { Attachment } from '../channel.ts';
import { businessConnectionOf, normalizeUpdate } from './normalize.ts';

/** What a bot can show: inline keyboards (100 buttons, 8 a row, 64-byte callback_data), reply keyboards, edits. */
export const telegramInteractions: InteractionCapabilities = {
  buttons: { perMessage: 100, perRow: 8, titleLength: 64 },
  list: null,
  payloadBytes: 64,
  requestContact: true,
  requestLocation: true,
  editMessages: true,
  files: true,
  templatesRequired: false,
  extras: ['payments', 'deep_links', 'web_apps'],
};

type Json = Record<string, unknown>;
const fileKinds = new Set(['photo', 'video', 'video_note', 'animation', 'voice', 'audio', 'document']);

export const toFlowEvent: FlowChannel['toFlowEvent'] = (payload) => {
  // A business account's private chats are answered by its people (operators), never by apps or the welcome text.
  if (businessConnectionOf(payload)) return null;
  const [event] = normalizeUpdate(payload);
  if (!event || (event.type !== 'message' && event.type !== 'button')) return null;
  if (!event.sender || event.sender.isBot) return null;
  const origin = { chatId: event.chat.externalId, topicId: event.chat.topicId, chatType: event.chat.type, sender: event.sender };
  if (event.type === 'button') return { origin, event: { type: 'choice', payload: event.data, menuMessageId: event.messageExternalId } };
  if (event.message.fromSelf) return null;
  const raw = (payload as Json).message as Json | undefined;
  const flowEvent =
    paymentOf(raw) ?? messageEvent(event.message.kind, event.message.text, event.message.attachments, event.sender.externalId, raw);
  return flowEvent ? { origin, event: flowEvent } : null;
};

function messageEvent(kind: string, text: string, attachments: Attachment[], senderId: string, raw: Json | undefined): FlowEvent | null {
  const attachment = attachments[0];
  if (kind === 'text') {
    const command = /^\/([A-Za-z0-9_]{1,32})(?:@\w+)?(?:\s+([\s\S]*))?$/.exec(text);
    return command ? { type: 'command', command: command[1]!.toLowerCase(), args: (command[2] ?? '').trim() } : { type: 'message', text };
  }
  if (kind === 'contact' && attachment?.phone_number) {
    // Telegram sets user_id on the customer's own number (the request_contact button) and on contacts that use Telegram.
    const contactUser = (raw?.contact as Json | undefined)?.user_id;
    return {
      type: 'contact',
      phone: attachment.phone_number,
      firstName: attachment.first_name,
      lastName: attachment.last_name,
      isOwn: contactUser !== undefined && String(contactUser) === senderId,
    };
  }
  if ((kind === 'location' || kind === 'venue') && attachment?.latitude !== undefined && attachment.longitude !== undefined) {
    return { type: 'location', latitude: attachment.latitude, longitude: attachment.longitude };
  }
  if (fileKinds.has(kind) && attachment?.file_id) {
    return {
      type: 'file',
      kind: attachment.type,
      fileId: attachment.file_id,
      fileName: attachment.file_name,
      mimeType: attachment.mime_type,
      caption: text,
    };
  }
  return null;
}

function paymentOf(message: Json | undefined): FlowEvent | null {
  const paid = message?.successful_payment as Json | undefined;
  if (!paid || typeof paid.total_amount !== 'number') return null;
  return {
    type: 'payment',
    currency: String(paid.currency ?? ''),
    totalAmount: paid.total_amount,
    payload: String(paid.invoice_payload ?? ''),
    providerChargeId: String(paid.provider_payment_charge_id ?? ''),
    chargeId: String(paid.telegram_payment_charge_id ?? ''),
  };
}
