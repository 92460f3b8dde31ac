// A single message for later in one conversation: scheduled, edited and cancelled by staff, sent when due.
import type { Selectable } from 'kysely';
import type { ScheduledMessage } from '@switchboard/contract';
import { conflict, notFound, unprocessable, type StaffUser } from '../../platform/index.ts';
import { checkTextFits } from '../app.ts';
import type { BroadcastContext } from './context.ts';
import type { BroadcastTables } from './tables.ts';

/** A row as the API answers it (the contract's ScheduledMessage): times as ISO strings. */
function serializeScheduled(row: Selectable<BroadcastTables['scheduled_messages']>): ScheduledMessage {
  return {
    ...row,
    send_at: row.send_at.toISOString(),
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

export function createScheduledMessages(context: BroadcastContext, clock: () => Date) {
  const db = context.ownTables;

  async function visible(user: StaffUser, conversationId: number): Promise<void> {
    if (!(await context.conversations.canSee(user, conversationId))) throw notFound(`Conversation ${conversationId}`);
  }

  function checkTime(at: Date): void {
    if (at.getTime() <= clock().getTime()) throw unprocessable('"send_at" is in the past: pick a later time.', 'send_at_in_past');
  }

  /** The text fits one message of the conversation's account (it goes later, like one typed in the inbox). */
  async function checkFits(conversationId: number, text: string): Promise<void> {
    const channelId = await context.conversations.channelOf(conversationId);
    const channel = channelId === undefined ? null : await context.channels.get(channelId);
    if (channel) checkTextFits(channel, text);
  }

  async function pendingOf(user: StaffUser, id: number) {
    const row = await db.selectFrom('scheduled_messages').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound(`Scheduled message ${id}`);
    await visible(user, row.conversation_id);
    if (row.state !== 'pending') throw conflict(`Scheduled message ${id} is ${row.state} already.`, 'broadcast_state');
    return row;
  }

  return {
    async list(user: StaffUser, conversationId: number): Promise<ScheduledMessage[]> {
      await visible(user, conversationId);
      const rows = await db
        .selectFrom('scheduled_messages')
        .selectAll()
        .where('conversation_id', '=', conversationId)
        .orderBy('send_at')
        .limit(100)
        .execute();
      return rows.map(serializeScheduled);
    },
    async create(user: StaffUser, conversationId: number, input: { text: string; send_at: Date }): Promise<ScheduledMessage> {
      await visible(user, conversationId);
      checkTime(input.send_at);
      await checkFits(conversationId, input.text);
      const row = await db
        .insertInto('scheduled_messages')
        .values({ conversation_id: conversationId, text: input.text, send_at: input.send_at, created_by: user.id })
        .returningAll()
        .executeTakeFirstOrThrow();
      return serializeScheduled(row);
    },
    async update(user: StaffUser, id: number, patch: { text?: string; send_at?: Date }): Promise<ScheduledMessage> {
      const pending = await pendingOf(user, id);
      if (patch.send_at) checkTime(patch.send_at);
      if (patch.text !== undefined) await checkFits(pending.conversation_id, patch.text);
      const row = await db
        .updateTable('scheduled_messages')
        .set({ ...patch, updated_at: new Date() })
        .where('id', '=', id)
        .where('state', '=', 'pending')
        .returningAll()
        .executeTakeFirst();
      if (!row) throw conflict(`Scheduled message ${id} has just gone.`, 'broadcast_state');
      return serializeScheduled(row);
    },
    async cancel(user: StaffUser, id: number) {
      await pendingOf(user, id);
      await db
        .updateTable('scheduled_messages')
        .set({ state: 'cancelled', reason: 'cancelled by staff', updated_at: new Date() })
        .where('id', '=', id)
        .where('state', '=', 'pending')
        .execute();
    },
    /** The customer wrote first: pending messages there do not go (when the setting says so). */
    /** The customers of these conversations wrote: their pending messages go, when the setting says so. */
    async customersWrote(conversationIds: number[]): Promise<void> {
      if (conversationIds.length === 0 || !(await context.settings.read()).cancel_scheduled_on_reply) return;
      await db
        .updateTable('scheduled_messages')
        .set({ state: 'cancelled', reason: 'the customer wrote first', updated_at: new Date() })
        .where('conversation_id', 'in', conversationIds)
        .where('state', '=', 'pending')
        .execute();
    },
    /** Sends what is due, each claimed by compare-and-set first so that two instances never both send it. */
    async sendDue(): Promise<number> {
      const due = await db
        .selectFrom('scheduled_messages')
        .selectAll()
        .where('state', '=', 'pending')
        .where('send_at', '<=', clock())
        .orderBy('send_at')
        .limit(50)
        .execute();
      let sent = 0;
      for (const row of due) {
        const claimed = await db
          .updateTable('scheduled_messages')
          .set({ state: 'sent', updated_at: new Date() })
          .where('id', '=', row.id)
          .where('state', '=', 'pending')
          .executeTakeFirst();
        if (claimed.numUpdatedRows === 0n) continue;
        const author = (await context.staff.findMany([row.created_by])).get(row.created_by);
        try {
          if (!author?.is_active) throw new Error('its author is switched off');
          // The author could see the conversation when scheduling; sent as them, like a message typed in the inbox.
          const user: StaffUser = {
            id: author.id,
            name: author.name,
            email: author.email,
            role: 'admin',
            is_active: true,
            language: author.language,
          };
          const message = await context.conversations.sendAsStaff(user, row.conversation_id, row.text);
          await db.updateTable('scheduled_messages').set({ message_id: message.id }).where('id', '=', row.id).execute();
          sent += 1;
        } catch (error) {
          await db
            .updateTable('scheduled_messages')
            .set({ state: 'failed', reason: error instanceof Error ? error.message.slice(0, 500) : 'send failed', updated_at: new Date() })
            .where('id', '=', row.id)
            .execute();
        }
      }
      return sent;
    },
  };
}

export type ScheduledMessages = ReturnType<typeof createScheduledMessages>;
