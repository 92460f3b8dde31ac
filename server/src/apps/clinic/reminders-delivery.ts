// How a clinic reminder (D-1, H-3, H-1, arrival check, NPS) reaches the patient: through the delivery port, so a
// failed send is retried by the outbox and, when the patient is reachable on more than one account (they wrote via
// two messengers and staff merged the contact, or they registered on both), falls back to the next account as a
// cascade (issue 24). The order: the accounts in the `reminder_channel_ids` setting first, then the one the patient
// wrote in last. The stage's row (claimed before sending) records the outbox row or cascade and, once known, the
// final outcome, which reception's day view shows.
import type { ClinicReminderShown } from '@switchboard/contract';
import type { Kysely } from 'kysely';
import type { AppContext, BusinessStart, Choice } from '../app.ts';
import type { ClinicSettings } from './clinic.settings.ts';
import type { ClinicTables, ReminderDelivery } from './tables.ts';

/** Channel-neutral: each account shows the choices its own way; a press comes back to clinic.flows as a `choice`. */
export interface ReminderMessage {
  text: string;
  choices: Choice[][];
  /** The clinic starts it: the template declared for it (outreach-templates.ts), for accounts that need one. */
  businessStart: BusinessStart;
}

interface Target {
  channelId: number;
  chatId: string;
}

/** Kept under the cascade's limit (delivery/cascade.ts, 5). */
const maxTargets = 5;
const keyOf = (appointmentId: number, stage: string) => `clinic-reminder:${appointmentId}:${stage}`;

