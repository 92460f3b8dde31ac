import type { Updateable } from 'kysely';
import {
  conflict,
  createRandomToken,
  hashToken,
  maskSecret,
  notFound,
  unprocessable,
  type Db,
  type Logger,
  type SecretBox,
} from '../platform/index.ts';
import { createAccountIntake } from './account-intake.ts';
import { createAccountKinds } from './account-kinds.ts';
import type { AccountIdentity, ChannelKind, ChannelRecord, ChannelSettings, ChannelStatus, IntakeMode } from './channel.ts';
import type { ChannelModules, EnvironmentAccount } from './module.ts';
import { syncEnvironmentAccount } from './environment-account.ts';
import { channelTables, type ChannelRow, type ChannelTables } from './tables.ts';

export interface RegistryOptions {
  db: Db;
  secretBox: SecretBox;
  /** The channel modules this server runs, keyed by kind. */
  modules: ChannelModules;
  logger: Logger;
  instanceId: string;
  /** False on a web-only instance: long-poll loops run on workers, which take up an unleased poller within seconds. */
  polls?: boolean;
}

export interface NewChannel {
  kind: ChannelKind;
  name: string;
  /** The account's credentials as its module encodes them (module.credentials.encode). */
  token: string;
  intakeMode?: IntakeMode;
  settings?: ChannelSettings;
  isDefault?: boolean;
}

const cacheMs = 5_000;

export type ChannelRegistry = ReturnType<typeof createChannelRegistry>;

/**
 * Connected accounts: created, changed and removed while the server runs; credentials encrypted at rest. What a
 * kind allows is its module's (account-kinds.ts); running intake and its leases is account-intake.ts.
 */
