import type { Kysely, Selectable } from 'kysely';
import type { Choice } from '../app.ts';
import type { DispatchContext } from './context.ts';
import { crewLanguageOf, statusName, text, type CrewLanguage } from './dispatch.messages.ts';
import type { CrewMember } from './crew.service.ts';
import type { Actor } from './jobs.service.ts';
import { createOffers } from './offers.ts';
import type { DispatchTables } from './tables.ts';

export type JobRow = Selectable<DispatchTables['dispatch_jobs']>;
export type JobEvent = 'created' | 'assigned' | 'started' | 'completed' | 'cancelled';

/** Button payloads; a press comes back to dispatch's flow as a `choice` with this payload. */
export const payloads = {
  assign: (jobId: number, measurerId: number) => `dsp:assign:${jobId}:${measurerId}`,
  reassign: (jobId: number) => `dsp:reassign:${jobId}`,
  start: (jobId: number) => `dsp:start:${jobId}`,
  complete: (jobId: number) => `dsp:done:${jobId}`,
  cancel: (jobId: number) => `dsp:cancel:${jobId}`,
};

const maxMeasurerButtons = 20;

/** A job as a crew member reads it. */
export function jobCard(language: CrewLanguage, job: JobRow, measurer?: Pick<CrewMember, 'name'> | null): string {
  const missing = text(language, 'unknownValue');
  const card = text(language, 'card', {
    id: job.id,
    lead: String(job.amocrm_lead_id),
    client: job.client_name ?? missing,
    phone: job.client_phone ?? missing,
    address: job.address ?? missing,
    status: statusName(language, job.status),
  });
  return measurer ? card + text(language, 'cardMeasurer', { measurer: measurer.name }) : card;
}

export function measurerChoices(language: CrewLanguage, jobId: number, measurers: CrewMember[]): Choice[][] {
  const buttons = measurers.slice(0, maxMeasurerButtons).map((each) => ({ title: each.name, payload: payloads.assign(jobId, each.id) }));
  const rows: Choice[][] = [];
  for (let index = 0; index < buttons.length; index += 2) rows.push(buttons.slice(index, index + 2));
  rows.push([{ title: text(language, 'buttonCancel'), payload: payloads.cancel(jobId) }]);
  return rows;
}

/**
 * Messages the crew did not ask for (a new job, an assignment) leave through delivery's outbox, not as flow
 * replies; their buttons are the outbox's neutral `choices`, which each channel draws its own way, and a press
 * reaches dispatch's flow as a neutral `choice`.
 */
const choicesOf = (rows: Choice[][]) => (rows.length === 0 ? undefined : rows);

interface Note {
  to: CrewMember;
  text: string;
  rows?: Choice[][];
  /** An admin's new-job offer: kept, so that it is edited once the job is taken (offers.ts). */
  offer?: boolean;
  /** Which of dispatch's business-started messages it is (dispatchBusinessStarts): its template outside the reply window. */
  purpose: 'new_job' | 'assigned' | 'job_update';
}

