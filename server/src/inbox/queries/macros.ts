// Macros (inbox/migrations/0015): every query the macro routes run.
import { sql } from 'kysely';
import type { MacroAction } from '@switchboard/contract';
import type { InboxDb } from '../tables.ts';

export interface MacroRow {
  id: number;
  name: string;
  owner_id: number | null;
  actions: MacroAction[];
  created_at: Date;
  updated_at: Date;
}

const asMacro = (row: { actions: unknown }) => row as MacroRow;

export async function listMacros(db: InboxDb): Promise<MacroRow[]> {
  return (await db.selectFrom('macros').selectAll().orderBy('name').limit(200).execute()).map(asMacro);
}

export async function macroById(db: InboxDb, id: number): Promise<MacroRow | undefined> {
  const row = await db.selectFrom('macros').selectAll().where('id', '=', id).executeTakeFirst();
  return row && asMacro(row);
}

/** Names are unique regardless of case. */
export async function macroNameTaken(db: InboxDb, name: string, exceptId?: number): Promise<boolean> {
  let query = db
    .selectFrom('macros')
    .select('id')
    .where(sql<string>`lower(name)`, '=', name.toLowerCase());
  if (exceptId !== undefined) query = query.where('id', '!=', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function insertMacro(db: InboxDb, macro: { name: string; actions: MacroAction[]; ownerId: number }): Promise<MacroRow> {
  const row = await db
    .insertInto('macros')
    .values({ name: macro.name, actions: JSON.stringify(macro.actions), owner_id: macro.ownerId })
    .returningAll()
    .executeTakeFirstOrThrow();
  return asMacro(row);
}

export async function updateMacro(db: InboxDb, id: number, change: { name?: string; actions?: MacroAction[] }): Promise<MacroRow> {
  const row = await db
    .updateTable('macros')
    .set({
      ...(change.name === undefined ? {} : { name: change.name }),
      ...(change.actions === undefined ? {} : { actions: JSON.stringify(change.actions) }),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return asMacro(row);
}

export async function deleteMacro(db: InboxDb, id: number): Promise<boolean> {
  const removed = await db.deleteFrom('macros').where('id', '=', id).executeTakeFirst();
  return Number(removed.numDeletedRows) > 0;
}
