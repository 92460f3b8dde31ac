import { sql, type Kysely } from 'kysely';
import type { PlatformTables } from './db/tables.ts';

/** Installation-wide settings in one key/value table. */
export async function readSetting<T>(db: Kysely<PlatformTables>, key: string): Promise<T | undefined> {
  const row = await db.selectFrom('app_settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value as T | undefined;
}

export async function writeSetting(db: Kysely<PlatformTables>, key: string, value: unknown): Promise<void> {
  const json = JSON.stringify(value);
  await db
    .insertInto('app_settings')
    .values({ key, value: sql`${json}::jsonb` })
    .onConflict((conflict) => conflict.column('key').doUpdateSet({ value: sql`${json}::jsonb`, updated_at: new Date() }))
    .execute();
}

export async function deleteSetting(db: Kysely<PlatformTables>, key: string): Promise<void> {
  await db.deleteFrom('app_settings').where('key', '=', key).execute();
}