export function createReminderDelivery(deps: {
  db: Kysely<ClinicTables>;
  context: Pick<AppContext<ClinicTables, ClinicSettings>, 'delivery' | 'contacts' | 'channels' | 'logger'>;
}) {
  const { db, context } = deps;

  /**
   * Whether the clinic's flows run on the account (else a press of the reminder's buttons would go unanswered).
   * A disabled one stays in: the cascade records it as down and moves on, so reception sees why.
   */
  async function runsClinic(channelId: number): Promise<boolean> {
    const channel = await context.channels.get(channelId);
    return Boolean(channel?.apps?.includes('clinic'));
  }

  /** The patient's chats on every account that runs the clinic, in the order to try them. */
  async function targets(patientId: number, preferred: readonly number[]): Promise<Target[]> {
    const linked = await db
      .selectFrom('clinic_patient_chats')
      .select(['channel_id', 'chat_id', 'linked_at'])
      .where('patient_id', '=', patientId)
      .execute();
    const found = new Map<string, Target & { wroteAt: number }>();
    const add = (target: Target, wroteAt: number) => {
      const key = `${target.channelId}:${target.chatId}`;
      const known = found.get(key);
      if (!known || known.wroteAt < wroteAt) found.set(key, { ...target, wroteAt });
    };
    for (const chat of linked) {
      add({ channelId: chat.channel_id, chatId: chat.chat_id }, new Date(chat.linked_at).getTime());
      // The person behind the chat, and their chats on other messengers (a merged contact).
      const contactId = await context.contacts.byChat(chat.channel_id, chat.chat_id);
      if (contactId === undefined) continue;
      for (const other of await context.contacts.chatsOf(contactId))
        add({ channelId: other.channelId, chatId: other.chatId }, other.lastWroteAt?.getTime() ?? 0);
    }
    // A chat another patient registered from (a shared family phone) is theirs, not this patient's.
    const others = new Set(
      (
        await db
          .selectFrom('clinic_patient_chats')
          .select(['channel_id', 'external_user_id'])
          .where('patient_id', '!=', patientId)
          .where(
            'channel_id',
            'in',
            [...found.values()].map((target) => target.channelId),
          )
          .execute()
      ).map((row) => `${row.channel_id}:${row.external_user_id}`),
    );
    const rank = (channelId: number) => (preferred.includes(channelId) ? preferred.indexOf(channelId) : preferred.length);
    const ordered = [...found.values()]
      .filter((target) => !others.has(`${target.channelId}:${target.chatId}`))
      .sort((a, b) => rank(a.channelId) - rank(b.channelId) || b.wroteAt - a.wroteAt);
    const usable: Target[] = [];
    for (const target of ordered) if (usable.length < maxTargets && (await runsClinic(target.channelId))) usable.push(target);
    return usable.map(({ channelId, chatId }) => ({ channelId, chatId }));
  }

  /** Private chats: the sender's id is the chat's. Links a merged contact's other chat so the patient's presses there are theirs. */
  async function linkTargets(patientId: number, chosen: readonly Target[]) {
    if (chosen.length === 0) return;
    await db
      .insertInto('clinic_patient_chats')
      .values(
        chosen.map((target) => ({
          channel_id: target.channelId,
          external_user_id: target.chatId,
          chat_id: target.chatId,
          patient_id: patientId,
        })),
      )
      .onConflict((oc) => oc.columns(['channel_id', 'external_user_id']).doNothing())
      .execute();
  }

  const mark = (
    appointmentId: number,
    stage: string,
    patch: Partial<{
      delivery: ReminderDelivery;
      cascade_id: number;
      outbox_id: number;
      delivered_channel_id: number;
      delivery_error: string;
    }>,
  ) => db.updateTable('clinic_reminders').set(patch).where('appointment_id', '=', appointmentId).where('stage', '=', stage).execute();

  return {
    /**
     * Hands a claimed stage's message to delivery. The idempotency key is the stage's: a second call (a resume after
     * a crash between the claim and this) finds the same outbox row or cascade and sends nothing more.
     */
    async deliver(input: {
      appointmentId: number;
      stage: string;
      patientId: number;
      message: ReminderMessage;
      preferred: readonly number[];
    }) {
      const chosen = await targets(input.patientId, input.preferred);
      if (chosen.length === 0) {
        await mark(input.appointmentId, input.stage, {
          delivery: 'unreachable',
          delivery_error: 'The patient has no chat on an account that runs the clinic.',
        });
        return;
      }
      await linkTargets(input.patientId, chosen);
      const common = {
        lane: 'notification' as const,
        idempotencyKey: keyOf(input.appointmentId, input.stage),
        reference: { type: 'clinic_appointment', id: input.appointmentId },
      };
      if (chosen.length === 1) {
        const [only] = chosen as [Target];
        const row = await context.delivery.send({
          ...common,
          channelId: only.channelId,
          message: { chatId: only.chatId, ...input.message },
        });
        await mark(input.appointmentId, input.stage, { delivery: 'pending', outbox_id: row.id });
        return;
      }
      const cascade = await context.delivery.cascade({
        ...common,
        steps: chosen,
        message: input.message,
      });
      await mark(input.appointmentId, input.stage, { delivery: 'pending', cascade_id: cascade.id });
    },

    /** Reads delivery's outcome of pending reminders (of these appointments, or all) onto their rows. */
    async settle(appointmentIds?: readonly number[]): Promise<void> {
      if (appointmentIds?.length === 0) return;
      let query = db
        .selectFrom('clinic_reminders')
        .select(['appointment_id', 'stage', 'cascade_id', 'outbox_id'])
        .where('delivery', '=', 'pending');
      if (appointmentIds) query = query.where('appointment_id', 'in', appointmentIds);
      const pending = await query.execute();
      const outboxIds = pending.flatMap((row) => (row.outbox_id === null ? [] : [Number(row.outbox_id)]));
      const ledger = await context.delivery.ledger(outboxIds);
      for (const row of pending) {
        if (row.cascade_id !== null) {
          const status = await context.delivery.cascadeStatus(row.cascade_id);
          if (!status || status.state === 'pending') continue;
          if (status.state === 'delivered')
            await mark(row.appointment_id, row.stage, { delivery: 'delivered', delivered_channel_id: status.delivered_channel_id! });
          else
            await mark(row.appointment_id, row.stage, {
              delivery: 'failed',
              delivery_error: status.steps
                .map((step) => `${step.channel_id}: ${step.outcome}${step.error_code ? ` (${step.error_code})` : ''}`)
                .join('; '),
            });
          continue;
        }
        const entry = row.outbox_id === null ? undefined : ledger.get(Number(row.outbox_id));
        if (!entry || entry.state === 'queued' || entry.state === 'sending') continue;
        if (entry.state === 'sent')
          await mark(row.appointment_id, row.stage, { delivery: 'delivered', delivered_channel_id: entry.channel_id });
        else
          await mark(row.appointment_id, row.stage, {
            delivery: 'failed',
            delivery_error: `${entry.last_error_code ?? entry.state}${entry.last_error ? `: ${entry.last_error}` : ''}`,
          });
      }
    },

    /** Stages claimed whose message never reached delivery (the process stopped in between): resumed by the sweep. */
    claimed: () => db.selectFrom('clinic_reminders').select(['appointment_id', 'stage']).where('delivery', '=', 'claimed').execute(),

    /** What reception sees per appointment: each stage that went, and how. */
    async shown(appointmentIds: readonly number[]) {
      if (appointmentIds.length === 0) return new Map<number, ReminderShown[]>();
      await this.settle(appointmentIds);
      const rows = await db
        .selectFrom('clinic_reminders')
        .select(['appointment_id', 'stage', 'outcome', 'at', 'delivery', 'delivered_channel_id', 'delivery_error', 'cascade_id'])
        .where('appointment_id', 'in', appointmentIds)
        .orderBy('at')
        .execute();
      const shown = new Map<number, ReminderShown[]>();
      for (const row of rows)
        shown.set(row.appointment_id, [
          ...(shown.get(row.appointment_id) ?? []),
          {
            stage: row.stage,
            at: new Date(row.at).toISOString(),
            outcome: row.outcome,
            delivery: row.delivery,
            channel_id: row.delivered_channel_id,
            error: row.delivery_error,
            cascade_id: row.cascade_id,
          },
        ]);
      return shown;
    },
  };
}

/** How one reminder went out, as reception's day shows it: the contract's. */
export type ReminderShown = ClinicReminderShown;

export type ReminderDeliveries = ReturnType<typeof createReminderDelivery>;
