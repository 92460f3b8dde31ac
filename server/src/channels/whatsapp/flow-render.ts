// The app flows on WhatsApp (channels/flows.ts): what a number can show (3 reply buttons of 20 characters,
// or a list of 10 rows of 24 in sections; the degrader pages longer choices), customers' messages and presses
// as neutral events, and fitted replies as Cloud API messages. Outside the 24-hour window only a template goes.
import type { Logger } from '../../platform/index.ts';
import type { ChannelRecord, InboundEvent } from '../channel.ts';
import type { FlowChannel, FlowEvent, InteractionCapabilities, RenderedReply, RenderOutcome, ReplyTarget } from '../flows.ts';
import type { createWhatsAppApi } from './graph-api.ts';
import { normalize } from './normalize.ts';
import type { WhatsAppCredentials } from './profile.ts';

/** What the bot's own replies report, so the conversation history stays whole (the same hooks as Telegram's). */
export interface WhatsAppReplyHooks {
  throttle(channelId: number, chatId: string): Promise<void>;
  recordSent(channel: ChannelRecord, events: InboundEvent[]): Promise<void>;
}

export const whatsappInteractions: InteractionCapabilities = {
  buttons: { perMessage: 3, perRow: 3, titleLength: 20 },
  list: { rows: 10, titleLength: 24, descriptionLength: 72, buttonLength: 20 },
  // Reply button ids take 256 characters, list row ids 200; longer payloads are kept server-side by the degrader.
  payloadBytes: 200,
  // The customer's WhatsApp id is their phone number: "share my number" is one reply button.
  requestContact: true,
  requestLocation: false,
  editMessages: false,
  files: true,
  templatesRequired: true,
  extras: [],
};

/** The id of the "share my number" button: pressed, it is the customer's own contact. */
export const ownContactPayload = 'wa:own_contact';

type Json = Record<string, unknown>;
const fileKinds = new Set(['photo', 'video', 'voice', 'audio', 'document', 'sticker']);

export const toFlowEvent: FlowChannel['toFlowEvent'] = (payload) => {
  const [event] = normalize(payload);
  if (!event || (event.type !== 'message' && event.type !== 'button') || !event.sender) return null;
  const origin = { chatId: event.chat.externalId, topicId: '', chatType: 'private' as const, sender: event.sender };
  if (event.type === 'button') {
    const flowEvent: FlowEvent =
      event.data === ownContactPayload
        ? {
            type: 'contact',
            phone: `+${event.sender.externalId}`,
            firstName: event.sender.firstName,
            lastName: event.sender.lastName,
            isOwn: true,
          }
        : { type: 'choice', payload: event.data, menuMessageId: event.messageExternalId };
    return { origin, event: flowEvent };
  }
  const { kind, text, attachments } = event.message;
  const attachment = attachments[0];
  // A typed "/start" (or any "/word") is a command, as on Telegram: customers restart the menu with it.
  const command = kind === 'text' ? /^\/([a-z_]+)(?:\s+(.*))?$/is.exec(text.trim()) : null;
  if (command) return { origin, event: { type: 'command', command: command[1]!.toLowerCase(), args: command[2] ?? '' } };
  if (kind === 'text') return { origin, event: { type: 'message', text } };
  if (kind === 'contact' && attachment?.phone_number) {
    const digits = attachment.phone_number.replace(/\D/g, '');
    return {
      origin,
      event: {
        type: 'contact',
        phone: attachment.phone_number,
        firstName: attachment.first_name,
        lastName: attachment.last_name,
        isOwn: digits === event.sender.externalId,
      },
    };
  }
  if ((kind === 'location' || kind === 'venue') && attachment?.latitude !== undefined && attachment.longitude !== undefined)
    return { origin, event: { type: 'location', latitude: attachment.latitude, longitude: attachment.longitude } };
  if (fileKinds.has(kind) && attachment?.file_id)
    return {
      origin,
      event: {
        type: 'file',
        kind,
        fileId: attachment.file_id,
        fileName: attachment.file_name,
        mimeType: attachment.mime_type,
        caption: text,
      },
    };
  return null;
};

/** "simple" text: WhatsApp shows *bold*, _italic_ and `code` itself; links become "title (url)". */
function toWhatsAppText(text: string, format: string): string {
  return format === 'simple' ? text.replace(/\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/g, '$1 ($2)') : text;
}

const clip = (text: string, max: number) => ([...text].length > max ? [...text].slice(0, max - 1).join('') + '…' : text);

