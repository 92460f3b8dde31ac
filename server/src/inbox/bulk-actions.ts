// Bulk actions on the conversation list (issue 26): assign, label, snooze or resolve many conversations at once.
// Each conversation is a run of the chosen steps exactly as a macro runs them (all steps or none, in its own
// transaction, with the macro's rules: only conversations the caller may see, only assignments theirs to make),
// so one refused conversation does not undo the others; the answer says what happened to each.
import { bulkActionsBody, type BulkAnswer, type BulkOutcome } from '@switchboard/contract';
import { currentUser, HttpError, type HttpApp } from '../platform/index.ts';
import type { createMacros } from './macros.ts';

export function registerBulkActionRoutes(app: HttpApp, macros: Pick<ReturnType<typeof createMacros>, 'runActions'>): void {
  app.post(
    '/api/chats/bulk',
    {
      schema: {
        tags: ['inbox'],
        summary: 'Assign, label, snooze or resolve many conversations; the outcome of each, in the order given',
        body: bulkActionsBody,
      },
    },
    async (request): Promise<BulkAnswer> => {
      const user = currentUser(request);
      const results: BulkOutcome[] = [];
      for (const chatId of new Set(request.body.chat_ids)) {
        try {
          results.push({ chat_id: chatId, done: true, chat: await macros.runActions(user, request.body.actions, chatId) });
        } catch (failure) {
          if (!(failure instanceof HttpError)) throw failure;
          results.push({ chat_id: chatId, done: false, error: { code: failure.code, message: failure.message } });
        }
      }
      return { results };
    },
  );
}
