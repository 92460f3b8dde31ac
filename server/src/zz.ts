import type { Transaction } from 'kysely';
import type { Db } from './platform/index.ts';
import { inboxTables } from './inbox/tables.ts';
declare const db: Db;
export const f = () =>
  db
    .transaction()
    .execute(async (trx: Transaction<import('./platform/index.ts').SwitchboardTables>) =>
      inboxTables(trx).selectFrom('contacts').selectAll().execute(),
    );
