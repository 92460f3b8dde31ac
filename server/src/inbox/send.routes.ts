import { clientSendBody, idParams, messageIdParams, messengerParams, sendBody } from '@switchboard/contract';
import type { z } from 'zod';
import { currentUser, type HttpApp } from '../platform/index.ts';
import { checkMessenger } from './chats.routes.ts';
import type { Sender } from './send.service.ts';

// The schemas are the contract's (packages/contract/src/inbox.ts). The length check (the channel's limit) happens
// in the service so the 422 can say how long the text was. Files come from POST /api/upload/: one (seed 002's
// media_path) or an album (media_paths); the text becomes the caption.
const mediaPathsOf = (body: z.infer<typeof sendBody>) => [...(body.media_path ? [body.media_path] : []), ...(body.media_paths ?? [])];
const messageParams = messageIdParams;

/** One send service; seed 002's /api/messages/:id/reply and seed 000's /api/messengers/:type/messages are aliases. */
export function registerSendRoutes(app: HttpApp, sender: Sender, messengers: readonly string[]): void {
  const tags = ['inbox'];

  app.post(
    '/api/chats/:id/messages',
    {
      schema: {
        tags,
        summary: 'Send a text, or files with a caption, to the conversation (queued, then sent or failed)',
        params: idParams,
        body: sendBody,
      },
    },
    async (request, reply) =>
      reply.status(201).send(
        await sender.sendToChat(currentUser(request), request.params.id, {
          text: request.body.text,
          mediaPaths: mediaPathsOf(request.body),
        }),
      ),
  );

  app.post(
    '/api/messages/:id/reply',
    {
      schema: {
        tags,
        summary: 'Answer a message, with files from POST /api/upload/ as media_path(s) (alias of POST /api/chats/:id/messages; seed 002)',
        params: messageParams,
        body: sendBody,
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await sender.reply(currentUser(request), request.params.id, { text: request.body.text, mediaPaths: mediaPathsOf(request.body) }),
        ),
  );

  app.post(
    '/api/messages/:id/retry',
    { schema: { tags, summary: 'Send a failed message again', params: messageParams } },
    async (request) => sender.retry(currentUser(request), request.params.id),
  );

  app.post(
    '/api/messengers/:type/messages',
    {
      schema: {
        tags: ['messengers'],
        summary: 'Write to a client through the bot of their latest conversation (alias; seed 000)',
        params: messengerParams,
        body: clientSendBody,
      },
    },
    async (request, reply) => {
      const messenger = checkMessenger(request.params.type, messengers)!;
      const { client_id: clientId, channel_id: channelId, text } = request.body;
      return reply.status(201).send(await sender.sendToClient(currentUser(request), { clientId, messenger, channelId, text }));
    },
  );
}
