// Scheduled single messages in a conversation (staff who may see it).
import {
  idParams,
  scheduledMessageBody,
  scheduledMessagePatch,
  type ScheduledMessage,
  type ScheduledMessageList,
} from '@switchboard/contract';
import { currentUser, type HttpApp } from '../../platform/index.ts';
import type { ScheduledMessages } from './scheduled.service.ts';

const tags = ['scheduled messages'];
const config = { access: 'staff' as const };

export function registerScheduledRoutes(app: HttpApp, scheduled: ScheduledMessages): void {
  app.get(
    '/api/chats/:id/scheduled-messages',
    { config, schema: { tags, summary: 'Messages waiting to be sent here', params: idParams } },
    async (request): Promise<ScheduledMessageList> => ({
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
        body: scheduledMessageBody,
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
        body: scheduledMessagePatch,
      },
    },
    async (request): Promise<ScheduledMessage> =>
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
