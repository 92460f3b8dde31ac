import type { Kysely, Transaction } from 'kysely';
import type { Notifier, JobEvent, JobRow } from './notifier.ts';
import type { ActorKind, DispatchTables, JobStatus } from './tables.ts';

export interface Actor {
  kind: ActorKind;
  id: number | null;
}

/** What AmoCRM says of a deal that qualifies for a job. */
export interface LeadFacts {
  leadId: number;
  leadName: string | null;
  clientName: string | null;
  clientPhone: string | null;
  address: string | null;
  pipelineId: number;
  statusId: number;
  responsibleUserId: number | null;
  /** The deal's main contact, whose later changes (contact webhooks) the open job follows. */
  contactId: number | null;
}

export type Action = 'assign' | 'reassign' | 'start' | 'complete' | 'cancel';

export type ActOutcome =
  | { ok: true; job: JobRow }
  | { ok: false; reason: 'not_found' | 'no_measurer' }
  | { ok: false; reason: 'already_assigned' | 'illegal' | 'not_yours'; job: JobRow }
  /** The job's planned visit overlaps another visit of that measurer (the database's exclusion constraint). */
  | { ok: false; reason: 'visit_conflict'; job: JobRow; other: JobRow };

const openStatuses: JobStatus[] = ['pending', 'assigned', 'in_progress'];

/** The lifecycle (pending → assigned → in_progress → completed, or cancelled from any open state). */
const transitions: Record<Action, { from: JobStatus[]; to: JobStatus; event: JobEvent; byOwnMeasurer?: boolean }> = {
  assign: { from: ['pending'], to: 'assigned', event: 'assigned' },
  reassign: { from: ['assigned'], to: 'assigned', event: 'assigned' },
  start: { from: ['assigned'], to: 'in_progress', event: 'started', byOwnMeasurer: true },
  complete: { from: ['in_progress'], to: 'completed', event: 'completed', byOwnMeasurer: true },
  cancel: { from: openStatuses, to: 'cancelled', event: 'cancelled' },
};

