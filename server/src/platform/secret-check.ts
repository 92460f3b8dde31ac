import { sql, type Kysely } from 'kysely';
import type { SecretBox } from './crypto.ts';
import { platformTables, type PlatformTables } from './db/tables.ts';
import { readSetting } from './settings.ts';

export class WrongAppSecretError extends Error {
  override name = 'WrongAppSecretError';
}

/**
 * The database remembers a fingerprint of the APP_SECRET that encrypted its
 * secrets; a process with another key refuses to start rather than fail to
 * decrypt bot tokens later.
 */
export async function checkAppSecretFingerprint<DB extends PlatformTables>(handle: Kysely<DB>, box: SecretBox): Promise<void> {
  const db = platformTables(handle);
  // Instances starting at once on an empty database race here: the first insert wins and every
  // other one compares against it (an upsert would let the last one silently replace the key).
  await db
    .insertInto('app_settings')
    .values({ key: 'app_secret_fingerprint', value: sql`${JSON.stringify(box.fingerprint)}::jsonb` })
    .onConflict((conflict) => conflict.column('key').doNothing())
    .execute();
  const stored = await readSetting<string>(db, 'app_secret_fingerprint');
  if (stored !== box.fingerprint) {
    throw new WrongAppSecretError(
      'APP_SECRET does not match the one this database was set up with: start every instance with the original APP_SECRET ' +
        '(secrets stored in the database cannot be decrypted with another).',
    );
  }
}
