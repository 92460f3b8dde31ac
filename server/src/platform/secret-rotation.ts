import { sql, type Kysely } from 'kysely';
import type { SecretBox } from './crypto.ts';
import { platformTables, type PlatformTables } from './db/tables.ts';
import { readSetting, writeSetting } from './settings.ts';
import { WrongAppSecretError } from './secret-check.ts';

const fingerprintKey = 'app_secret_fingerprint';

/**
 * Re-encrypts every stored secret under a new key and records the new key's fingerprint, in one transaction:
 * either every value moves or none does. Encrypted values live in text columns named `*_encrypted` (the
 * convention every module follows), so a module's new secrets are rotated without this code knowing them.
 * Returns how many values moved, per table.column.
 */
export async function reencryptSecrets<DB extends PlatformTables>(
  handle: Kysely<DB>,
  from: SecretBox,
  to: SecretBox,
): Promise<Record<string, number>> {
  const db = platformTables(handle);
  return db.transaction().execute(async (trx) => {
    const stored = await readSetting<string>(trx, fingerprintKey);
    if (stored !== undefined && stored !== from.fingerprint)
      throw new WrongAppSecretError('The current APP_SECRET is not the one this database was set up with: give the key it uses now.');
    const columns = await sql<{ table_name: string; column_name: string }>`
      SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = current_schema() AND column_name LIKE '%\\_encrypted' AND data_type = 'text'
      ORDER BY table_name, column_name`.execute(trx);
    const moved: Record<string, number> = {};
    for (const { table_name: table, column_name: column } of columns.rows) {
      const values = await sql<{
        value: string;
      }>`SELECT DISTINCT ${sql.ref(column)} AS value FROM ${sql.table(table)} WHERE ${sql.ref(column)} IS NOT NULL`.execute(trx);
      for (const { value } of values.rows) {
        // The sealed value itself identifies its rows: each encryption has its own random IV.
        await sql`UPDATE ${sql.table(table)} SET ${sql.ref(column)} = ${to.encrypt(from.decrypt(value))} WHERE ${sql.ref(column)} = ${value}`.execute(
          trx,
        );
      }
      moved[`${table}.${column}`] = values.rows.length;
    }
    await writeSetting(trx, fingerprintKey, to.fingerprint);
    return moved;
  });
}
