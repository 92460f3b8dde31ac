// The waitlist (seed 004, issue 20): a patient who found no free slot for a service (with a doctor, on a
// day) waits; when a cancel or a reschedule frees a slot, the first fitting patient is offered it and the
// slot is held for them (an appointment row in status 'held', which the exclusion constraint keeps everyone
// else off) for the clinic setting `waitlist_hold_minutes`. Taking it books it; declining or letting the hold lapse offers it to the next.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { AppContext, FlowContext, FlowReply } from '../app.ts';
import type { Appointments, FreedSlot } from './appointments.ts';
import { hhmm, toLocal } from './clinic-time.ts';
import type { ClinicSettings } from './clinic.settings.ts';
import type { Patients } from './patients.ts';
import type { Section } from './part-two.flows.ts';
import type { ClinicTables, PatientLanguage } from './tables.ts';
import { text } from './texts.ts';
import type { Tickets } from './tickets.ts';
import './waitlist.tables.ts';

const exclusionViolation = '23P01';

export type Waitlist = ReturnType<typeof createWaitlist>;

export function createWaitlist(deps: {
  db: Kysely<ClinicTables>;
  context: Pick<AppContext<ClinicTables, ClinicSettings>, 'prompts' | 'settings' | 'logger'>;
  patients: Patients;
  appointments: Appointments;
  tickets: Tickets;
  clock(): Date;
}) {
  const { db, context, clock } = deps;

  /** Puts the patient on the list; 'already' when the same request is open. */
  async function join(input: { patientId: number; serviceId: number; doctorId: number | null; day: string | null }) {
    const row = await db
      .insertInto('clinic_waitlist')
      .values({
        patient_id: input.patientId,
        service_id: input.serviceId,
        doctor_id: input.doctorId,
        day: input.day,
        created_at: clock(),
        updated_at: clock(),
      })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    return row ? { id: row.id } : 'already';
  }

  async function send(patientId: number, build: (language: PatientLanguage, timeZone: string) => Promise<FlowReply[]>) {
    const [patient, chat, settings] = await Promise.all([
      db.selectFrom('clinic_patients').select('language').where('id', '=', patientId).executeTakeFirst(),
      deps.patients.chatOf(patientId),
      context.settings.read(),
    ]);
    if (!patient || !chat) return;
    await context.prompts
      .send({ channelId: chat.channel_id, chatId: chat.chat_id }, patient.language, await build(patient.language, settings.time_zone))
      .catch((error: unknown) => context.logger.warn({ err: error, patient_id: patientId }, 'a waitlist message could not be sent'));
  }

  /** Offers a freed slot to the first waiting patient it fits; stops when one holds it or nobody fits. */
  async function offer(slot: FreedSlot): Promise<number | null> {
    const now = clock();
    if (slot.startsAt <= now) return null;
    const { time_zone: timeZone, waitlist_hold_minutes: holdMinutes } = await context.settings.read();
    const day = toLocal(slot.startsAt, timeZone).day;
    const lengthMinutes = (slot.endsAt.getTime() - slot.startsAt.getTime()) / 60_000;
    const candidates = await db
      .selectFrom('clinic_waitlist as w')
      .innerJoin('clinic_services as s', 's.id', 'w.service_id')
      .innerJoin('clinic_doctor_services as ds', (join) =>
        join.onRef('ds.service_id', '=', 'w.service_id').on('ds.doctor_id', '=', slot.doctorId),
      )
      .select(['w.id', 'w.patient_id', 'w.service_id', 's.duration_minutes'])
      .where('w.status', '=', 'waiting')
      .where('s.branch_id', '=', slot.branchId)
      .where('s.is_active', '=', true)
      .where('s.duration_minutes', '<=', lengthMinutes)
      .where((eb) => eb.or([eb('w.doctor_id', 'is', null), eb('w.doctor_id', '=', slot.doctorId)]))
      .where((eb) => eb.or([eb('w.day', 'is', null), eb('w.day', '=', day)]))
      .orderBy('w.created_at')
      .orderBy('w.id')
      .limit(20)
      .execute();
    for (const candidate of candidates) {
      const holdUntil = new Date(now.getTime() + holdMinutes * 60_000);
      // Claim the entry first, so two slots freed at once never both go to one patient.
      const claimed = await db
        .updateTable('clinic_waitlist')
        .set({ status: 'offered', hold_until: holdUntil, updated_at: now })
        .where('id', '=', candidate.id)
        .where('status', '=', 'waiting')
        .executeTakeFirst();
      if (claimed.numUpdatedRows === 0n) continue;
      let holdId: number;
      try {
        holdId = (
          await db
            .insertInto('clinic_appointments')
            .values({
              patient_id: candidate.patient_id,
              doctor_id: slot.doctorId,
              branch_id: slot.branchId,
              service_id: candidate.service_id,
              starts_at: slot.startsAt,
              ends_at: new Date(slot.startsAt.getTime() + candidate.duration_minutes * 60_000),
              status: 'held',
              source: 'waitlist',
              created_at: now,
              updated_at: now,
            })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
      } catch (error) {
        await db.updateTable('clinic_waitlist').set({ status: 'waiting', hold_until: null }).where('id', '=', candidate.id).execute();
        // Somebody booked the slot before the waitlist could hold it: nothing left to offer.
        if ((error as { code?: unknown } | null)?.code === exclusionViolation) return null;
        throw error;
      }
      await db.updateTable('clinic_waitlist').set({ hold_appointment_id: holdId }).where('id', '=', candidate.id).execute();
      await send(candidate.patient_id, async (language, zone) => {
        const details = await deps.tickets.details(holdId);
        if (!details) return [];
        const shown = deps.tickets.describe(details, language, zone);
        return [
          {
            type: 'choices',
            text: text(language, 'waitlistOffer', { ...shown, until: hhmm(toLocal(holdUntil, zone).minute) }),
            rows: [
              [{ title: text(language, 'waitlistTake'), payload: `wl:take:${candidate.id}` }],
              [{ title: text(language, 'waitlistDecline'), payload: `wl:no:${candidate.id}` }],
            ],
          },
        ];
      });
      return candidate.id;
    }
    return null;
  }

  /** Ends an open offer (declined or lapsed): its hold is cancelled and the slot goes to the next patient. */
  async function release(entryId: number, status: 'declined' | 'expired', onlyLapsed: boolean) {
    const now = clock();
    let query = db
      .updateTable('clinic_waitlist')
      .set({ status, updated_at: now })
      .where('id', '=', entryId)
      .where('status', '=', 'offered');
    if (onlyLapsed) query = query.where('hold_until', '<=', now);
    const ended = await query.returning(['patient_id', 'hold_appointment_id']).executeTakeFirst();
    if (!ended) return false;
    const hold = ended.hold_appointment_id
      ? await db
          .updateTable('clinic_appointments')
          .set({ status: 'cancelled', cancel_reason: `waitlist offer ${status}`, updated_at: now })
          .where('id', '=', ended.hold_appointment_id)
          .where('status', '=', 'held')
          .returning(['doctor_id', 'branch_id', 'starts_at', 'ends_at'])
          .executeTakeFirst()
      : undefined;
    if (status === 'expired') await send(ended.patient_id, async (language) => [{ type: 'text', text: text(language, 'waitlistExpired') }]);
    if (hold) await offer({ doctorId: hold.doctor_id, branchId: hold.branch_id, startsAt: hold.starts_at, endsAt: hold.ends_at });
    return true;
  }

  /** The patient takes the held slot: it becomes their booking. */
  async function take(patientId: number, entryId: number): Promise<number | null> {
    const now = clock();
    const entry = await db
      .updateTable('clinic_waitlist')
      .set({ status: 'booked', updated_at: now })
      .where('id', '=', entryId)
      .where('patient_id', '=', patientId)
      .where('status', '=', 'offered')
      .where('hold_until', '>', now)
      .returning('hold_appointment_id')
      .executeTakeFirst();
    if (!entry?.hold_appointment_id) return null;
    const booked = await db
      .updateTable('clinic_appointments')
      .set({ status: 'booked', source: 'waitlist', created_at: now, updated_at: now })
      .where('id', '=', entry.hold_appointment_id)
      .where('status', '=', 'held')
      .executeTakeFirst();
    return booked.numUpdatedRows > 0n ? entry.hold_appointment_id : null;
  }

  /** Offers whose hold lapsed at the clinic's clock (the every-minute job; tests call it at their clock). */
  async function expireDue(): Promise<number> {
    const lapsed = await db
      .selectFrom('clinic_waitlist')
      .select('id')
      .where('status', '=', 'offered')
      .where('hold_until', '<=', clock())
      .orderBy('hold_until')
      .limit(200)
      .execute();
    let count = 0;
    for (const row of lapsed) if (await release(row.id, 'expired', true)) count += 1;
    return count;
  }

  /** Staff's view: open entries first, oldest first. */
  const list = (status?: string) => {
    let query = db
      .selectFrom('clinic_waitlist as w')
      .innerJoin('clinic_patients as p', 'p.id', 'w.patient_id')
      .innerJoin('clinic_services as s', 's.id', 'w.service_id')
      .leftJoin('clinic_doctors as d', 'd.id', 'w.doctor_id')
      .select(['w.id', 'w.patient_id', 'w.service_id', 'w.doctor_id', 'w.status', 'w.hold_appointment_id', 'w.hold_until'])
      .select(['w.created_at', sql<string | null>`to_char(w.day, 'YYYY-MM-DD')`.as('day')])
      .select(['p.first_name', 'p.last_name', 'p.phone', 's.name_ru as service_ru', 'd.full_name as doctor'])
      .orderBy(sql`w.status in ('waiting', 'offered')`, 'desc')
      .orderBy('w.created_at')
      .limit(500);
    if (status) query = query.where('w.status', '=', status as never);
    return query.execute();
  };

  const withdraw = async (entryId: number) => {
    const entry = await db.selectFrom('clinic_waitlist').select('status').where('id', '=', entryId).executeTakeFirst();
    if (!entry) return undefined;
    if (entry.status === 'offered') await release(entryId, 'declined', false);
    const done = await db
      .updateTable('clinic_waitlist')
      .set({ status: 'withdrawn', updated_at: clock() })
      .where('id', '=', entryId)
      .where('status', 'in', ['waiting', 'declined'])
      .executeTakeFirst();
    return done.numUpdatedRows > 0n;
  };

  /** The bot's buttons on an offer: `wl:take:<entry>` and `wl:no:<entry>`. */
  const section: Section = async (flow: FlowContext, patient, payload) => {
    const [kind, action, rawId] = payload.split(':');
    if (kind !== 'wl' || (action !== 'take' && action !== 'no') || !/^\d+$/.test(rawId ?? '')) return false;
    const entryId = Number(rawId);
    const language = patient.language;
    if (action === 'take') {
      const appointmentId = await take(patient.id, entryId);
      if (appointmentId === null) flow.reply({ type: 'text', text: text(language, 'waitlistGone') });
      else flow.reply(...(await deps.tickets.ticketReplies(appointmentId, language, false)));
      return true;
    }
    const owned = await db
      .selectFrom('clinic_waitlist')
      .select('id')
      .where('id', '=', entryId)
      .where('patient_id', '=', patient.id)
      .executeTakeFirst();
    const declined = owned ? await release(entryId, 'declined', false) : false;
    flow.reply({ type: 'text', text: text(language, declined ? 'waitlistDeclined' : 'waitlistGone') });
    return true;
  };

  deps.appointments.whenFreed(async (slot) => {
    await offer(slot).catch((error: unknown) => context.logger.error({ err: error }, 'offering a freed slot to the waitlist failed'));
  });

  return { join, offer, take, expireDue, list, withdraw, section };
}
