// The outreach sweep (every minute, and on demand in tests): reminders D-1/H-3/H-1, "have you
// arrived?" 5 minutes after the start, and the NPS question 2 hours after the end. Each
// (appointment, stage) row is inserted before sending, so across restarts and instances each goes
// at most once; a reminder never goes for an appointment cancelled meanwhile (only live ones are read).
import type { Kysely } from 'kysely';
import type { AppContext, FlowReply } from '../app.ts';
import type { ClinicSettings } from './clinic.settings.ts';
import { inQuietHours, planReminders, type QuietHours } from './reminder-plan.ts';
import type { Patients } from './patients.ts';
import type { ClinicTables, PatientLanguage } from './tables.ts';
import { text } from './texts.ts';
import type { Tickets } from './tickets.ts';

const hourMs = 3_600_000;
const arrivalAfterMs = 5 * 60_000;
const npsAfterMs = 2 * hourMs;

export function createReminders(deps: {
  db: Kysely<ClinicTables>;
  context: Pick<AppContext<ClinicTables, ClinicSettings>, 'prompts' | 'settings' | 'logger'>;
  patients: Patients;
  tickets: Tickets;
  clock(): Date;
}) {
  const { db, context } = deps;

  /** Claims the stage; true when this call is the one that sends it. */
  async function claim(appointmentId: number, stage: string, outcome: 'sent' | 'skipped', at: Date): Promise<boolean> {
    const row = await db
      .insertInto('clinic_reminders')
      .values({ appointment_id: appointmentId, stage, outcome, at })
      .onConflict((oc) => oc.columns(['appointment_id', 'stage']).doNothing())
      .returning('stage')
      .executeTakeFirst();
    return Boolean(row);
  }

  async function send(appointmentId: number, patientId: number, build: (language: PatientLanguage) => Promise<FlowReply[]>) {
    const [patient, chat] = await Promise.all([
      db.selectFrom('clinic_patients').select('language').where('id', '=', patientId).executeTakeFirst(),
      deps.patients.chatOf(patientId),
    ]);
    if (!patient || !chat) return;
    const replies = await build(patient.language);
    await context.prompts
      .send({ channelId: chat.channel_id, chatId: chat.chat_id }, patient.language, replies)
      .catch((error: unknown) => context.logger.warn({ err: error, appointment_id: appointmentId }, 'a clinic prompt could not be sent'));
  }

  async function values(appointmentId: number, language: PatientLanguage, timeZone: string) {
    const row = await deps.tickets.details(appointmentId);
    return row ? deps.tickets.describe(row, language, timeZone) : undefined;
  }

  async function reminders(now: Date, quiet: QuietHours): Promise<number> {
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
        await send(appointment.id, appointment.patient_id, async (language) => {
          const shown = await values(appointment.id, language, quiet.timeZone);
          if (!shown) return [];
          return [
            {
              type: 'choices',
              text: `${text(language, `reminder_${each.stage}`, shown)}\n${text(language, 'reminderAsk')}`,
              rows: [
                [{ title: text(language, 'willCome'), payload: `r:yes:${appointment.id}` }],
                [
                  { title: text(language, 'reschedule'), payload: `r:move:${appointment.id}` },
                  { title: text(language, 'cancelAppointment'), payload: `r:no:${appointment.id}` },
                ],
              ],
            },
          ];
        });
      }
    }
    return sent;
  }

  async function arrivals(now: Date, timeZone: string): Promise<number> {
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
      await send(appointment.id, appointment.patient_id, async (language) => {
        const shown = await values(appointment.id, language, timeZone);
        if (!shown) return [];
        return [
          {
            type: 'choices',
            text: text(language, 'arrivedAsk', shown),
            rows: [
              [
                { title: text(language, 'arrivedYes'), payload: `arr:yes:${appointment.id}` },
                { title: text(language, 'arrivedNo'), payload: `arr:late:${appointment.id}` },
              ],
            ],
          },
        ];
      });
    }
    return sent;
  }

  async function nps(now: Date, quiet: QuietHours): Promise<number> {
    // The question waits for the morning rather than arrive at night.
    if (inQuietHours(now, quiet)) return 0;
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
      await send(appointment.id, appointment.patient_id, async (language) => {
        const shown = await values(appointment.id, language, quiet.timeZone);
        if (!shown) return [];
        const scores = Array.from({ length: 11 }, (_unused, score) => ({
          title: String(score),
          payload: `nps:${appointment.id}:${score}`,
        }));
        return [{ type: 'choices', text: text(language, 'npsAsk', shown), rows: [scores.slice(0, 6), scores.slice(6)] }];
      });
    }
    return sent;
  }

  return {
    /** One pass of every kind of outreach at the clinic's clock. */
    async sweep(): Promise<{ reminders: number; arrivals: number; nps: number }> {
      const settings = await context.settings.read();
      const quiet = { start: settings.quiet_hours_start, end: settings.quiet_hours_end, timeZone: settings.time_zone };
      const now = deps.clock();
      return { reminders: await reminders(now, quiet), arrivals: await arrivals(now, quiet.timeZone), nps: await nps(now, quiet) };
    },
  };
}
