// Scheduled single messages in a conversation (staff who may see it).
import { z } from 'zod';
import { currentUser, idParam, type HttpApp } from '../../platform/index.ts';
import { textInputMaxLength } from '../app.ts';
import type { ScheduledMessages } from './scheduled.service.ts';

const idParams = z.object({ id: idParam });
// The conversation's account caps it (scheduled.service.ts: text_too_long); this only bounds the input.
const messageText = z.string().trim().min(1).max(textInputMaxLength);
const sendAt = z.iso.datetime({ offset: true }).describe('with its offset, e.g. 2025-03-08T09:00:00+05:00');
const tags = ['scheduled messages'];
const config = { access: 'staff' as const };

export function registerScheduledRoutes(app: HttpApp, scheduled: ScheduledMessages): void {
  app.get(
    '/api/chats/:id/scheduled-messages',
    { config, schema: { tags, summary: 'Messages waiting to be sent here', params: idParams } },
    async (request) => ({
      results: await scheduled.list(currentUser(request), request.params.id),
    }),
  );
  app.post(
    '/api/chats/:id/scheduled-messages',
    {
      config,
      schema: {
        tags,
        summary: 'Send a message here later',
        params: idParams,
        body: z.object({ text: messageText, send_at: sendAt }).strict(),
      },
    },
    async (request, reply) =>
      reply.status(201).send(
        await scheduled.create(currentUser(request), request.params.id, {
          text: request.body.text,
          send_at: new Date(request.body.send_at),
        }),
      ),
  );
  app.patch(
    '/api/scheduled-messages/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Change its text or time before it goes',
        params: idParams,
        body: z.object({ text: messageText.optional(), send_at: sendAt.optional() }).strict(),
      },
    },
    async (request) =>
      scheduled.update(currentUser(request), request.params.id, {
        ...(request.body.text !== undefined ? { text: request.body.text } : {}),
        ...(request.body.send_at !== undefined ? { send_at: new Date(request.body.send_at) } : {}),
      }),
  );
  app.delete(
    '/api/scheduled-messages/:id',
    { config, schema: { tags, summary: 'Cancel it', params: idParams } },
    async (request, reply) => {
      await scheduled.cancel(currentUser(request), request.params.id);
      return reply.status(204).send();
    },
  );
}
