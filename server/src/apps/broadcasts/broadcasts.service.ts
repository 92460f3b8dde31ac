// Broadcasts: compose, schedule, start (the recipients are fixed then), pause, resume, cancel, and the numbers.
import { sql } from 'kysely';
import { conflict, notFound, unprocessable } from '../../platform/index.ts';
import { checkTextFits, withLinkLines } from '../app.ts';
import type { BroadcastContext, BroadcastDb } from './context.ts';
import type { Segments } from './segments.ts';
import { checkMediaFits, findMedia } from './media.ts';
import type { BroadcastInput, BroadcastState } from './tables.ts';

export type { BroadcastInput };

const editable: BroadcastState[] = ['draft', 'scheduled'];
/** How the broadcast's outbox rows are marked (the sender enqueues them with it). */
export const reference = (id: number) => ({ type: 'broadcast', id });

export function createBroadcasts(context: BroadcastContext, segments: Segments, clock: () => Date) {
  const db = context.ownTables;

  /** The account may broadcast, and carries the file (if any) with this text: the row's columns. */
  async function columns(input: BroadcastInput) {
    const channel = await segments.check(input.filter);
    if (channel.broadcasts === 'template' && !input.template)
      throw unprocessable(
        `Account ${channel.id} starts conversations only with approved templates: add template { name, language?, parameters } — it goes to the recipients who have not written within the account's reply window (the others get the text).`,
        'account_cannot_broadcast',
      );
    const media = input.media ? await findMedia(context.files, input.media.file_id) : null;
    if (media) checkMediaFits(channel, media, input.texts, input.buttons ?? []);
    // Every variant, with the link buttons' lines it goes with, fits one message of the account.
    else
      for (const [variant, written] of Object.entries(input.texts))
        if (written) checkTextFits(channel, withLinkLines(written, input.buttons ?? []), `texts.${variant}`);
    return {
      name: input.name,
      kind: input.kind,
      channel_id: input.filter.channel_id,
      filter: JSON.stringify(input.filter),
      texts: JSON.stringify(input.texts),
      buttons: JSON.stringify(input.buttons ?? []),
      media: media ? JSON.stringify(media) : null,
      template: input.template ? JSON.stringify(input.template) : null,
    };
  }

  async function find(id: number, trx: BroadcastDb = db) {
    const row = await trx.selectFrom('broadcasts').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound(`Broadcast ${id}`);
    return row;
  }

  function refuse(id: number, state: BroadcastState, action: string): never {
    throw conflict(`Broadcast ${id} is ${state}: it cannot ${action}.`, 'broadcast_state');
  }

  /** Moves a state by compare-and-set: two callers at once cannot both win. */
  async function move(id: number, from: BroadcastState[], to: BroadcastState, action: string, extra: object = {}, trx: BroadcastDb = db) {
    const row = await trx
      .updateTable('broadcasts')
      .set({ state: to, ...extra })
      .where('id', '=', id)
      .where('state', 'in', from)
      .returningAll()
      .executeTakeFirst();
    if (!row) refuse(id, (await find(id, trx)).state, action);
    return row;
  }

  /** Writes the recipients (one row each, once) and starts sending; the ticker does the rest. */
  async function begin(id: number): Promise<{ recipients: number } | null> {
    // The recipients' query is built before the transaction: the fields' owners read their fields (and settings) to
    // build it, which on a one-connection engine must not wait behind the transaction. Inside, the filter it was built
    // from must still be the broadcast's (an edit in between: built again).
    for (;;) {
      const draft = await db.selectFrom('broadcasts').select(['filter', 'kind']).where('id', '=', id).executeTakeFirst();
      if (!draft) return null;
      const recipients = await segments.recipients(draft.filter, draft.kind);
      const begun = await db.transaction().execute(async (trx) => {
        const broadcast = await trx
          .selectFrom('broadcasts')
          .selectAll()
          .where('id', '=', id)
          .where('state', 'in', ['draft', 'scheduled'])
          // Waits for a concurrent begin (the ticker, a second instance) rather than skipping it: once that one commits,
          // the state filter no longer matches, so the caller sees the broadcast already sending, never still scheduled.
          .forUpdate()
          .executeTakeFirst();
        if (!broadcast) return null;
        if (JSON.stringify(broadcast.filter) !== JSON.stringify(draft.filter) || broadcast.kind !== draft.kind) return 'changed' as const;
        await sql`
          INSERT INTO broadcast_recipients (broadcast_id, contact_id)
          SELECT ${id}, recipient.id FROM (${recipients}) AS recipient
          ON CONFLICT DO NOTHING`.execute(trx);
        await trx.updateTable('broadcasts').set({ state: 'sending', started_at: new Date(), problem: null }).where('id', '=', id).execute();
        const counted = await trx
          .selectFrom('broadcast_recipients')
          .select((eb) => eb.fn.countAll<string>().as('count'))
          .where('broadcast_id', '=', id)
          .executeTakeFirstOrThrow();
        return { recipients: Number(counted.count) };
      });
      if (begun !== 'changed') return begun;
    }
  }

  return {
    find,
    list: () => db.selectFrom('broadcasts').selectAll().orderBy('id', 'desc').limit(200).execute(),
    async create(input: BroadcastInput, createdBy: number | null) {
      return db
        .insertInto('broadcasts')
        .values({ ...(await columns(input)), created_by: createdBy })
        .returningAll()
        .executeTakeFirstOrThrow();
    },
    async update(id: number, input: BroadcastInput) {
      const row = await db
        .updateTable('broadcasts')
        .set(await columns(input))
        .where('id', '=', id)
        .where('state', 'in', editable)
        .returningAll()
        .executeTakeFirst();
      if (!row) refuse(id, (await find(id)).state, 'be edited');
      return row;
    },
    async schedule(id: number, at: Date, timeZone: string | null) {
      if (at.getTime() <= clock().getTime())
        throw unprocessable('"send_at" is in the past: pick a later time, or start it now.', 'send_at_in_past');
      return move(id, editable, 'scheduled', 'be scheduled', { scheduled_at: at, time_zone: timeZone });
    },
    async start(id: number) {
      const broadcast = await find(id);
      if (!editable.includes(broadcast.state)) refuse(id, broadcast.state, 'start');
      const begun = await begin(id);
      if (!begun) refuse(id, (await find(id)).state, 'start');
      return { broadcast: await find(id), recipients: begun.recipients };
    },
    begin,
    // Pausing and cancelling withdraw what waits in the outbox too (what is being sent goes on); resuming puts it back.
    pause: (id: number) =>
      db.transaction().execute(async (trx) => {
        const row = await move(id, ['sending'], 'paused', 'be paused', {}, trx);
        await context.delivery.withdraw(trx, reference(id));
        return row;
      }),
    async resume(id: number) {
      const { row, channels } = await db.transaction().execute(async (trx) => ({
        row: await move(id, ['paused'], 'sending', 'be resumed', {}, trx),
        channels: await context.delivery.restore(trx, reference(id)),
      }));
      context.delivery.wake(channels);
      return row;
    },
    cancel: (id: number) =>
      db.transaction().execute(async (trx) => {
        const row = await move(
          id,
          ['draft', 'scheduled', 'sending', 'paused'],
          'cancelled',
          'be cancelled',
          { finished_at: new Date() },
          trx,
        );
        await context.delivery.withdraw(trx, reference(id));
        // Those not yet handed to delivery never go either.
        await trx
          .updateTable('broadcast_recipients')
          .set({ state: 'skipped', error: 'cancelled' })
          .where('broadcast_id', '=', id)
          .where('state', '=', 'pending')
          .execute();
        return row;
      }),
    async remove(id: number) {
      const deleted = await db
        .deleteFrom('broadcasts')
        .where('id', '=', id)
        .where('state', 'in', ['draft', 'cancelled', 'done'])
        .executeTakeFirst();
      if (deleted.numDeletedRows === 0n) refuse(id, (await find(id)).state, 'be deleted while it may send');
    },
  };
}

export type Broadcasts = ReturnType<typeof createBroadcasts>;
