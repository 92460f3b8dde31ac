// The admins' new-job offers (a card with a button per measurer). Each admin's offer is an outbox message; once the
// job is assigned or cancelled, by anyone from the bot or the web board, each offer is edited through delivery's
// neutral edit to say who took it (or that it was cancelled): its measurer buttons go, so no other admin presses a
// stale one; a taken job's offer keeps 🔁 Reassign and ❌ Cancel, the bot's way to change an assigned job. Where a channel cannot edit, the edit fails in the ledger and a late press still meets the lifecycle's
// own refusal ("already assigned to …").
import type { Kysely } from 'kysely';
import type { DispatchContext } from './context.ts';
import { crewLanguageOf, text } from './dispatch.messages.ts';
import type { Actor } from './jobs.service.ts';
import { jobCard, payloads, type JobRow } from './notifier.ts';
import type { DispatchTables } from './tables.ts';

export function createOffers(context: Pick<DispatchContext, 'delivery' | 'staff'>) {
  /** Who did it, as the offer names them: a crew member, a staff user of the web app, AmoCRM; empty for the system. */
  async function actorName(trx: Kysely<DispatchTables>, actor: Actor): Promise<string> {
    if (actor.kind === 'amocrm') return 'AmoCRM';
    if (actor.id === null) return '';
    if (actor.kind === 'crew') {
      const member = await trx.selectFrom('dispatch_crew').select('name').where('id', '=', actor.id).executeTakeFirst();
      return member?.name ?? '';
    }
    if (actor.kind === 'staff') return (await context.staff.findMany([actor.id], trx)).get(actor.id)?.name ?? '';
    return '';
  }

  return {
    /** The offers of a (re)opened job: replaces what earlier offers of it were kept. */
    async remember(trx: Kysely<DispatchTables>, jobId: number, offers: Array<{ crewId: number; outboxId: number }>): Promise<void> {
      await trx.deleteFrom('dispatch_offers').where('job_id', '=', jobId).execute();
      if (offers.length === 0) return;
      await trx
        .insertInto('dispatch_offers')
        .values(offers.map((offer) => ({ job_id: jobId, crew_id: offer.crewId, outbox_id: offer.outboxId })))
        .execute();
    },

    /** Edits each admin's offer of the job after an assignment or a cancellation; answers the channels to wake. */
    async settle(
      trx: Kysely<DispatchTables>,
      event: 'assigned' | 'cancelled',
      job: JobRow,
      historyId: number,
      actor: Actor,
    ): Promise<Set<number>> {
      const channels = new Set<number>();
      const offers = await trx
        .selectFrom('dispatch_offers')
        .innerJoin('dispatch_crew', 'dispatch_crew.id', 'dispatch_offers.crew_id')
        .select(['dispatch_offers.crew_id', 'dispatch_offers.outbox_id', 'dispatch_crew.language'])
        .where('dispatch_offers.job_id', '=', job.id)
        .orderBy('dispatch_offers.crew_id')
        .execute();
      if (offers.length === 0) return channels;
      const by = await actorName(trx, actor);
      const measurer =
        event === 'assigned' && job.measurer_id !== null
          ? await trx.selectFrom('dispatch_crew').select('name').where('id', '=', job.measurer_id).executeTakeFirst()
          : undefined;
      for (const offer of offers) {
        const language = crewLanguageOf(offer.language);
        const card = jobCard(language, job, measurer);
        const byLine = by ? text(language, event === 'assigned' ? 'offerAssignedBy' : 'offerCancelledBy', { by }) : '';
        const headline =
          event === 'assigned'
            ? text(language, 'offerTaken', { measurer: measurer?.name ?? text(language, 'unknownValue'), by: byLine })
            : text(language, 'offerCancelled', { by: byLine });
        const edited = await context.delivery.edit(trx, {
          outboxId: Number(offer.outbox_id),
          text: `${headline}\n\n${card}`,
          // A taken job's offer keeps what an admin may still do to it in the bot; a cancelled one keeps nothing.
          choices:
            event === 'assigned'
              ? [
                  [{ title: text(language, 'buttonReassign'), payload: payloads.reassign(job.id) }],
                  [{ title: text(language, 'buttonCancel'), payload: payloads.cancel(job.id) }],
                ]
              : undefined,
          idempotencyKey: `dispatch:${historyId}:offer:${offer.crew_id}`,
          reference: { type: 'dispatch_job', id: job.id },
        });
        if (edited) channels.add(edited.channelId);
      }
      return channels;
    },
  };
}

export type Offers = ReturnType<typeof createOffers>;
