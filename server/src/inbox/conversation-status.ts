// Conversation status (issue 26): open, pending, snoozed (until a time, or until the customer writes) and
// resolved. The customer writing ends a snooze and reopens a resolved conversation (the intake's counters
// statement, intake/record-sql.ts); a snooze's time ending is the `inbox-snooze-wake` job's (every minute,
// on the clock the inbox is given, so tests drive it).
import { chatStatusBody, idParams, type ChatStatus } from '@switchboard/contract';
import type { ServiceLine } from '@switchboard/contract/service-lines';
import { badRequest, currentUser, type HttpApp, type QueueDefinition, type RealtimeHub, type StaffUser } from '../platform/index.ts';
import { getChat } from './chats.service.ts';
import { recordEvents, type EventDraft } from './events.ts';
import { insertServiceLine } from './queries/conversations.ts';
import { dueSnoozes, teamChats } from './queries/status.ts';
import type { ChatJson } from './serializers.ts';
import type { InboxDb } from './tables.ts';
import type { Visibility } from './visibility.ts';

/** How far ahead a snooze may reach: further than this is a typo, not a plan. */
const longestSnoozeMs = 366 * 24 * 3_600_000;

export interface StatusChange {
  status: ChatStatus;
  /** Only for `snoozed`: when it ends, or null for "until the customer writes". */
  snoozedUntil?: Date | null;
}

export function createConversationStatus(options: { db: InboxDb; hub: RealtimeHub; visibility: Visibility; now: () => Date }) {
  const { db, hub, visibility, now } = options;

  /** Reads the body of POST /api/chats/:id/status into a change, or says what to fix. */
  function readChange(body: { status: ChatStatus; snoozed_until?: string | null }): StatusChange {
    if (body.status !== 'snoozed') {
      if (body.snoozed_until) throw badRequest('"snoozed_until" goes only with "status": "snoozed"; leave it out.', 'invalid_input');
      return { status: body.status };
    }
    if (!body.snoozed_until) return { status: 'snoozed', snoozedUntil: null };
    const until = new Date(body.snoozed_until);
    const ahead = until.getTime() - now().getTime();
    if (ahead <= 0)
      throw badRequest('"snoozed_until" is in the past: give a later time, or null to wait for the customer.', 'invalid_input');
    if (ahead > longestSnoozeMs) throw badRequest('"snoozed_until" is more than a year ahead: give a nearer time.', 'invalid_input');
    return { status: 'snoozed', snoozedUntil: until };
  }

  /**
   * Writes a status change inside the caller's transaction (a macro runs several steps in one): the
   * conversation, a line saying who did it, and the event to record. Nothing when it is already there.
   */
  async function applyChange(
    trx: InboxDb,
    user: StaffUser,
    chat: ChatJson,
    next: StatusChange,
  ): Promise<{ chat: ChatJson; drafts: EventDraft[] }> {
    const until = next.status === 'snoozed' ? (next.snoozedUntil ?? null) : null;
    const untilText = until?.toISOString() ?? null;
    if (chat.status === next.status && (chat.snoozed_until ?? null) === untilText) return { chat, drafts: [] };
    const by = user.name || user.email;
    const line: ServiceLine =
      next.status === 'resolved'
        ? { code: 'resolved', params: { by } }
        : next.status === 'pending'
          ? { code: 'marked_pending', params: { by } }
          : next.status === 'snoozed'
            ? { code: 'snoozed', params: { by, until: untilText } }
            : { code: 'reopened', params: { by } };
    const updated = { ...chat, status: next.status, snoozed_until: untilText };
    await trx
      .updateTable('conversations')
      .set({ status: next.status, snoozed_until: until, updated_at: new Date() })
      .where('id', '=', chat.id)
      .execute();
    await insertServiceLine(trx, chat.id, line, user.id);
    const drafts: EventDraft[] = [
      {
        type: 'chat_updated',
        conversationId: chat.id,
        assignedOperatorId: chat.assigned_operator_id,
        payload: { chat: updated, transition: next.status },
      },
    ];
    return { chat: updated, drafts };
  }

  /** Moves a conversation the user may see to a status; a line in the conversation says who did it. */
  async function change(user: StaffUser, chatId: number, next: StatusChange): Promise<ChatJson> {
    const chat = await getChat(db, visibility, user, chatId);
    const { chat: updated, events } = await db.transaction().execute(async (trx) => {
      const applied = await applyChange(trx, user, chat, next);
      return { chat: applied.chat, events: await recordEvents(trx, applied.drafts) };
    });
    hub.publish(events);
    return updated;
  }

  /** Ends every snooze whose time has come; returns how many woke. */
  async function wakeDue(): Promise<number> {
    const events = await db.transaction().execute(async (trx) => {
      const woken = await dueSnoozes(trx, now());
      if (woken.length === 0) return [];
      const drafts: EventDraft[] = [];
      for (const id of woken) await insertServiceLine(trx, id, { code: 'snooze_ended', params: {} }, null);
      for (const chat of await teamChats(trx, woken)) {
        drafts.push({
          type: 'chat_updated',
          conversationId: chat.id,
          assignedOperatorId: chat.assigned_operator_id,
          payload: { chat, transition: 'open' },
        });
      }
      return recordEvents(trx, drafts);
    });
    hub.publish(events);
    return events.length;
  }

  const queues: QueueDefinition<never>[] = [
    { name: 'inbox-snooze-wake', cron: '* * * * *', work: { handle: async () => void (await wakeDue()) } },
  ];

  function registerRoutes(app: HttpApp): void {
    app.post(
      '/api/chats/:id/status',
      {
        schema: {
          tags: ['inbox'],
          summary: 'Set the status: open, pending, snoozed (until snoozed_until, or until the customer writes) or resolved',
          params: idParams,
          body: chatStatusBody,
        },
      },
      async (request) => change(currentUser(request), request.params.id, readChange(request.body)),
    );
  }

  return { change, applyChange, now, wakeDue, queues, registerRoutes };
}

export type ConversationStatus = ReturnType<typeof createConversationStatus>;
