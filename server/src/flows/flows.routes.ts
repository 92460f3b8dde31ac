// The operator's side of app flows: see the conversation's current step, take
// the conversation over from the flow, hand it back. Visibility is the
// inbox's: a conversation the caller may not see is a 404 like everywhere.

import type { ChatFlowAnswer, ChatFlowChanged } from '@switchboard/contract';
import { z } from 'zod';
import type { Visibility } from '../inbox/index.ts';
import { currentUser, HttpError, notFound, type Db, type HttpApp, type StaffUser } from '../platform/index.ts';
import type { createOperatorControl } from './operator-control.ts';
import { inboxTables } from '../inbox/tables.ts';

const idParams = z.object({ id: z.coerce.number().int().positive() });

export function registerFlowRoutes(
  app: HttpApp,
  options: { db: Db; visibility: Visibility; control: ReturnType<typeof createOperatorControl> },
): void {
  const { visibility, control } = options;
  const db = inboxTables(options.db);
  const tags = ['inbox'];

  async function visibleChat(user: StaffUser, chatId: number): Promise<number> {
    const row = await db
      .selectFrom('conversations')
      .select('id')
      .where('id', '=', chatId)
      .where(await visibility.filter(user))
      .executeTakeFirst();
    if (!row) throw notFound(`Conversation ${chatId}`);
    return row.id;
  }
  const noFlow = (chatId: number) =>
    new HttpError(
      409,
      'no_flow',
      `No bot flow runs in conversation ${chatId}: there is nothing to take over or hand back. GET /api/chats/${chatId}/flow shows the current one.`,
    );

  app.get(
    '/api/chats/:id/flow',
    {
      schema: {
        tags,
        summary: 'The bot flow running in the conversation: app, flow, step, and whether an operator took it over (null when none runs)',
        params: idParams,
      },
    },
    async (request): Promise<ChatFlowAnswer> => {
      const chatId = await visibleChat(currentUser(request), request.params.id);
      return { flow: await control.current(chatId) };
    },
  );

  app.post(
    '/api/chats/:id/flow/take-over',
    {
      schema: {
        tags,
        summary: "Pause the conversation's bot flow at its step: the customer's messages wait for an operator",
        params: idParams,
      },
    },
    async (request): Promise<ChatFlowChanged> => {
      const user = currentUser(request);
      const chatId = await visibleChat(user, request.params.id);
      const flow = await control.takeOver(chatId, user.id);
      if (!flow) throw noFlow(chatId);
      return { flow };
    },
  );

  app.post(
    '/api/chats/:id/flow/hand-back',
    { schema: { tags, summary: 'Resume the paused bot flow at its step; its question is asked again', params: idParams } },
    async (request): Promise<ChatFlowChanged> => {
      const chatId = await visibleChat(currentUser(request), request.params.id);
      const flow = await control.handBack(chatId);
      if (!flow) throw noFlow(chatId);
      return { flow };
    },
  );
}