/** Who hears of a job's change, written to the outbox in the change's transaction; wake the channels after commit. */
export function createNotifier(context: Pick<DispatchContext, 'delivery' | 'staff' | 'businessStarts'>) {
  const offers = createOffers(context);
  const activeCrew = (trx: Kysely<DispatchTables>) => trx.selectFrom('dispatch_crew').selectAll().where('active', '=', true);

  async function recipients(trx: Kysely<DispatchTables>, event: JobEvent, job: JobRow, previousMeasurerId: number | null) {
    const notes: Note[] = [];
    const lang = (member: CrewMember) => crewLanguageOf(member.language);
    const measurer = job.measurer_id === null ? undefined : await activeCrew(trx).where('id', '=', job.measurer_id).executeTakeFirst();
    const manager =
      job.responsible_user_id === null
        ? undefined
        : await activeCrew(trx)
            .where('role', '=', 'manager')
            .where('amocrm_user_id', '=', Number(job.responsible_user_id))
            .orderBy('id')
            .executeTakeFirst();
    const values = (member: CrewMember) => ({
      id: job.id,
      client: job.client_name ?? text(lang(member), 'unknownValue'),
      measurer: measurer?.name ?? '',
    });
    if (event === 'created') {
      const admins = await activeCrew(trx).where('role', '=', 'admin').orderBy('id').execute();
      const measurers = await activeCrew(trx).where('role', '=', 'measurer').orderBy('name').orderBy('id').execute();
      for (const admin of admins) {
        const card = jobCard(lang(admin), job);
        notes.push({
          to: admin,
          purpose: 'new_job',
          text: text(lang(admin), measurers.length > 0 ? 'newJob' : 'newJobNoMeasurers', { card }),
          rows: measurerChoices(lang(admin), job.id, measurers),
          offer: true,
        });
      }
    }
    if (event === 'assigned' && measurer) {
      notes.push({
        to: measurer,
        purpose: 'assigned',
        text: text(lang(measurer), 'assignedToYou', { card: jobCard(lang(measurer), job) }),
        rows: [[{ title: text(lang(measurer), 'buttonStart'), payload: payloads.start(job.id) }]],
      });
      if (manager)
        notes.push({
          to: manager,
          purpose: 'job_update',
          text: text(lang(manager), 'managerAssigned', { ...values(manager), card: jobCard(lang(manager), job, measurer) }),
        });
      if (previousMeasurerId !== null && previousMeasurerId !== measurer.id) {
        const previous = await activeCrew(trx).where('id', '=', previousMeasurerId).executeTakeFirst();
        if (previous)
          notes.push({ to: previous, purpose: 'job_update', text: text(lang(previous), 'unassignedFromYou', values(previous)) });
      }
    }
    if (event === 'started' && manager)
      notes.push({ to: manager, purpose: 'job_update', text: text(lang(manager), 'managerStarted', values(manager)) });
    if (event === 'completed') {
      if (manager) notes.push({ to: manager, purpose: 'job_update', text: text(lang(manager), 'managerCompleted', values(manager)) });
      for (const admin of await activeCrew(trx).where('role', '=', 'admin').orderBy('id').execute())
        notes.push({ to: admin, purpose: 'job_update', text: text(lang(admin), 'adminCompleted', values(admin)) });
    }
    if (event === 'cancelled') {
      if (manager) notes.push({ to: manager, purpose: 'job_update', text: text(lang(manager), 'managerCancelled', values(manager)) });
      if (measurer) notes.push({ to: measurer, purpose: 'job_update', text: text(lang(measurer), 'cancelledForYou', values(measurer)) });
    }
    return notes;
  }

  return {
    /**
     * Queues the notes of one change (its history row id keys them, so a retried change notifies once); an assignment
     * or a cancellation also edits the admins' offers of the job (who did it: `actor`).
     */
    async enqueue(
      trx: Kysely<DispatchTables>,
      event: JobEvent,
      job: JobRow,
      historyId: number,
      options: { previousMeasurerId?: number | null; actor?: Actor } = {},
    ): Promise<Set<number>> {
      const channels = new Set<number>();
      const offered: Array<{ crewId: number; outboxId: number }> = [];
      const measurerName =
        job.measurer_id === null
          ? null
          : ((await trx.selectFrom('dispatch_crew').select('name').where('id', '=', job.measurer_id).executeTakeFirst())?.name ?? null);
      for (const note of await recipients(trx, event, job, options.previousMeasurerId ?? null)) {
        const language = crewLanguageOf(note.to.language);
        const businessStart = await context.businessStarts.mark(
          note.purpose,
          language,
          { job: job.id, client: job.client_name, address: job.address, measurer: measurerName, status: statusName(language, job.status) },
          trx,
        );
        const queued = await context.delivery.enqueue(trx, {
          channelId: note.to.channel_id,
          lane: 'notification',
          message: { chatId: note.to.chat_id, text: note.text, choices: choicesOf(note.rows ?? []), businessStart },
          idempotencyKey: `dispatch:${historyId}:${note.to.id}`,
          reference: { type: 'dispatch_job', id: job.id },
        });
        channels.add(note.to.channel_id);
        if (note.offer) offered.push({ crewId: note.to.id, outboxId: queued.id });
      }
      if (event === 'created') await offers.remember(trx, job.id, offered);
      if (event === 'assigned' || event === 'cancelled') {
        const edited = await offers.settle(trx, event, job, historyId, options.actor ?? { kind: 'system', id: null });
        edited.forEach((channel) => channels.add(channel));
      }
      return channels;
    },
    wake: (channels: Set<number>) => context.delivery.wake(channels),
  };
}

export type Notifier = ReturnType<typeof createNotifier>;
