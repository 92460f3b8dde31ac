// "Ask a person": a support ticket (seed 004's SupportTicket) whose conversation goes to the inbox's queue
// (unassigned) with a note for staff: who the patient is and their upcoming appointments.
import type { Kysely } from 'kysely';
import type { AppContext } from '../app.ts';
import type { Appointments } from './appointments.ts';
import { maskIin } from './audit.ts';
import type { ClinicSettings } from './clinic.settings.ts';
import type { Patients } from './patients.ts';
import type { ClinicTables } from './tables.ts';
import type { Tickets } from './tickets.ts';

export type Support = ReturnType<typeof createSupport>;
type Patient = NonNullable<Awaited<ReturnType<Patients['byChat']>>>;

export function createSupport(deps: {
  db: Kysely<ClinicTables>;
  context: Pick<AppContext<ClinicTables, ClinicSettings>, 'conversations' | 'settings'>;
  patients: Patients;
  appointments: Appointments;
  tickets: Tickets;
  clock(): Date;
}) {
  const { db, context, patients } = deps;

  /** What the operator reads first: the patient's profile and what they have booked. */
  async function note(ticketId: number, patient: Patient, text: string, flowStep?: string): Promise<string> {
    const { time_zone: timeZone } = await context.settings.read();
    const upcoming = await deps.appointments.upcoming(patient.id);
    const visits: string[] = [];
    for (const appointment of upcoming.slice(0, 5)) {
      const details = await deps.tickets.details(appointment.id);
      if (!details) continue;
      const each = deps.tickets.describe(details, 'ru', timeZone);
      visits.push(
        `• ${each.day} ${each.time} — ${each.service}, ${each.doctor}, ${each.branch} (#${appointment.id}, ${appointment.status})`,
      );
    }
    return [
      `Support ticket #${ticketId}`,
      `Patient #${patient.id}: ${[patient.last_name, patient.first_name, patient.patronymic].filter(Boolean).join(' ')}`,
      `Phone: ${patient.phone ?? '—'} · Language: ${patient.language} · Sex: ${patient.sex} · IIN: ${maskIin(patients.iinOf(patient))} · OSMS: ${patient.osms_status}`,
      upcoming.length ? `Upcoming appointments (${upcoming.length}):\n${visits.join('\n')}` : 'No upcoming appointments.',
      ...(flowStep ? [`Flow step: ${flowStep} (the flow waits there; hand the conversation back to resume it)`] : []),
      ...(text ? [`Question: ${text}`] : []),
    ].join('\n');
  }

  return {
    /** Opens the ticket; with a conversation, puts it in the queue (unassigned) with the note. */
    async open(input: { patient: Patient; conversationId: number | null; text: string; source: 'bot' | 'api'; flowStep?: string }) {
      const ticket = await db
        .insertInto('clinic_support_tickets')
        .values({
          patient_id: input.patient.id,
          conversation_id: input.conversationId,
          text: input.text,
          source: input.source,
          created_at: deps.clock(),
        })
        .returning(['id', 'patient_id', 'conversation_id', 'text', 'source', 'status', 'created_at'])
        .executeTakeFirstOrThrow();
      if (input.conversationId !== null) {
        await context.conversations.post(input.conversationId, {
          kind: 'note',
          text: await note(ticket.id, input.patient, input.text, input.flowStep),
        });
        await context.conversations.post(input.conversationId, {
          kind: 'service',
          text: input.flowStep
            ? `The patient wrote text in the middle of a flow (${input.flowStep}); support ticket #${ticket.id}.`
            : `The patient asked for a person (support ticket #${ticket.id}).`,
        });
        await context.conversations.assign(input.conversationId, null);
      }
      return ticket;
    },
  };
}
