// Meta apps as records of their own: one app secret and verify token, several accounts (phone numbers,
// Instagram accounts) whose webhooks the app delivers. Secrets are sealed with the SecretBox; the webhook
// routes read them from a small in-memory copy, reloaded when a request matches none (another instance
// may have added an app), at most once a second so forged requests cannot hammer the database.
import { equalsInConstantTime, hashToken, registerSecret, type Db, type SecretBox } from '../../platform/index.ts';
import { matchMetaSignature } from './signature.ts';
import { metaTables, type MetaDb } from './tables.ts';

export interface MetaAppInput {
  appSecret: string;
  verifyToken: string;
}

interface KnownApp {
  id: number;
  appSecret: string;
  verifyToken: string;
}

export type MetaAppStore = ReturnType<typeof createMetaAppStore>;

const reloadEveryMs = 1_000;

export function createMetaAppStore(options: { db: Db; secretBox: SecretBox; now?: () => number }) {
  const db: MetaDb = metaTables(options.db);
  const now = options.now ?? Date.now;
  let apps: KnownApp[] | null = null;
  let loadedAt = 0;

  async function load(): Promise<KnownApp[]> {
    const rows = await db.selectFrom('meta_apps').select(['id', 'app_secret_encrypted', 'verify_token_encrypted']).orderBy('id').execute();
    apps = rows.map((row) => ({
      id: row.id,
      appSecret: options.secretBox.decrypt(row.app_secret_encrypted),
      verifyToken: options.secretBox.decrypt(row.verify_token_encrypted),
    }));
    loadedAt = now();
    // App secrets have no shape of their own to mask: every known one is masked in logs by value.
    for (const app of apps) registerSecret(app.appSecret);
    return apps;
  }

  /** Runs `find` on the known apps; when nothing matches, once more on a fresh copy (if the last is over a second old). */
  async function withApps<T>(find: (known: KnownApp[]) => T | null): Promise<T | null> {
    const found = find(apps ?? (await load()));
    if (found !== null || now() - loadedAt < reloadEveryMs) return found;
    return find(await load());
  }

  return {
    /** Files an account under the Meta app with this secret (created when new; its verify token updated). */
    async link(channelId: number, product: string, externalAccountId: string, input: MetaAppInput): Promise<number> {
      const lookup = hashToken(input.appSecret);
      const appId = await db.transaction().execute(async (trx) => {
        const existing = await trx.selectFrom('meta_apps').select('id').where('app_secret_lookup', '=', lookup).executeTakeFirst();
        const id = existing
          ? (
              await trx
                .updateTable('meta_apps')
                .set({ verify_token_encrypted: options.secretBox.encrypt(input.verifyToken), updated_at: new Date() })
                .where('id', '=', existing.id)
                .returning('id')
                .executeTakeFirstOrThrow()
            ).id
          : (
              await trx
                .insertInto('meta_apps')
                .values({
                  app_secret_encrypted: options.secretBox.encrypt(input.appSecret),
                  app_secret_lookup: lookup,
                  verify_token_encrypted: options.secretBox.encrypt(input.verifyToken),
                })
                .returning('id')
                .executeTakeFirstOrThrow()
            ).id;
        await trx.deleteFrom('meta_app_accounts').where('channel_id', '=', channelId).execute();
        await trx
          .deleteFrom('meta_app_accounts')
          .where('product', '=', product)
          .where('external_account_id', '=', externalAccountId)
          .execute();
        await trx
          .insertInto('meta_app_accounts')
          .values({ channel_id: channelId, meta_app_id: id, product, external_account_id: externalAccountId })
          .execute();
        return id;
      });
      await load();
      return appId;
    },

    /** The Meta app whose verify token this is (the GET handshake), or null. */
    async appForVerifyToken(token: string): Promise<number | null> {
      return withApps((known) => known.find((app) => equalsInConstantTime(app.verifyToken, token))?.id ?? null);
    },

    /** The Meta app whose secret signed these raw bytes, or null. */
    async appForSignature(raw: Buffer, header: unknown): Promise<number | null> {
      return withApps((known) => {
        const index = matchMetaSignature(
          raw,
          header,
          known.map((app) => app.appSecret),
        );
        return index === -1 ? null : known[index]!.id;
      });
    },

    /** The channel an app's webhook for this account goes to; null when the account is not filed under that app. */
    async channelFor(metaAppId: number, product: string, externalAccountId: string): Promise<number | null> {
      const row = await db
        .selectFrom('meta_app_accounts')
        .select('channel_id')
        .where('meta_app_id', '=', metaAppId)
        .where('product', '=', product)
        .where('external_account_id', '=', externalAccountId)
        .executeTakeFirst();
      return row?.channel_id ?? null;
    },

    /** Every account filed for a product (the WhatsApp numbers): jobs that visit each one start here. */
    async channelsOf(product: string): Promise<number[]> {
      const rows = await db
        .selectFrom('meta_app_accounts')
        .select('channel_id')
        .where('product', '=', product)
        .orderBy('channel_id')
        .execute();
      return rows.map((row) => row.channel_id);
    },
  };
}
