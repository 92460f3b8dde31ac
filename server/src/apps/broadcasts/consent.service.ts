// Marketing consent: one row per contact, the latest state with its source (issue 22 "Consent").
import type { BroadcastDb } from './context.ts';
import type { ConsentSource, ConsentState } from './tables.ts';

export interface ConsentChange {
  contactId: number;
  state: ConsentState;
  source: ConsentSource;
  basis?: string | null;
  changedBy?: number | null;
}

export function createConsents(db: BroadcastDb) {
  return {
    /** Records the change; returns whether the state was different before. */
    async set(change: ConsentChange, trx: BroadcastDb = db): Promise<boolean> {
      const before = await trx
        .selectFrom('broadcast_consents')
        .select('state')
        .where('contact_id', '=', change.contactId)
        .executeTakeFirst();
      const values = {
        state: change.state,
        source: change.source,
        basis: change.basis ?? null,
        changed_by: change.changedBy ?? null,
        changed_at: new Date(),
      };
      await trx
        .insertInto('broadcast_consents')
        .values({ contact_id: change.contactId, ...values })
        .onConflict((conflict) => conflict.column('contact_id').doUpdateSet(values))
        .execute();
      return before?.state !== change.state;
    },
    get: (contactId: number) =>
      db
        .selectFrom('broadcast_consents')
        .select(['contact_id', 'state', 'source', 'basis', 'changed_by', 'changed_at'])
        .where('contact_id', '=', contactId)
        .executeTakeFirst(),
  };
}

export type Consents = ReturnType<typeof createConsents>;
