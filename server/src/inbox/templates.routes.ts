// Pre-approved message templates in the inbox, for any channel whose adapter has `templates` (channel.ts):
// the list for a conversation with the reply window's end, sending one with its variables filled (a
// message in the conversation and its outbox row, like an operator's reply), and the admin's "sync".
// Nothing here names a messenger: the channel module fetches, stores and sends its own templates.
import {
  templateSendBody,
  type AccountTemplates,
  type ChatTemplates,
  type Message,
  type MessageTemplateAnswer,
  type TemplatesSynced,
} from '@switchboard/contract';
import { z } from 'zod';
import { ChannelError, type ChannelRecord, type ChannelTemplates, type MessageTemplate } from '../channels/channel.ts';
import type { ChannelRegistry } from '../channels/registry.service.ts';
import { deliveryTables, type Delivery } from '../delivery/index.ts';
import { HttpError, currentUser, idParam, notFound, unprocessable, type Db, type HttpApp, type RealtimeHub } from '../platform/index.ts';
import { getChat } from './chats.service.ts';
import { recordEvents } from './events.ts';
import { bumpConversation } from './record.service.ts';
import { serializeChat, serializeMessage } from './serializers.ts';
import { inboxTables } from './tables.ts';
import type { Visibility } from './visibility.ts';

const idParams = z.object({ id: idParam });
export interface TemplateRouteOptions {
  db: Db;
  hub: RealtimeHub;
  visibility: Visibility;
  registry: Pick<ChannelRegistry, 'get' | 'row' | 'toRecord' | 'adapterFor'>;
  delivery: Pick<Delivery, 'enqueue'> & { wake(channelId: number): void };
}

function serializeTemplate(template: MessageTemplate): MessageTemplateAnswer {
  return {
    name: template.name,
    language: template.language,
    category: template.category,
    status: template.status,
    header: template.header,
    body: template.body,
    footer: template.footer,
    variables: template.variables,
    synced_at: template.syncedAt.toISOString(),
  };
}

/** A platform that refused or did not answer: the admin is told what it said, never a 500. */
function syncError(error: unknown): never {
  if (error instanceof ChannelError)
    throw unprocessable(
      `The messenger refused to list the templates: ${error.message}`,
      error.code === 'TEMPORARY' || error.code === 'RATE_LIMITED' ? 'messenger_unreachable' : 'invalid_token',
    );
  throw error;
}

/** The template as the customer will read it: its text parts with the values put in (the conversation shows this). */
export function previewOf(template: MessageTemplate, send: { variables: { header: string[]; body: string[] } }): string {
  const fill = (text: string, values: string[]) =>
    text.replace(/\{\{\s*(\d+)\s*\}\}/g, (whole, n: string) => values[Number(n) - 1] ?? whole);
  return [
    template.header?.text ? fill(template.header.text, send.variables.header) : null,
    fill(template.body, send.variables.body),
    template.footer,
  ]
    .filter((line): line is string => Boolean(line))
    .join('\n\n');
}

