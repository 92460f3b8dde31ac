// The WhatsApp Cloud API calls this module makes, through Meta's Graph client: the number's profile (the
// "test" action), sending (text, media by uploaded id, replies, interactive, templates), and the two-step
// media download (GET /{media-id} for a short-lived URL, then the bytes with the same token).
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  ChannelError,
  textWithLinks,
  withLinkLines,
  type AccountIdentity,
  type DownloadedFile,
  type OutboundMessage,
  type SentMessage,
} from '../channel.ts';
import { extensionOf, type GraphClient } from '../meta/index.ts';
import { uploadLimits, whatsappCapabilities, type WhatsAppCredentials } from './profile.ts';
import { templateObject } from './templates.ts';

const clip = (text: string, max: number) => ([...text].length > max ? [...text].slice(0, max - 1).join('') + '…' : text);
const buttonBodyMax = 1024;
/** A reply-button message's body: a text too long is clipped, its link lines kept whole under it. */
const buttonBody = (message: OutboundMessage) => {
  const links = message.links?.length ? [...withLinkLines('', message.links)].length + 2 : 0;
  return withLinkLines(clip(message.text ?? '', Math.max(buttonBodyMax - links, 1)), message.links);
};

type Json = Record<string, unknown>;

interface SendResponse {
  messages?: Array<{ id?: string }>;
}

const mediaTypeOf: Record<string, 'image' | 'video' | 'document' | 'audio'> = {
  photo: 'image',
  video: 'video',
  document: 'document',
  voice: 'audio',
  audio: 'audio',
};

export function createWhatsAppApi(graph: GraphClient) {
  async function post(credentials: WhatsAppCredentials, body: Json): Promise<string> {
    const answer = await graph.post<SendResponse>(`${credentials.phone_number_id}/messages`, credentials.access_token, {
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      ...body,
    });
    const id = answer.messages?.[0]?.id;
    if (!id) throw new ChannelError('TEMPORARY', 'Meta accepted the message but returned no message id; Switchboard will try again.');
    return id;
  }

  async function upload(
    credentials: WhatsAppCredentials,
    file: NonNullable<OutboundMessage['media']>[number],
  ): Promise<{ id: string; type: string }> {
    const type = mediaTypeOf[file.type] ?? 'document';
    const size = (await stat(file.path)).size;
    const limit = uploadLimits[type]!;
    if (size > limit)
      throw new ChannelError(
        'INVALID_INPUT',
        `WhatsApp takes ${type} files up to ${Math.round(limit / 1048576)} MB; this one is ${Math.ceil(size / 1048576)} MB.`,
      );
    // Meta takes text documents only as text/plain (its supported media types): a calendar file (text/calendar)
    // goes as text/plain under its own name (ticket.ics), which phones open by the extension.
    const mimeType = file.mimeType?.startsWith('text/') ? 'text/plain' : (file.mimeType ?? 'application/octet-stream');
    const form = new FormData();
    form.append('messaging_product', 'whatsapp');
    form.append('type', mimeType);
    form.append('file', new Blob([await readFile(file.path)], { type: mimeType }), file.fileName ?? path.basename(file.path));
    const answer = await graph.upload<{ id?: string }>(`${credentials.phone_number_id}/media`, credentials.access_token, form);
    if (!answer.id) throw new ChannelError('TEMPORARY', 'Meta stored the file but returned no media id; Switchboard will try again.');
    return { id: answer.id, type };
  }

  return {
    post,

    async identity(credentials: WhatsAppCredentials): Promise<AccountIdentity> {
      const number = await graph.get<{ id?: string; display_phone_number?: string; verified_name?: string }>(
        credentials.phone_number_id,
        credentials.access_token,
        { fields: 'id,display_phone_number,verified_name,quality_rating' },
      );
      return {
        externalId: credentials.phone_number_id,
        username: number.display_phone_number ?? null,
        displayName: number.verified_name ?? number.display_phone_number ?? credentials.phone_number_id,
      };
    },

    /** Text, and files one message each (WhatsApp has no albums); the caption goes under the first file that takes one. */
    async send(credentials: WhatsAppCredentials, message: OutboundMessage): Promise<SentMessage> {
      const context = message.replyToExternalId ? { context: { message_id: message.replyToExternalId } } : {};
      // A template goes alone: its text is what Meta approved, `message.text` only its preview in the inbox.
      if (message.template)
        return {
          externalIds: [await post(credentials, { to: message.chatId, type: 'template', template: templateObject(message.template) })],
          date: new Date(),
        };
      const ids: string[] = [];
      // Link buttons go as lines of the text (reply buttons and a call-to-action URL button never share a message).
      const text = textWithLinks(message);
      let caption = text.trim() ? text : undefined;
      for (const file of message.media ?? []) {
        const media = await upload(credentials, file);
        const takesCaption = media.type !== 'audio' && caption !== undefined;
        const content: Json = { id: media.id };
        if (takesCaption) content.caption = caption!.slice(0, whatsappCapabilities.text.captionMaxLength!);
        if (media.type === 'document') content.filename = file.fileName ?? path.basename(file.path);
        ids.push(await post(credentials, { to: message.chatId, type: media.type, [media.type]: content, ...(ids.length ? {} : context) }));
        if (takesCaption) caption = undefined;
      }
      const buttons = message.choices?.flat() ?? [];
      // Up to 3 reply buttons fit one message; more (an NPS scale) go as the text alone, answered by typing.
      if (caption !== undefined && buttons.length > 0 && buttons.length <= 3)
        ids.push(
          await post(credentials, {
            to: message.chatId,
            type: 'interactive',
            interactive: {
              type: 'button',
              body: { text: buttonBody(message) },
              action: {
                buttons: buttons.map((button) => ({ type: 'reply', reply: { id: button.payload, title: clip(button.title, 20) } })),
              },
            },
            ...(ids.length ? {} : context),
          }),
        );
      else if (caption !== undefined)
        ids.push(
          await post(credentials, {
            to: message.chatId,
            type: 'text',
            text: { body: caption, preview_url: true },
            ...(ids.length ? {} : context),
          }),
        );
      if (ids.length === 0) throw new ChannelError('INVALID_INPUT', 'The message has neither text nor a file.');
      return { externalIds: ids, date: new Date() };
    },

    async download(credentials: WhatsAppCredentials, mediaId: string, maxBytes: number | null): Promise<DownloadedFile> {
      const media = await graph.get<{ url?: string; mime_type?: string; file_size?: string | number }>(mediaId, credentials.access_token);
      if (!media.url)
        throw new ChannelError('NOT_FOUND', 'Meta gave no download address for this file; it may have expired (media is kept 30 days).');
      if (maxBytes !== null && Number(media.file_size) > maxBytes) return { tooBig: true, limitBytes: maxBytes };
      const file = await graph.download(media.url, credentials.access_token, maxBytes);
      if ('tooBig' in file) return { tooBig: true, limitBytes: maxBytes ?? 0 };
      return { bytes: file.bytes, filePath: `${mediaId}${extensionOf(media.mime_type)}` };
    },
  };
}
