import type { ReplyStatus } from '@switchboard/contract';
import { z } from 'zod';
import { currentUser, idParam, type HttpApp } from '../platform/index.ts';
import { getChat } from './chats.service.ts';
import type { InboxDb } from './tables.ts';
import type { Visibility } from './visibility.ts';
import type { ChatActions } from './workflow.routes.ts';

const idParams = z.object({ id: idParam });

/** GET /api/chats/:id/reply-status: whether the composer may send, and if not why, in the channel's words. */
export function registerReplyStatusRoutes(app: HttpApp, options: { db: InboxDb; visibility: Visibility; actions: ChatActions }): void {
  const { db } = options;
  app.get(
    '/api/chats/:id/reply-status',
    {
      schema: {
        tags: ['inbox'],
        summary: 'Whether the chat can be answered now; if not, a code and the reason (a paused or disconnected business account)',
        params: idParams,
      },
    },
    async (request): Promise<ReplyStatus> => {
      const chat = await getChat(db, options.visibility, currentUser(request), request.params.id);
      const conversation = await db
        .selectFrom('conversations')
        .select(['channel_id', 'external_chat_id'])
        .where('id', '=', chat.id)
        .executeTakeFirstOrThrow();
      const status = await options.actions.replyStatus(conversation.channel_id, conversation.external_chat_id);
      return {
        can_reply: status.canReply,
        code: status.canReply ? null : status.code,
        reason: status.canReply ? null : status.reason,
        via: status.via ?? null,
        // When the chat's reply window closes, if it has one: the composer switches then on its own clock.
        until: status.canReply && status.until ? status.until.toISOString() : null,
      };
    },
  );
}
