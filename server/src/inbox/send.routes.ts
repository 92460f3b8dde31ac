import { z } from 'zod';
import { bigIdParam, currentUser, idParam, type HttpApp } from '../platform/index.ts';
import { checkMessenger } from './chats.routes.ts';
import type { Sender } from './send.service.ts';

// The length check (the channel's limit) happens in the service so the 422 can say how long the text was.
const textBody = z.object({ text: z.string().max(100_000) });
// Files from POST /api/upload/: one (seed 002's media_path) or an album (media_paths); the text becomes the caption.
const sendBody = z.object({
  text: z.string().max(100_000).default(''),
  media_path: z.string().max(500).optional(),
  media_paths: z.array(z.string().max(500)).max(10).optional(),
});
const mediaPathsOf = (body: z.infer<typeof sendBody>) => [...(body.media_path ? [body.media_path] : []), ...(body.media_paths ?? [])];
const idParams = z.object({ id: idParam });
const messageParams = z.object({ id: bigIdParam });

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
        params: z.object({ type: z.string() }),
        body: textBody.extend({ client_id: idParam, channel_id: idParam.optional() }),
      },
    },
    async (request, reply) => {
      const messenger = checkMessenger(request.params.type, messengers)!;
      const { client_id: clientId, channel_id: channelId, text } = request.body;
      return reply.status(201).send(await sender.sendToClient(currentUser(request), { clientId, messenger, channelId, text }));
    },
  );
}
