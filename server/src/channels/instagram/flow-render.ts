// The app flows on Instagram (channels/flows.ts): what an account can show (up to 13 quick replies of 20
// characters; no lists, files or edits: the degrader fits replies to that), customers' messages and quick-reply
// taps as neutral events, and fitted replies as Send API messages. Bot replies answer a customer who just wrote,
// so they go as responses (never with the human-agent tag, which is for people).
import type { Logger } from '../../platform/index.ts';
import type { ChannelRecord, InboundEvent } from '../channel.ts';
import type { FlowChannel, InteractionCapabilities, RenderedReply, RenderOutcome, ReplyTarget } from '../flows.ts';
import type { createInstagramApi, InstagramAuth } from './graph-api.ts';
import { normalize } from './normalize.ts';
import { quickReplyLimits } from './profile.ts';

/** What the bot's own replies report, so the conversation history stays whole (the same hooks as the other channels'). */
export interface InstagramReplyHooks {
  throttle(channelId: number, chatId: string): Promise<void>;
  recordSent(channel: ChannelRecord, events: InboundEvent[]): Promise<void>;
}

export const instagramInteractions: InteractionCapabilities = {
  buttons: { perMessage: quickReplyLimits.perMessage, perRow: quickReplyLimits.perMessage, titleLength: quickReplyLimits.titleMaxLength },
  list: null,
  payloadBytes: quickReplyLimits.payloadMaxLength,
  requestContact: false,
  requestLocation: false,
  editMessages: false,
  files: false,
  templatesRequired: false,
  extras: [],
};

export const toFlowEvent: FlowChannel['toFlowEvent'] = (payload) => {
  const [event] = normalize(payload);
  if (!event || (event.type !== 'message' && event.type !== 'button') || !event.sender) return null;
  const origin = { chatId: event.chat.externalId, topicId: '', chatType: 'private' as const, sender: event.sender };
  if (event.type === 'button') return { origin, event: { type: 'choice', payload: event.data } };
  const { kind, text, attachments } = event.message;
  if (kind === 'text') return { origin, event: { type: 'message', text } };
  const file = attachments[0];
  if (file?.file_id && ['photo', 'video', 'audio', 'document'].includes(kind))
    return { origin, event: { type: 'file', kind, fileId: file.file_id, caption: text } };
  return null;
};

/** "simple" text: Instagram shows no formatting; links become "title (url)" and the marks go. */
function plain(text: string, format: string): string {
  if (format !== 'simple') return text;
  return text.replace(/\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/g, '$1 ($2)').replace(/(^|\s)[*_`]+|[*_`]+(?=\s|$|[.,!?])/g, '$1');
}

const clip = (text: string, max: number) => ([...text].length > max ? [...text].slice(0, max - 1).join('') + '…' : text);

export function createInstagramFlows(options: {
  api: ReturnType<typeof createInstagramApi>;
  authOf(channel: ChannelRecord): Promise<InstagramAuth>;
  hooks?: InstagramReplyHooks;
  logger: Logger;
}) {
  async function renderOne(channel: ChannelRecord, auth: InstagramAuth, target: ReplyTarget, reply: RenderedReply): Promise<string | null> {
    let text: string;
    let quickReplies: Array<{ title: string; payload: string }> | undefined;
    switch (reply.type) {
      case 'text':
        text = plain(reply.text, reply.format);
        break;
      case 'buttons':
        text = plain(reply.text, reply.format);
        quickReplies = reply.rows.flat().map((button) => ({ title: button.title, payload: button.data }));
        break;
      case 'list':
        text = plain(reply.text, reply.format);
        quickReplies = reply.sections.flatMap((section) => section.rows).map((row) => ({ title: row.title, payload: row.data }));
        break;
      case 'request':
        text = reply.text;
        break;
      case 'file':
        throw new Error('Instagram replies carry no files from this server');
      case 'template':
        throw new Error('Instagram has no message templates');
      // Instagram declares no payments, so the degrader sends an invoice's text instead; this is a fallback.
      case 'invoice':
        text = `${reply.invoice.title}: ${reply.invoice.description}`;
        break;
    }
    await options.hooks?.throttle(channel.id, target.chatId);
    const id = await options.api.sendText(auth, target.chatId, clip(text || '…', 1000), { quickReplies });
    const event: InboundEvent = {
      type: 'message',
      chat: { externalId: target.chatId, type: 'private', title: target.chatId, topicId: '' },
      sender: null,
      message: { externalId: id, date: new Date(), kind: 'text', text, attachments: [], fromSelf: true },
    };
    await options.hooks
      ?.recordSent(channel, [event])
      .catch((error: unknown) => options.logger.error({ err: error, channel_id: channel.id }, 'recording an Instagram bot reply failed'));
    return id;
  }

  return {
    interactions: instagramInteractions,
    toFlowEvent,
    async renderReplies(channel: ChannelRecord, target: ReplyTarget, replies: RenderedReply[]): Promise<RenderOutcome> {
      const auth = await options.authOf(channel);
      const messageIds: Array<string | null> = [];
      const problems: string[] = [];
      for (const reply of replies) {
        try {
          messageIds.push(await renderOne(channel, auth, target, reply));
        } catch (error) {
          messageIds.push(null);
          problems.push(`${reply.type} not sent: ${(error as Error).message}`);
        }
      }
      return { messageIds, problems };
    },
  };
}
