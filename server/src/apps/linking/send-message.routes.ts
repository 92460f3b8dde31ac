import { clientMessageBody, linkedClientParams, linkStatus, type ClientMessageSent, type LinkStatus } from '@switchboard/contract';
import { conflict, currentUser, notFound, type HttpApp, type StaffUser } from '../../platform/index.ts';
import { checkTextFits } from '../app.ts';
import { serializeStatus } from './link-status.ts';
import type { LinkingRouteOptions } from './linking.routes.ts';

/** Staff's side of a client's link: whether the client is connected, and writing to them (seed 001). */
export function registerClientLinkRoutes(app: HttpApp, options: LinkingRouteOptions): void {
  const { links, context } = options;
  const tags = ['telegram linking'];

  async function linkOf(user: StaffUser, clientId: number) {
    // The link holds the client's Telegram id: a client hidden by the inbox's visibility answers like a missing one.
    if (!(await context.contacts.canSee(user, clientId))) throw notFound(`Client ${clientId}`);
    const link = await links.find({ kind: 'client', id: clientId });
    if (!link && !(await context.contacts.find(clientId))) throw notFound(`Client ${clientId}`);
    return link;
  }

  app.get(
    '/api/telegram/client/:clientId/status',
    { schema: { tags, summary: "A client's Telegram link, for staff", params: linkedClientParams, response: { 200: linkStatus } } },
    async (request): Promise<LinkStatus> =>
      serializeStatus(context, links, await linkOf(currentUser(request), request.params.clientId), undefined),
  );

  app.post(
    '/api/telegram/client/:clientId/send-message',
    {
      schema: {
        tags,
        summary: "Write to a client in Telegram; the message lands in the client's inbox conversation (seed 001)",
        params: linkedClientParams,
        body: clientMessageBody,
      },
    },
    async (request, reply) => {
      const { clientId } = request.params;
      const text = (request.body.message ?? request.body.text)!;
      const link = await linkOf(currentUser(request), clientId);
      if (!link)
        throw conflict(
          `Client ${clientId} has not linked Telegram yet: ask them to open the Telegram widget in the portal and scan the QR code.`,
          'client_not_linked',
        );
      const channel = await context.channels.get(link.channel_id);
      if (channel) checkTextFits(channel, text, 'message');
      const conversationId = await context.conversations.findByChat(link.channel_id, link.chat_id);
      if (conversationId) {
        const message = await context.conversations.sendAsStaff(currentUser(request), conversationId, text);
        const sent: ClientMessageSent = { success: true, delivered_via: 'conversation', chat_id: conversationId, message };
        return reply.status(201).send(sent);
      }
      // The inbox has no record of the chat (its history was removed): deliver without one.
      const queued = await context.delivery.send({
        channelId: link.channel_id,
        lane: 'operator',
        message: { chatId: link.chat_id, text },
        reference: { type: 'client_message', id: clientId },
      });
      const sent: ClientMessageSent = { success: true, delivered_via: 'outbox', chat_id: null, outbox_id: queued.id };
      return reply.status(201).send(sent);
    },
  );
}