export function registerTemplateRoutes(app: HttpApp, options: TemplateRouteOptions): void {
  const db = inboxTables(options.db);
  const tags = ['inbox'];

  async function chatChannel(request: { params: { id: number } } & Parameters<typeof currentUser>[0]) {
    const chat = await getChat(db, options.visibility, currentUser(request), request.params.id);
    const conversation = await db.selectFrom('conversations').selectAll().where('id', '=', chat.id).executeTakeFirstOrThrow();
    const channel = await options.registry.get(conversation.channel_id);
    if (!channel) throw notFound(`The account of chat ${chat.id}`);
    const templates: ChannelTemplates | undefined = options.registry.adapterFor(channel.kind).templates;
    return { chat, conversation, channel, templates };
  }

  async function windowOf(channel: ChannelRecord, externalChatId: string) {
    const status = (await options.registry.adapterFor(channel.kind).replyStatus?.(channel, externalChatId)) ?? { canReply: true as const };
    return status.canReply
      ? { can_reply: true, until: status.until?.toISOString() ?? null, reason: null }
      : { can_reply: false, until: null, reason: status.reason };
  }

  app.get(
    '/api/chats/:id/templates',
    {
      schema: {
        tags,
        summary: "The chat's account's message templates (only APPROVED ones can be sent) and when free-form replies stop being allowed",
        params: idParams,
      },
    },
    async (request): Promise<ChatTemplates> => {
      const { conversation, channel, templates } = await chatChannel(request);
      return {
        supported: templates !== undefined,
        window: await windowOf(channel, conversation.external_chat_id),
        templates: templates ? (await templates.list(channel)).map(serializeTemplate) : [],
      };
    },
  );

  app.post(
    '/api/chats/:id/templates/send',
    {
      schema: {
        tags,
        summary: 'Send an approved template with its variables filled (queued, then sent or failed, like a reply)',
        params: idParams,
        body: templateSendBody,
      },
    },
    async (request, reply) => {
      const { chat, conversation, channel, templates } = await chatChannel(request);
      if (!templates) throw unprocessable('This chat’s messenger has no message templates: send an ordinary message.', 'not_supported');
      const input = request.body;
      const template = (await templates.list(channel)).find((item) => item.name === input.name && item.language === input.language);
      if (!template)
        throw unprocessable(
          `No template "${input.name}" in language "${input.language}" is known for this account: sync the templates (POST /api/accounts/${channel.id}/templates/sync) or pick one from GET /api/chats/${chat.id}/templates.`,
        );
      if (template.status !== 'APPROVED')
        throw new HttpError(
          409,
          'not_available',
          `Template "${template.name}" is ${template.status}: only an APPROVED template can be sent.`,
        );
      for (const part of ['header', 'body'] as const)
        if (input.variables[part].length !== template.variables[part])
          throw unprocessable(
            `Template "${template.name}" takes ${template.variables[part]} ${part} variable(s); ${input.variables[part].length} given.`,
            'invalid_value',
          );
      const send = { name: template.name, language: template.language, variables: input.variables };
      const text = previewOf(template, send);
      const user = currentUser(request);
      const { message, events } = await db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto('messages')
          .values({
            conversation_id: chat.id,
            direction: 'out',
            sender_kind: 'admin',
            sender_staff_id: user.id,
            sender_name: user.name || user.email,
            kind: 'text',
            text,
            status: 'queued',
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await options.delivery.enqueue(deliveryTables(trx), {
          channelId: conversation.channel_id,
          lane: 'operator',
          messageId: inserted.id,
          idempotencyKey: `message:${inserted.id}`,
          message: {
            chatId: conversation.external_chat_id,
            topicId: conversation.topic_id || undefined,
            text,
            template: send,
            writtenBy: 'operator',
          },
        });
        const updated = await bumpConversation(trx, chat.id, inserted);
        const { last_message, last_message_at } = serializeChat(updated, { ...chat.channel, messenger: chat.messenger }, null);
        const payload = { message: serializeMessage(inserted), chat: { ...chat, last_message, last_message_at } };
        const drafts = [
          { type: 'new_message' as const, conversationId: chat.id, assignedOperatorId: updated.assigned_operator_id, payload },
        ];
        return { message: inserted, events: await recordEvents(trx, drafts) };
      });
      options.hub.publish(events);
      options.delivery.wake(channel.id);
      const sent: Message = serializeMessage(message);
      return reply.status(201).send(sent);
    },
  );

  app.get(
    '/api/accounts/:id/templates',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['accounts'],
        summary: "The account's message templates as last synced (only APPROVED ones can be sent): for composing a broadcast",
        params: idParams,
      },
    },
    async (request): Promise<AccountTemplates> => {
      const row = await options.registry.row(request.params.id);
      const templates = options.registry.adapterFor(row.kind).templates;
      return {
        supported: templates !== undefined,
        templates: templates ? (await templates.list(options.registry.toRecord(row))).map(serializeTemplate) : [],
      };
    },
  );

  app.post(
    '/api/accounts/:id/templates/sync',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['accounts'],
        summary: "Fetch the account's message templates from the messenger now (a job also does it hourly)",
        params: idParams,
      },
    },
    async (request): Promise<TemplatesSynced> => {
      const row = await options.registry.row(request.params.id);
      const templates = options.registry.adapterFor(row.kind).templates;
      if (!templates) throw unprocessable('This kind of account has no message templates.', 'not_supported');
      const channel = options.registry.toRecord(row);
      const { count } = await templates.sync(channel).catch(syncError);
      return { ok: true, count };
    },
  );
}