export function createJobService(options: { db: Kysely<DispatchTables>; notifier: Notifier; writeBackEnabled: () => Promise<boolean> }) {
  const { db, notifier } = options;

  async function record(
    trx: Transaction<DispatchTables>,
    job: JobRow,
    entry: { event: string; from: JobStatus | null; actor: Actor; note?: string | null },
  ): Promise<number> {
    const row = await trx
      .insertInto('dispatch_job_history')
      .values({
        job_id: job.id,
        event: entry.event,
        from_status: entry.from,
        to_status: job.status,
        measurer_id: job.measurer_id,
        actor_kind: entry.actor.kind,
        actor_id: entry.actor.id,
        note: entry.note ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** Runs a change, its history row and its notifications in one transaction, then wakes delivery. */
  async function change<T>(work: (trx: Transaction<DispatchTables>, channels: Set<number>) => Promise<T>): Promise<T> {
    const channels = new Set<number>();
    const result = await db.transaction().execute((trx) => work(trx, channels));
    if (channels.size > 0) notifier.wake(channels);
    return result;
  }

  const merge = (into: Set<number>, more: Set<number>) => more.forEach((each) => into.add(each));

  return {
    /**
     * One job per deal: INSERT … ON CONFLICT DO NOTHING on the unique lead id, so webhook retries and
     * concurrent deliveries meet in the database. A cancelled job whose deal qualifies again reopens.
     */
    async upsertFromLead(facts: LeadFacts, notes: string[]): Promise<{ job: JobRow; created: boolean }> {
      return change(async (trx, channels) => {
        const values = {
          lead_name: facts.leadName,
          client_name: facts.clientName,
          client_phone: facts.clientPhone,
          address: facts.address,
          pipeline_id: facts.pipelineId,
          amocrm_status_id: facts.statusId,
          responsible_user_id: facts.responsibleUserId,
          amocrm_contact_id: facts.contactId,
          updated_at: new Date(),
        };
        const inserted = await trx
          .insertInto('dispatch_jobs')
          .values({ amocrm_lead_id: facts.leadId, ...values })
          .onConflict((conflict) => conflict.column('amocrm_lead_id').doNothing())
          .returningAll()
          .executeTakeFirst();
        const actor: Actor = { kind: 'amocrm', id: null };
        if (inserted) {
          const historyId = await record(trx, inserted, { event: 'created', from: null, actor });
          for (const note of notes)
            await record(trx, inserted, { event: 'note', from: inserted.status, actor: { kind: 'system', id: null }, note });
          merge(channels, await notifier.enqueue(trx, 'created', inserted, historyId));
          return { job: inserted, created: true };
        }
        const before = await trx
          .selectFrom('dispatch_jobs')
          .selectAll()
          .where('amocrm_lead_id', '=', facts.leadId)
          .forUpdate()
          .executeTakeFirstOrThrow();
        const reopen = before.status === 'cancelled';
        const job = await trx
          .updateTable('dispatch_jobs')
          .set(
            reopen ? { ...values, status: 'pending', measurer_id: null, assigned_at: null, started_at: null, cancelled_at: null } : values,
          )
          .where('id', '=', before.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        for (const note of notes) await record(trx, job, { event: 'note', from: job.status, actor: { kind: 'system', id: null }, note });
        if (reopen) {
          const historyId = await record(trx, job, { event: 'reopened', from: 'cancelled', actor });
          merge(channels, await notifier.enqueue(trx, 'created', job, historyId));
        }
        return { job, created: false };
      });
    },

    /** Later events of a deal refresh its job's client, phone and address; a deal without a job stays without. */
    async refreshIfExists(facts: LeadFacts): Promise<void> {
      await db
        .updateTable('dispatch_jobs')
        .set({
          lead_name: facts.leadName,
          client_name: facts.clientName,
          client_phone: facts.clientPhone,
          address: facts.address,
          amocrm_status_id: facts.statusId,
          responsible_user_id: facts.responsibleUserId,
          amocrm_contact_id: facts.contactId,
          updated_at: new Date(),
        })
        .where('amocrm_lead_id', '=', facts.leadId)
        .execute();
    },

    /**
     * A contact's new name or phone reaches the open jobs it is the main contact of, each change noted in the
     * job's history; closed jobs keep what they were done with. Answers the jobs changed.
     */
    async followContact(contactId: number, contact: { name: string | null; phone: string | null }): Promise<JobRow[]> {
      return db.transaction().execute(async (trx) => {
        const before = await trx
          .selectFrom('dispatch_jobs')
          .selectAll()
          .where('amocrm_contact_id', '=', contactId)
          .where('status', 'in', openStatuses)
          .forUpdate()
          .execute();
        const changed: JobRow[] = [];
        for (const job of before) {
          if (job.client_name === contact.name && job.client_phone === contact.phone) continue;
          const updated = await trx
            .updateTable('dispatch_jobs')
            .set({ client_name: contact.name, client_phone: contact.phone, updated_at: new Date() })
            .where('id', '=', job.id)
            .returningAll()
            .executeTakeFirstOrThrow();
          const note = `The contact changed in AmoCRM: ${contact.name ?? '—'}, ${contact.phone ?? 'no phone'}.`;
          await record(trx, updated, { event: 'contact_updated', from: updated.status, actor: { kind: 'amocrm', id: null }, note });
          changed.push(updated);
        }
        return changed;
      });
    },

    /** A deal that left the measurement statuses (or was deleted) cancels its open job, with a note. */
    async cancelForLead(leadId: number, note: string): Promise<JobRow | undefined> {
      return change(async (trx, channels) => {
        const before = await trx
          .selectFrom('dispatch_jobs')
          .selectAll()
          .where('amocrm_lead_id', '=', leadId)
          .forUpdate()
          .executeTakeFirst();
        if (!before || !openStatuses.includes(before.status)) return undefined;
        const job = await trx
          .updateTable('dispatch_jobs')
          .set({ status: 'cancelled', cancelled_at: new Date(), updated_at: new Date() })
          .where('id', '=', before.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        const historyId = await record(trx, job, { event: 'cancelled', from: before.status, actor: { kind: 'amocrm', id: null }, note });
        merge(channels, await notifier.enqueue(trx, 'cancelled', job, historyId, { actor: { kind: 'amocrm', id: null } }));
        return job;
      });
    },

    /** Adds a note admins see on the job (a contact without a phone, a deal AmoCRM no longer has). */
    async note(leadId: number, note: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const job = await trx.selectFrom('dispatch_jobs').selectAll().where('amocrm_lead_id', '=', leadId).executeTakeFirst();
        if (job) await record(trx, job, { event: 'note', from: job.status, actor: { kind: 'system', id: null }, note });
      });
    },

    /**
     * One lifecycle step. The UPDATE's WHERE carries the allowed "from" states (and, for the measurer's
     * steps, the measurer), so of two admins pressing at once exactly one assigns; the other learns who.
     */
    async act(jobId: number, action: Action, actor: Actor, measurerId?: number, note?: string): Promise<ActOutcome> {
      const rule = transitions[action];
      // Settings are read outside the transaction: on PGlite's one connection a query beside it would wait for ever.
      const writeBack = action === 'complete' && (await options.writeBackEnabled());
      return change(async (trx, channels): Promise<ActOutcome> => {
        if (action === 'assign' || action === 'reassign') {
          const measurer = await trx
            .selectFrom('dispatch_crew')
            .select('id')
            .where('id', '=', measurerId ?? -1)
            .where('role', '=', 'measurer')
            .where('active', '=', true)
            .executeTakeFirst();
          if (!measurer) return { ok: false, reason: 'no_measurer' };
        }
        const before = await trx.selectFrom('dispatch_jobs').selectAll().where('id', '=', jobId).forUpdate().executeTakeFirst();
        if (!before) return { ok: false, reason: 'not_found' };
        if (!rule.from.includes(before.status))
          return { ok: false, reason: action === 'assign' && before.measurer_id !== null ? 'already_assigned' : 'illegal', job: before };
        // Staff on the web board may step a job on its measurer's behalf; in the bot only the measurer may.
        if (rule.byOwnMeasurer && actor.kind === 'crew' && before.measurer_id !== actor.id)
          return { ok: false, reason: 'not_yours', job: before };
        const now = new Date();
        const job = await trx
          .updateTable('dispatch_jobs')
          .set({
            status: rule.to,
            updated_at: now,
            ...(measurerId !== undefined && (action === 'assign' || action === 'reassign')
              ? { measurer_id: measurerId, assigned_at: now }
              : {}),
            ...(action === 'start' ? { started_at: now } : {}),
            ...(action === 'complete' ? { completed_at: now, writeback: writeBack ? 'pending' : null } : {}),
            ...(action === 'cancel' ? { cancelled_at: now } : {}),
          })
          .where('id', '=', jobId)
          .where('status', 'in', rule.from)
          .returningAll()
          .executeTakeFirstOrThrow();
        const historyId = await record(trx, job, { event: action, from: before.status, actor, note });
        merge(
          channels,
          await notifier.enqueue(trx, rule.event, job, historyId, {
            previousMeasurerId: action === 'reassign' ? before.measurer_id : null,
            actor,
          }),
        );
        return { ok: true, job };
      });
    },

    find: (id: number) => db.selectFrom('dispatch_jobs').selectAll().where('id', '=', id).executeTakeFirst(),
    async setWriteBack(id: number, state: 'done' | 'failed', note: string | null) {
      await db.transaction().execute(async (trx) => {
        const job = await trx
          .updateTable('dispatch_jobs')
          .set({ writeback: state })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await record(trx, job, {
          event: state === 'done' ? 'written_back' : 'note',
          from: job.status,
          actor: { kind: 'system', id: null },
          note,
        });
      });
    },
  };
}

export type JobService = ReturnType<typeof createJobService>;