export function createChannelRegistry(options: RegistryOptions) {
  const db = channelTables(options.db);
  const { secretBox, logger } = options;
  const cache = new Map<number, { record: ChannelRecord; row: ChannelRow; at: number }>();
  const kinds = createAccountKinds(options.modules);
  const { adapterFor, moduleFor, checkMode, environmentVariable, verify } = kinds;

  function toRecord(row: ChannelRow): ChannelRecord {
    let token: string | undefined;
    let secret: string | null | undefined;
    return {
      id: row.id,
      kind: row.kind,
      messenger: options.modules.messengerOf(row.kind),
      name: row.name,
      status: row.status,
      intakeMode: row.intake_mode,
      isDefault: row.is_default,
      isEnabled: row.is_enabled,
      externalId: row.external_id,
      username: row.username,
      settings: row.settings ?? {},
      credentials: () => (token ??= row.credentials_encrypted ? secretBox.decrypt(row.credentials_encrypted) : ''),
      webhookSecret: () => (secret ??= row.webhook_secret_encrypted ? secretBox.decrypt(row.webhook_secret_encrypted) : null),
    };
  }

  function remember(row: ChannelRow): ChannelRecord {
    const record = toRecord(row);
    cache.set(row.id, { record, row, at: Date.now() });
    return record;
  }

  async function loadRow(id: number): Promise<ChannelRow | undefined> {
    return db.selectFrom('channels').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async function setStatus(id: number, status: ChannelStatus, detail: string | null): Promise<void> {
    const cached = cache.get(id);
    if (cached && cached.row.status === status && cached.row.status_detail === detail) return;
    await db.updateTable('channels').set({ status, status_detail: detail, updated_at: new Date() }).where('id', '=', id).execute();
    cache.delete(id);
  }

  const intake = createAccountIntake({ ...options, db, kinds, loadRow, remember, setStatus });

  const registry = {
    adapterFor,
    moduleFor,
    toRecord,
    verify,

    async get(id: number): Promise<ChannelRecord | null> {
      const cached = cache.get(id);
      if (cached && Date.now() - cached.at < cacheMs) return cached.record;
      const row = await loadRow(id);
      if (!row) {
        cache.delete(id);
        return null;
      }
      return remember(row);
    },

    async row(id: number): Promise<ChannelRow> {
      const row = await loadRow(id);
      if (!row) throw notFound(`Account ${id}`);
      return row;
    },

    async list(): Promise<ChannelRow[]> {
      return db.selectFrom('channels').selectAll().orderBy('id').execute();
    },

    async defaultChannel(kind: ChannelKind): Promise<ChannelRecord | null> {
      const row = await db.selectFrom('channels').select('id').where('kind', '=', kind).where('is_default', '=', true).executeTakeFirst();
      return row ? registry.get(row.id) : null;
    },

    async byToken(token: string): Promise<ChannelRecord | null> {
      const row = await db.selectFrom('channels').select('id').where('credentials_lookup', '=', hashToken(token)).executeTakeFirst();
      return row ? registry.get(row.id) : null;
    },

    async create(input: NewChannel, environment?: EnvironmentAccount): Promise<ChannelRow> {
      const module = moduleFor(input.kind);
      const intakeMode = checkMode(module, input.intakeMode);
      const identity = await verify(input.kind, input.token);
      const existing = await db
        .selectFrom('channels')
        .select(['id', 'name'])
        .where('kind', '=', input.kind)
        .where('external_id', '=', identity.externalId)
        .executeTakeFirst();
      if (existing)
        throw conflict(
          `This ${module.vocabulary.en.accountName} (${identity.username ? `@${identity.username}` : identity.displayName}) is already connected as "${existing.name}" (account ${existing.id}).`,
          'already_connected',
        );
      const hasDefault = await db
        .selectFrom('channels')
        .select('id')
        .where('kind', '=', input.kind)
        .where('is_default', '=', true)
        .executeTakeFirst();
      const row = await db
        .insertInto('channels')
        .values({
          kind: input.kind,
          messenger: module.messenger,
          name: input.name,
          intake_mode: intakeMode,
          is_default: input.isDefault ?? !hasDefault,
          token_from_env: environment !== undefined,
          credentials_encrypted: secretBox.encrypt(input.token),
          credentials_hint: maskSecret(input.token),
          credentials_lookup: hashToken(input.token),
          webhook_secret_encrypted: secretBox.encrypt(environment?.webhookSecret ?? createRandomToken(32)),
          external_id: identity.externalId,
          username: identity.username,
          display_name: identity.displayName,
          settings: JSON.stringify(input.settings ?? {}),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      logger.info({ channel_id: row.id, kind: row.kind, username: row.username, intake_mode: row.intake_mode }, 'account connected');
      await registry.start(row.id);
      return registry.row(row.id);
    },

    async update(
      id: number,
      patch: { name?: string; token?: string; intakeMode?: IntakeMode; settings?: ChannelSettings; isEnabled?: boolean },
    ): Promise<ChannelRow> {
      const row = await registry.row(id);
      const changes: Updateable<ChannelTables['channels']> = { updated_at: new Date() };
      if (patch.name !== undefined) changes.name = patch.name;
      if (patch.intakeMode !== undefined) changes.intake_mode = checkMode(moduleFor(row.kind), patch.intakeMode);
      if (patch.isEnabled !== undefined) changes.is_enabled = patch.isEnabled;
      if (patch.settings !== undefined) changes.settings = JSON.stringify({ ...(row.settings as object), ...patch.settings });
      if (patch.token !== undefined) {
        if (row.token_from_env)
          throw conflict(
            `${environmentVariable(row.kind)} in the environment supplies these credentials and wins over the database: change it there.`,
            'token_from_env',
          );
        const identity = await verify(row.kind, patch.token);
        if (row.external_id && identity.externalId !== row.external_id)
          throw unprocessable(
            `These credentials belong to another ${moduleFor(row.kind).vocabulary.en.accountName}: add it as a new account instead.`,
            'different_bot',
          );
        Object.assign(changes, {
          credentials_encrypted: secretBox.encrypt(patch.token),
          credentials_hint: maskSecret(patch.token),
          credentials_lookup: hashToken(patch.token),
          username: identity.username,
          display_name: identity.displayName,
          external_id: identity.externalId,
        });
      }
      await db.updateTable('channels').set(changes).where('id', '=', id).execute();
      cache.delete(id);
      const restart = patch.token !== undefined || patch.intakeMode !== undefined || patch.isEnabled !== undefined;
      if (restart) await registry.start(id);
      return registry.row(id);
    },

    async remove(id: number): Promise<void> {
      const row = await registry.row(id);
      if (row.token_from_env)
        throw conflict(
          `${environmentVariable(row.kind)} in the environment defines this account: unset it to remove the account.`,
          'token_from_env',
        );
      await registry.stop(id);
      const record = toRecord(row);
      // An interactive login's session is ended at the platform too (a personal account is logged out).
      await moduleFor(row.kind)
        .login?.logOut(record)
        .catch((error: unknown) => logger.warn({ err: error, channel_id: id }, 'logging the account out failed'));
      if (row.intake_mode === 'webhook')
        await adapterFor(row.kind)
          .deleteWebhook?.(record)
          .catch(() => undefined);
      await db.deleteFrom('channels').where('id', '=', id).execute();
      cache.delete(id);
      if (row.is_default) {
        const next = await db.selectFrom('channels').select('id').where('kind', '=', row.kind).orderBy('id').executeTakeFirst();
        if (next) await db.updateTable('channels').set({ is_default: true }).where('id', '=', next.id).execute();
      }
    },

    /** The identity a login revealed (modules with AccountLogin): the platform's id, username and name. */
    async setIdentity(id: number, identity: AccountIdentity): Promise<void> {
      await db
        .updateTable('channels')
        .set({ external_id: identity.externalId, username: identity.username, display_name: identity.displayName, updated_at: new Date() })
        .where('id', '=', id)
        .execute();
      cache.delete(id);
    },

    setStatus,

    start: intake.start,
    stop: intake.stop,
    claimOrphanedPollers: intake.claimOrphanedPollers,
    stopAll: intake.stopAll,

    async startAll(): Promise<void> {
      for (const module of options.modules.list()) {
        await db
          .updateTable('channels')
          .set({ messenger: module.messenger })
          .where('kind', '=', module.kind)
          .where('messenger', '<>', module.messenger)
          .execute();
        const environment = module.environmentAccount;
        if (environment)
          await syncEnvironmentAccount(
            { db, secretBox, verify, create: registry.create },
            module.kind,
            environment,
            module.vocabulary.en.accountName,
          ).catch((error: unknown) => logger.error({ err: error }, `${environment.variable} could not be set up`));
      }
      for (const row of await registry.list()) {
        await registry
          .start(row.id)
          .catch((error: unknown) => logger.error({ err: error, channel_id: row.id }, 'starting a channel failed'));
      }
      intake.watchLeases();
    },
  };

  return registry;
}
