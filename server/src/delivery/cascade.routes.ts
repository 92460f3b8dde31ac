// Cascading delivery over HTTP (admins and integration tokens): start a cascade, then see which channel delivered.
import { cascadeBody, cascadeParams } from '@switchboard/contract';
import { notFound, unprocessable, type HttpApp } from '../platform/index.ts';
import type { Cascades } from './cascade.ts';

export function registerCascadeRoutes(app: HttpApp, cascades: Cascades, channels: { get(id: number): Promise<unknown> }): void {
  const tags = ['delivery'];
  app.post(
    '/api/delivery/cascades',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Send a text through the first of these channels that can deliver it (window, blocks, failures, accounts down)',
        body: cascadeBody,
      },
    },
    async (request, reply) => {
      const { text, channels: steps, lane, idempotency_key: idempotencyKey } = request.body;
      for (const step of steps)
        if (!(await channels.get(step.channel_id)))
          throw unprocessable(`There is no account ${step.channel_id}: list them with GET /api/accounts.`, 'invalid_input');
      const started = await cascades.start({
        steps: steps.map((step) => ({ channelId: step.channel_id, chatId: step.chat_id })),
        lane,
        message: { text },
        idempotencyKey: idempotencyKey ? `api:${idempotencyKey}` : undefined,
      });
      return reply.status(started.created ? 201 : 200).send(await cascades.status(started.id));
    },
  );
  app.get(
    '/api/delivery/cascades/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Where a cascaded message stands: which channel delivered it, and each channel’s outcome',
        params: cascadeParams,
      },
    },
    async (request) => {
      const status = await cascades.status(request.params.id);
      if (!status) throw notFound(`Cascade ${request.params.id}`);
      return status;
    },
  );
}