/** One fitted reply as a Cloud API message body (without messaging_product and to). */
export function messageBodyOf(reply: Exclude<RenderedReply, { type: 'file' }>): Json {
  switch (reply.type) {
    case 'text':
      return { type: 'text', text: { body: clip(toWhatsAppText(reply.text, reply.format), 4096) } };
    // WhatsApp declares no payments, so the degrader sends an invoice's text instead; this is a fallback.
    case 'invoice':
      return { type: 'text', text: { body: clip(`${reply.invoice.title}: ${reply.invoice.description}`, 4096) } };
    case 'buttons': {
      const buttons = reply.rows.flat();
      if (buttons.length === 0) return { type: 'text', text: { body: clip(toWhatsAppText(reply.text, reply.format), 4096) } };
      return {
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: clip(toWhatsAppText(reply.text, reply.format), 1024) },
          action: { buttons: buttons.map((button) => ({ type: 'reply', reply: { id: button.data, title: clip(button.title, 20) } })) },
        },
      };
    }
    case 'list': {
      const titled = reply.sections.length > 1;
      return {
        type: 'interactive',
        interactive: {
          type: 'list',
          body: { text: clip(toWhatsAppText(reply.text, reply.format), 1024) },
          action: {
            button: clip(reply.button, 20),
            sections: reply.sections.map((section, index) => ({
              ...(titled || section.title ? { title: clip(section.title ?? String(index + 1), 24) } : {}),
              rows: section.rows.map((row) => ({
                id: row.data,
                title: clip(row.title, 24),
                ...(row.description ? { description: clip(row.description, 72) } : {}),
              })),
            })),
          },
        },
      };
    }
    case 'request':
      return {
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: clip(reply.text, 1024) },
          action: { buttons: [{ type: 'reply', reply: { id: ownContactPayload, title: clip(reply.button, 20) } }] },
        },
      };
    case 'template':
      return {
        type: 'template',
        template: {
          name: reply.template.name,
          language: { code: reply.template.language },
          components: reply.template.parameters.length
            ? [{ type: 'body', parameters: reply.template.parameters.map((text) => ({ type: 'text', text })) }]
            : [],
        },
      };
  }
}

/** What the conversation shows for a reply the bot sent. */
function shownText(reply: RenderedReply): string {
  if (reply.type === 'file') return reply.caption ?? '';
  if (reply.type === 'invoice') return reply.invoice.title;
  if (reply.type === 'template') return `[${reply.template.name}] ${reply.template.parameters.join(' · ')}`.trim();
  return reply.text;
}

export function createWhatsAppFlows(options: {
  api: ReturnType<typeof createWhatsAppApi>;
  credentialsOf(channel: ChannelRecord): WhatsAppCredentials;
  hooks?: WhatsAppReplyHooks;
  logger: Logger;
}) {
  async function renderOne(
    channel: ChannelRecord,
    credentials: WhatsAppCredentials,
    target: ReplyTarget,
    reply: RenderedReply,
  ): Promise<string> {
    await options.hooks?.throttle(channel.id, target.chatId);
    const id =
      reply.type === 'file'
        ? (
            await options.api.send(credentials, {
              chatId: target.chatId,
              text: reply.caption,
              media: [
                {
                  type: reply.mimeType?.startsWith('image/') ? 'photo' : 'document',
                  path: reply.path,
                  fileName: reply.fileName,
                  mimeType: reply.mimeType,
                },
              ],
            })
          ).externalIds[0]!
        : await options.api.post(credentials, { to: target.chatId, ...messageBodyOf(reply) });
    const event: InboundEvent = {
      type: 'message',
      chat: { externalId: target.chatId, type: 'private', title: `+${target.chatId}`, topicId: '' },
      sender: null,
      message: {
        externalId: id,
        date: new Date(),
        kind: reply.type === 'file' ? 'document' : 'text',
        text: shownText(reply),
        attachments: [],
        fromSelf: true,
      },
    };
    await options.hooks
      ?.recordSent(channel, [event])
      .catch((error: unknown) => options.logger.error({ err: error, channel_id: channel.id }, 'recording a WhatsApp bot reply failed'));
    return id;
  }

  return {
    interactions: whatsappInteractions,
    toFlowEvent,
    async renderReplies(channel: ChannelRecord, target: ReplyTarget, replies: RenderedReply[]): Promise<RenderOutcome> {
      const credentials = options.credentialsOf(channel);
      const messageIds: Array<string | null> = [];
      const problems: string[] = [];
      for (const reply of replies) {
        try {
          messageIds.push(await renderOne(channel, credentials, target, reply));
        } catch (error) {
          messageIds.push(null);
          problems.push(`${reply.type} not sent: ${(error as Error).message}`);
        }
      }
      return { messageIds, problems };
    },
  };
}
