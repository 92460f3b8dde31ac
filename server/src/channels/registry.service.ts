import type { Updateable } from 'kysely';
import {
  conflict,
  createRandomToken,
  hashToken,
  isLiveInstance,
  maskSecret,
  notFound,
  unprocessable,
  type Db,
  type Logger,
  type SecretBox,
} from '../platform/index.ts';
import {
  ChannelError,
  type AccountIdentity,
  type ChannelAdapter,
  type ChannelKind,
  type ChannelRecord,
  type ChannelSettings,
  type ChannelStatus,
  type IntakeMode,
} from './channel.ts';
import type { AnyChannelModule, ChannelModules, EnvironmentAccount } from './module.ts';
import { syncEnvironmentAccount } from './environment-account.ts';
import { channelTables, type ChannelRow, type ChannelTables } from './tables.ts';
import { ensureWebhookSecret } from './webhook-secret.ts';

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

/** Connected accounts: created, changed and removed while the server runs; credentials encrypted at rest. */
export function createChannelRegistry(options: RegistryOptions) {
  const db = channelTables(options.db);
  const { secretBox, logger } = options;
  const cache = new Map<number, { record: ChannelRecord; row: ChannelRow; at: number }>();
  let leaseTimer: NodeJS.Timeout | undefined;

  function toRecord(row: ChannelRow): ChannelRecord {
    let token: string | undefined;
    let secret: string | null | undefined;
    return {
      id: row.id,
      kind: row.kind,
      messenger: options.modules.messengerOf(row.kind),
      name: row.name,
      status: row.status as ChannelStatus,
      intakeMode: row.intake_mode as IntakeMode,
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

  function moduleFor(kind: string): AnyChannelModule {
    const module = options.modules.get(kind);
    if (!module)
      throw unprocessable(
        `Channels of kind "${kind}" are not built into this server: known kinds are ${
          options.modules
            .list()
            .map((each) => each.kind)
            .join(', ') || 'none'
        }.`,
        'unknown_kind',
      );
    return module;
  }

  function adapterFor(kind: string): ChannelAdapter {
    return moduleFor(kind).adapter;
  }

  function checkMode(module: AnyChannelModule, requested: IntakeMode | undefined): IntakeMode {
    if (!requested) return module.intake.defaultMode();
    if (!module.intake.modes.includes(requested))
      throw unprocessable(
        `A ${module.vocabulary.en.accountName} takes intake_mode ${module.intake.modes.join(', ')}, not "${requested}".`,
        'invalid_intake_mode',
      );
    return requested;
  }

  /** Variable of the environment that defines this row's account, for messages that say where to change it. */
  const environmentVariable = (kind: string) => options.modules.get(kind)?.environmentAccount?.variable ?? 'the environment';

  async function verify(kind: ChannelKind, token: string) {
    const module = moduleFor(kind);
    const messengerName = module.vocabulary.en.messengerName;
    try {
      return await module.adapter.verifyCredentials(token);
    } catch (error) {
      if (
        error instanceof ChannelError &&
        (error.code === 'AUTH_REVOKED' || error.code === 'NOT_FOUND' || error.code === 'INVALID_INPUT')
      ) {
        throw unprocessable(`The credentials were refused by ${messengerName}: ${error.message}`, 'invalid_token');
      }
      if (error instanceof ChannelError)
        throw unprocessable(`Could not check the credentials with ${messengerName}: ${error.message}. Try again.`, 'messenger_unreachable');
      throw error;
    }
  }

  const registry = {
    adapterFor,
    moduleFor,
    toRecord,
    /** Checks credentials with the platform; a refusal is 422 invalid_token, an unreachable platform 422 messenger_unreachable. */
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

    async setStatus(id: number, status: ChannelStatus, detail: string | null): Promise<void> {
      const cached = cache.get(id);
      if (cached && cached.row.status === status && cached.row.status_detail === detail) return;
      await db.updateTable('channels').set({ status, status_detail: detail, updated_at: new Date() }).where('id', '=', id).execute();
      cache.delete(id);
    },

    /** Starts intake: webhooks anywhere; a long-poll loop only on the instance holding the channel's lease. */
    async start(id: number): Promise<void> {
      let row = await loadRow(id);
      if (!row) return;
      const module = moduleFor(row.kind);
      // Every account that can take webhooks has a secret; the environment's account uses the configured one.
      const configuredSecret = row.token_from_env ? module.environmentAccount?.webhookSecret : undefined;
      if (module.intake.modes.includes('webhook') && (await ensureWebhookSecret(db, secretBox, row, configuredSecret)))
        row = (await loadRow(id))!;
      const record = remember(row);
      const adapter = adapterFor(row.kind);
      if (!row.is_enabled) {
        await registry.stop(id);
        return registry.setStatus(id, 'stopped', 'switched off');
      }
      if (module.intake.leasedModes.includes(row.intake_mode as IntakeMode) && (options.polls === false || !(await acquireLease(id))))
        return;
      await adapter.startIntake(record);
    },

    async stop(id: number): Promise<void> {
      const row = await loadRow(id);
      if (row) await adapterFor(row.kind).stopIntake(id);
      await db.deleteFrom('channel_leases').where('channel_id', '=', id).where('instance_id', '=', options.instanceId).execute();
    },

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
      // A poller whose instance died is taken over by another.
      leaseTimer = setInterval(() => {
        void registry.claimOrphanedPollers().catch((error: unknown) => logger.warn({ err: error }, 'lease check failed'));
      }, 10_000);
      leaseTimer.unref();
    },

    async claimOrphanedPollers(): Promise<void> {
      const rows = await db.selectFrom('channels').select(['id', 'kind', 'intake_mode']).where('is_enabled', '=', true).execute();
      const leased = rows.filter((row) => options.modules.get(row.kind)?.intake.leasedModes.includes(row.intake_mode as IntakeMode));
      for (const { id } of leased) {
        const mine = await db.selectFrom('channel_leases').select('instance_id').where('channel_id', '=', id).executeTakeFirst();
        if (mine?.instance_id !== options.instanceId) await registry.start(id);
      }
    },

    async stopAll(): Promise<void> {
      clearInterval(leaseTimer);
      for (const module of options.modules.list()) await module.adapter.stopAll();
      await db.deleteFrom('channel_leases').where('instance_id', '=', options.instanceId).execute();
    },
  };

  async function acquireLease(channelId: number): Promise<boolean> {
    const result = await db
      .insertInto('channel_leases')
      .values({ channel_id: channelId, instance_id: options.instanceId })
      .onConflict((conflict) =>
        conflict
          .column('channel_id')
          .doUpdateSet({ instance_id: options.instanceId, acquired_at: new Date() })
          .where((eb) =>
            eb.or([eb('channel_leases.instance_id', '=', options.instanceId), eb.not(isLiveInstance('channel_leases.instance_id'))]),
          ),
      )
      .returning('instance_id')
      .executeTakeFirst();
    return result?.instance_id === options.instanceId;
  }

  return registry;
}
