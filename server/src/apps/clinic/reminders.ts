// The outreach sweep (every minute, and on demand in tests): reminders D-1/H-3/H-1, "have you
// arrived?" 5 minutes after the start, and the NPS question 2 hours after the end. Each
// (appointment, stage) row is inserted before sending, so across restarts and instances each goes
// at most once; a reminder never goes for an appointment cancelled meanwhile (only live ones are read).
// The message goes through the delivery port (reminders-delivery.ts): retried by the outbox, and tried on the
// patient's other messengers when the first cannot deliver.
import type { Kysely } from 'kysely';
import type { AppContext } from '../app.ts';
import type { ClinicSettings } from './clinic.settings.ts';
import { toLocal } from './clinic-time.ts';
import { inQuietHours, planReminders, reminderStages, type QuietHours } from './reminder-plan.ts';
import { createReminderDelivery, type ReminderMessage } from './reminders-delivery.ts';
import type { ClinicTables, PatientLanguage } from './tables.ts';
import { text } from './texts.ts';
import type { Tickets } from './tickets.ts';

const hourMs = 3_600_000;
const arrivalAfterMs = 5 * 60_000;
const npsAfterMs = 2 * hourMs;
type Stage = (typeof reminderStages)[number]['stage'] | 'arrival' | 'nps';

