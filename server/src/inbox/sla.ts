// Issue 26: SLA targets in open time. A conversation is breached when its first response or its resolution took
// (or is taking) longer than the account's target, counted only while the business is open; at risk from 80%.
import type { SlaState } from '@switchboard/contract';
import { openMillisBetween } from './business-hours-schedule.ts';
import { scheduleOf, type BusinessHoursService } from './business-hours.ts';

/** The share of a target after which a waiting conversation shows "at risk". */
export const atRiskShare = 0.8;

interface Clocked {
  id: number;
  status: string;
  channel: { id: number };
}

function stateOf(elapsedMs: number, targetMinutes: number | null, stillRunning: boolean): SlaState | null {
  if (!targetMinutes) return null;
  const target = targetMinutes * 60_000;
  if (elapsedMs > target) return 'breached';
  return stillRunning && elapsedMs >= target * atRiskShare ? 'at_risk' : null;
}

const worse = (a: SlaState | null, b: SlaState | null): SlaState | null => (a === 'breached' || b === 'breached' ? 'breached' : (a ?? b));

/**
 * Each chat with its SLA state. One query for the page: when the customer first wrote and when staff first answered
 * (notes and bots do not count). Resolved conversations show nothing.
 */
export async function withSla<T extends Clocked>(
  hours: BusinessHoursService,
  chats: T[],
  now: Date,
): Promise<Array<T & { sla: SlaState | null }>> {
  const rows = await hours.all();
  if (!rows.some((row) => row.first_response_minutes || row.resolution_minutes) || chats.length === 0)
    return chats.map((chat) => ({ ...chat, sla: null }));
  const ids = chats.map((chat) => chat.id);
  const times = await hours.db
    .selectFrom('messages')
    .select('conversation_id')
    .select((eb) => [
      eb.fn.min('sent_at').filterWhere('sender_kind', '=', 'client').as('first_in'),
      eb.fn
        .min('sent_at')
        .filterWhere((w) => w.and([w('sender_kind', '=', 'admin'), w('direction', '=', 'out'), w('kind', '<>', 'note')]))
        .as('first_reply'),
    ])
    .where('conversation_id', 'in', ids)
    .groupBy('conversation_id')
    .execute();
  const byId = new Map(times.map((row) => [row.conversation_id, row]));
  const result = [];
  for (const chat of chats) {
    const time = byId.get(chat.id);
    const applying = await hours.forChannel(chat.channel.id);
    if (!time?.first_in || !applying || chat.status === 'resolved') {
      result.push({ ...chat, sla: null });
      continue;
    }
    const schedule = scheduleOf(applying);
    const firstIn = new Date(time.first_in);
    const cap = Math.max(applying.first_response_minutes ?? 0, applying.resolution_minutes ?? 0) * 60_000;
    const responded = time.first_reply ? new Date(time.first_reply) : null;
    const response = applying.first_response_minutes
      ? stateOf(openMillisBetween(schedule, firstIn, responded ?? now, cap), applying.first_response_minutes, !responded)
      : null;
    const resolution = applying.resolution_minutes
      ? stateOf(openMillisBetween(schedule, firstIn, now, cap), applying.resolution_minutes, true)
      : null;
    result.push({ ...chat, sla: worse(response, resolution) });
  }
  return result;
}
