// An account the environment defines (TELEGRAM_BOT_TOKEN for the Telegram
// bot module): it is its kind's default and wins over the database (seed 000).
import { hashToken, maskSecret, type SecretBox } from '../platform/index.ts';
import type { AccountIdentity } from './channel.ts';
import type { EnvironmentAccount } from './module.ts';
import type { NewChannel } from './registry.service.ts';
import type { ChannelDb } from './tables.ts';

export interface EnvironmentSyncDeps {
  db: ChannelDb;
  secretBox: SecretBox;
  /** Checks credentials with the platform (the registry's, with its HTTP errors). */
  verify(kind: string, credentials: string): Promise<AccountIdentity>;
  create(input: NewChannel, environment?: EnvironmentAccount): Promise<unknown>;
}

/** Makes the environment's account the kind's default, creating it (named after the platform's profile, else `fallbackName`) when new. */
export async function syncEnvironmentAccount(
  deps: EnvironmentSyncDeps,
  kind: string,
  environment: EnvironmentAccount,
  fallbackName: string,
): Promise<void> {
  const { db, secretBox, verify } = deps;
  const token = environment.credentials;
  const lookup = hashToken(token);
  const current = await db.selectFrom('channels').selectAll().where('credentials_lookup', '=', lookup).executeTakeFirst();
  if (current) {
    await db.updateTable('channels').set({ token_from_env: true }).where('id', '=', current.id).execute();
    if (!current.is_default) {
      await db.updateTable('channels').set({ is_default: false }).where('kind', '=', kind).where('is_default', '=', true).execute();
      await db.updateTable('channels').set({ is_default: true }).where('id', '=', current.id).execute();
    }
    return;
  }
  const identity = await verify(kind, token);
  const sameAccount = await db
    .selectFrom('channels')
    .selectAll()
    .where('kind', '=', kind)
    .where('external_id', '=', identity.externalId)
    .executeTakeFirst();
  if (sameAccount) {
    // The account's credentials were rotated in the environment.
    await db
      .updateTable('channels')
      .set({
        credentials_encrypted: secretBox.encrypt(token),
        credentials_hint: maskSecret(token),
        credentials_lookup: lookup,
        token_from_env: true,
        updated_at: new Date(),
      })
      .where('id', '=', sameAccount.id)
      .execute();
    return;
  }
  await db
    .updateTable('channels')
    .set({ is_default: false, token_from_env: false })
    .where('kind', '=', kind)
    .where('token_from_env', '=', true)
    .execute();
  await db.updateTable('channels').set({ is_default: false }).where('kind', '=', kind).where('is_default', '=', true).execute();
  const name = identity.displayName || fallbackName;
  await deps.create({ kind, name, token, isDefault: true }, environment);
}