export function createReminders(deps: {
  db: Kysely<ClinicTables>;
  context: Pick<AppContext<ClinicTables, ClinicSettings>, 'settings' | 'logger' | 'delivery' | 'contacts' | 'channels' | 'businessStarts'>;
  tickets: Tickets;
  clock(): Date;
}) {
  const { db, context } = deps;
  const delivery = createReminderDelivery({ db, context });

  /** Claims the stage; true when this call is the one that sends it. */
  async function claim(appointmentId: number, stage: string, outcome: 'sent' | 'skipped', at: Date): Promise<boolean> {
    const row = await db
      .insertInto('clinic_reminders')
      .values({ appointment_id: appointmentId, stage, outcome, at, delivery: outcome === 'sent' ? 'claimed' : null })
      .onConflict((oc) => oc.columns(['appointment_id', 'stage']).doNothing())
      .returning('stage')
      .executeTakeFirst();
    return Boolean(row);
  }

  /** The stage's words and buttons in the patient's language; undefined when the appointment is gone. */
  async function messageOf(
    appointmentId: number,
    stage: Stage,
    language: PatientLanguage,
    sentAt: Date,
    settings: ClinicSettings,
  ): Promise<ReminderMessage | undefined> {
    const quiet = quietOf(settings);
    const row = await deps.tickets.details(appointmentId);
    if (!row) return undefined;
    const shown = deps.tickets.describe(row, language, quiet.timeZone);
    // Marked as the clinic's own message, with the template declared for it (the three reminders share one).
    const businessStart = await context.businessStarts.mark(stage === 'arrival' || stage === 'nps' ? stage : 'reminder', language, shown);
    if (stage === 'arrival')
      return {
        businessStart,
        text: text(language, 'arrivedAsk', shown),
        choices: [
          [
            { title: text(language, 'arrivedYes'), payload: `arr:yes:${appointmentId}` },
            { title: text(language, 'arrivedNo'), payload: `arr:late:${appointmentId}` },
          ],
        ],
      };
    if (stage === 'nps') {
      const scores = Array.from({ length: 11 }, (_unused, score) => ({ title: String(score), payload: `nps:${appointmentId}:${score}` }));
      return { text: text(language, 'npsAsk', shown), choices: [scores.slice(0, 6), scores.slice(6)], businessStart };
    }
    // Moved by quiet hours, "in 3 hours" would be false: say the day and time instead.
    const natural = row.starts_at.getTime() - reminderStages.find((each) => each.stage === stage)!.beforeMs;
    const planned = planReminders(row.starts_at, quiet).find((each) => each.stage === stage)?.at;
    const moved = planned !== null && planned !== undefined && planned.getTime() !== natural;
    const sameDay = toLocal(sentAt, quiet.timeZone).day === toLocal(row.starts_at, quiet.timeZone).day;
    const key = moved ? (sameDay ? 'reminder_moved_today' : 'reminder_moved_tomorrow') : (`reminder_${stage}` as const);
    return {
      businessStart,
      text: `${text(language, key, shown)}\n${text(language, 'reminderAsk')}`,
      choices: [
        [{ title: text(language, 'willCome'), payload: `r:yes:${appointmentId}` }],
        [
          { title: text(language, 'reschedule'), payload: `r:move:${appointmentId}` },
          { title: text(language, 'cancelAppointment'), payload: `r:no:${appointmentId}` },
        ],
      ],
    };
  }

  async function send(appointmentId: number, patientId: number, stage: Stage, sentAt: Date, settings: ClinicSettings) {
    try {
      const patient = await db.selectFrom('clinic_patients').select('language').where('id', '=', patientId).executeTakeFirst();
      const message = patient && (await messageOf(appointmentId, stage, patient.language, sentAt, settings));
      if (!message) return;
      await delivery.deliver({ appointmentId, stage, patientId, message, preferred: settings.reminder_channel_ids });
    } catch (error) {
      // The row stays 'claimed': the next sweep hands it to delivery again (the same idempotency key).
      context.logger.warn({ err: error, appointment_id: appointmentId, stage }, 'a clinic reminder could not be handed to delivery');
    }
  }

  async function reminders(now: Date, settings: ClinicSettings): Promise<number> {
    const quiet = quietOf(settings);
    const due = await db
      .selectFrom('clinic_appointments')
      .select(['id', 'patient_id', 'starts_at', 'created_at'])
      .where('status', 'in', ['booked', 'confirmed'])
      .where('starts_at', '>', now)
      .where('starts_at', '<=', new Date(now.getTime() + 25 * hourMs))
      .execute();
    let sent = 0;
    for (const appointment of due) {
      const plan = planReminders(appointment.starts_at, quiet);
      // Only the latest stage that is due goes; earlier ones it overtook (or planned before the booking) are skipped.
      const dueStages = plan.filter((each) => each.at && each.at <= now);
      const latest = dueStages.at(-1);
      for (const each of plan) {
        if (each.at && each.at > now) continue;
        const skip = !each.at || each !== latest || each.at < appointment.created_at;
        if (!(await claim(appointment.id, each.stage, skip ? 'skipped' : 'sent', now)) || skip) continue;
        sent += 1;
        await send(appointment.id, appointment.patient_id, each.stage, now, settings);
      }
    }
    return sent;
  }

  async function arrivals(now: Date, settings: ClinicSettings): Promise<number> {
    const due = await db
      .selectFrom('clinic_appointments')
      .select(['id', 'patient_id'])
      .where('status', 'in', ['booked', 'confirmed'])
      .where('starts_at', '<=', new Date(now.getTime() - arrivalAfterMs))
      .where('starts_at', '>', new Date(now.getTime() - 2 * hourMs))
      .execute();
    let sent = 0;
    for (const appointment of due) {
      if (!(await claim(appointment.id, 'arrival', 'sent', now))) continue;
      sent += 1;
      await send(appointment.id, appointment.patient_id, 'arrival', now, settings);
    }
    return sent;
  }

  async function nps(now: Date, settings: ClinicSettings): Promise<number> {
    // The question waits for the morning rather than arrive at night.
    if (inQuietHours(now, quietOf(settings))) return 0;
    const due = await db
      .selectFrom('clinic_appointments')
      .select(['id', 'patient_id'])
      .where('status', 'in', ['arrived', 'completed'])
      .where('ends_at', '<=', new Date(now.getTime() - npsAfterMs))
      .where('ends_at', '>', new Date(now.getTime() - 48 * hourMs))
      .execute();
    let sent = 0;
    for (const appointment of due) {
      if (!(await claim(appointment.id, 'nps', 'sent', now))) continue;
      sent += 1;
      await send(appointment.id, appointment.patient_id, 'nps', now, settings);
    }
    return sent;
  }

  /**
   * Stages claimed but never handed to delivery (a crash in between): handed now, with the stage's idempotency key,
   * unless the appointment moved on meanwhile (cancelled, or its time passed), then they are recorded as not sent.
   */
  async function resume(now: Date, settings: ClinicSettings): Promise<void> {
    for (const row of await delivery.claimed()) {
      const appointment = await db
        .selectFrom('clinic_appointments')
        .select(['patient_id', 'status', 'starts_at'])
        .where('id', '=', row.appointment_id)
        .executeTakeFirst();
      const stage = row.stage as Stage;
      const live =
        appointment &&
        (stage === 'nps'
          ? ['arrived', 'completed'].includes(appointment.status)
          : ['booked', 'confirmed'].includes(appointment.status) && (stage === 'arrival' || appointment.starts_at > now));
      if (!live) {
        await db
          .updateTable('clinic_reminders')
          .set({ delivery: 'failed', delivery_error: 'Not sent: the appointment changed before the reminder reached delivery.' })
          .where('appointment_id', '=', row.appointment_id)
          .where('stage', '=', row.stage)
          .where('delivery', '=', 'claimed')
          .execute();
        continue;
      }
      await send(row.appointment_id, appointment.patient_id, stage, now, settings);
    }
  }

  return {
    /** One pass of every kind of outreach at the clinic's clock, after settling what earlier passes sent. */
    async sweep(): Promise<{ reminders: number; arrivals: number; nps: number }> {
      const settings = await context.settings.read();
      const now = deps.clock();
      await resume(now, settings);
      const counts = { reminders: await reminders(now, settings), arrivals: await arrivals(now, settings), nps: await nps(now, settings) };
      await delivery.settle();
      await deps.tickets.cleanup();
      return counts;
    },
    /** Reception's view of each appointment's reminders (how each went out). */
    shown: (appointmentIds: readonly number[]) => delivery.shown(appointmentIds),
  };
}

const quietOf = (settings: ClinicSettings): QuietHours => ({
  start: settings.quiet_hours_start,
  end: settings.quiet_hours_end,
  timeZone: settings.time_zone,
});
