import type { Kysely, Updateable } from 'kysely';
import {
  conflict,
  createRandomToken,
  hashToken,
  isLiveInstance,
  maskSecret,
  notFound,
  unprocessable,
  type AnyDb,
  type Logger,
  type SecretBox,
} from '../platform/index.ts';
import { ChannelError, type ChannelAdapter, type ChannelKind, type ChannelRecord, type ChannelSettings, type ChannelStatus, type IntakeMode } from './channel.ts';
import type { ChannelRow, ChannelTables } from './tables.ts';
import { ensureWebhookSecret } from './webhook-secret.ts';

export interface RegistryOptions {
  db: AnyDb;
  secretBox: SecretBox;
  adapters: Partial<Record<ChannelKind, ChannelAdapter>>;
  logger: Logger;
  instanceId: string;
  telegram: { envToken?: string; envWebhookSecret?: string; mode: 'auto' | 'webhook' | 'polling'; publicUrl?: string };
}

export interface NewChannel {
  kind: ChannelKind;
  name: string;
  token: string;
  intakeMode?: IntakeMode;
  settings?: ChannelSettings;
  isDefault?: boolean;
}

const cacheMs = 5_000;

export type ChannelRegistry = ReturnType<typeof createChannelRegistry>;

/** Connected accounts: created, changed and removed while the server runs; credentials encrypted at rest. */
export function createChannelRegistry(options: RegistryOptions) {
  const db = options.db as Kysely<ChannelTables>;
  const { secretBox, logger } = options;
  const cache = new Map<number, { record: ChannelRecord; row: ChannelRow; at: number }>();
  let leaseTimer: NodeJS.Timeout | undefined;

  function toRecord(row: ChannelRow): ChannelRecord {
    let token: string | undefined;
    let secret: string | null | undefined;
    return {
      id: row.id,
      kind: row.kind as ChannelKind,
      name: row.name,
      status: row.status as ChannelStatus,
      intakeMode: row.intake_mode as IntakeMode,
      isDefault: row.is_default,
      isEnabled: row.is_enabled,
      externalId: row.external_id,
      username: row.username,
      settings: (row.settings ?? {}) as ChannelSettings,
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

  function adapterFor(kind: string): ChannelAdapter {
    const adapter = options.adapters[kind as ChannelKind];
    if (!adapter) throw unprocessable(`Channels of kind "${kind}" are not built yet.`);
    return adapter;
  }

  function resolveMode(requested: IntakeMode | undefined): IntakeMode {
    if (requested) return requested;
    if (options.telegram.mode !== 'auto') return options.telegram.mode;
    return options.telegram.publicUrl ? 'webhook' : 'polling';
  }

  async function verify(kind: ChannelKind, token: string) {
    try {
      return await adapterFor(kind).verifyCredentials(token);
    } catch (error) {
      if (error instanceof ChannelError && (error.code === 'AUTH_REVOKED' || error.code === 'NOT_FOUND' || error.code === 'INVALID_INPUT')) {
        throw unprocessable(`The token was refused by Telegram (${error.message}). Copy it again from @BotFather.`, 'invalid_token');
      }
      if (error instanceof ChannelError) throw unprocessable(`Could not check the token with Telegram: ${error.message}. Try again.`, 'telegram_unreachable');
      throw error;
    }
  }

  const registry = {
    adapterFor,
    toRecord,

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

    async defaultChannel(kind: ChannelKind = 'telegram_bot'): Promise<ChannelRecord | null> {
      const row = await db.selectFrom('channels').select('id').where('kind', '=', kind).where('is_default', '=', true).executeTakeFirst();
      return row ? registry.get(row.id) : null;
    },

    async byToken(token: string): Promise<ChannelRecord | null> {
      const row = await db.selectFrom('channels').select('id').where('credentials_lookup', '=', hashToken(token)).executeTakeFirst();
      return row ? registry.get(row.id) : null;
    },

    async create(input: NewChannel, fromEnvironment = false): Promise<ChannelRow> {
      const identity = await verify(input.kind, input.token);
      const existing = await db.selectFrom('channels').select(['id', 'name']).where('kind', '=', input.kind).where('external_id', '=', identity.externalId).executeTakeFirst();
      if (existing) throw conflict(`This bot (@${identity.username}) is already connected as "${existing.name}" (account ${existing.id}).`, 'already_connected');
      const hasDefault = await db.selectFrom('channels').select('id').where('kind', '=', input.kind).where('is_default', '=', true).executeTakeFirst();
      const row = await db
        .insertInto('channels')
        .values({
          kind: input.kind,
          name: input.name,
          intake_mode: resolveMode(input.intakeMode),
          is_default: input.isDefault ?? !hasDefault,
          token_from_env: fromEnvironment,
          credentials_encrypted: secretBox.encrypt(input.token),
          credentials_hint: maskSecret(input.token),
          credentials_lookup: hashToken(input.token),
          webhook_secret_encrypted: secretBox.encrypt(fromEnvironment && options.telegram.envWebhookSecret ? options.telegram.envWebhookSecret : createRandomToken(32)),
          external_id: identity.externalId,
          username: identity.username,
          display_name: identity.displayName,
          settings: JSON.stringify(input.settings ?? {}),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      logger.info({ channel_id: row.id, username: row.username, intake_mode: row.intake_mode }, 'bot connected');
      await registry.start(row.id);
      return registry.row(row.id);
    },

    async update(id: number, patch: { name?: string; token?: string; intakeMode?: IntakeMode; settings?: ChannelSettings; isEnabled?: boolean }): Promise<ChannelRow> {
      const row = await registry.row(id);
      const changes: Updateable<ChannelTables['channels']> = { updated_at: new Date() };
      if (patch.name !== undefined) changes.name = patch.name;
      if (patch.intakeMode !== undefined) changes.intake_mode = patch.intakeMode;
      if (patch.isEnabled !== undefined) changes.is_enabled = patch.isEnabled;
      if (patch.settings !== undefined) changes.settings = JSON.stringify({ ...(row.settings as object), ...patch.settings });
      if (patch.token !== undefined) {
        if (row.token_from_env) throw conflict('TELEGRAM_BOT_TOKEN in the environment supplies this token and wins over the database: change it there.', 'token_from_env');
        const identity = await verify(row.kind as ChannelKind, patch.token);
        if (row.external_id && identity.externalId !== row.external_id) throw unprocessable('This token belongs to another bot: add it as a new account instead.', 'different_bot');
        Object.assign(changes, { credentials_encrypted: secretBox.encrypt(patch.token), credentials_hint: maskSecret(patch.token), credentials_lookup: hashToken(patch.token), username: identity.username, display_name: identity.displayName, external_id: identity.externalId });
      }
      await db.updateTable('channels').set(changes).where('id', '=', id).execute();
      cache.delete(id);
      const restart = patch.token !== undefined || patch.intakeMode !== undefined || patch.isEnabled !== undefined;
      if (restart) await registry.start(id);
      return registry.row(id);
    },

    async remove(id: number): Promise<void> {
      const row = await registry.row(id);
      if (row.token_from_env) throw conflict('TELEGRAM_BOT_TOKEN in the environment defines this bot: unset it to remove the bot.', 'token_from_env');
      await registry.stop(id);
      const record = toRecord(row);
      if (row.intake_mode === 'webhook') await adapterFor(row.kind).deleteWebhook?.(record).catch(() => undefined);
      await db.deleteFrom('channels').where('id', '=', id).execute();
      cache.delete(id);
      if (row.is_default) {
        const next = await db.selectFrom('channels').select('id').where('kind', '=', row.kind).orderBy('id').executeTakeFirst();
        if (next) await db.updateTable('channels').set({ is_default: true }).where('id', '=', next.id).execute();
      }
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
      if (row.kind === 'telegram_bot' && (await ensureWebhookSecret(db, secretBox, row, row.token_from_env ? options.telegram.envWebhookSecret : undefined))) row = (await loadRow(id))!;
      const record = remember(row);
      const adapter = adapterFor(row.kind);
      if (!row.is_enabled) {
        await registry.stop(id);
        return registry.setStatus(id, 'stopped', 'switched off');
      }
      if (row.intake_mode === 'polling' && !(await acquireLease(id))) return;
      await adapter.startIntake(record);
    },

    async stop(id: number): Promise<void> {
      const row = await loadRow(id);
      if (row) await adapterFor(row.kind).stopIntake(id);
      await db.deleteFrom('channel_leases').where('channel_id', '=', id).where('instance_id', '=', options.instanceId).execute();
    },

    async startAll(): Promise<void> {
      if (options.telegram.envToken) await syncEnvironmentBot(options.telegram.envToken).catch((error: unknown) => logger.error({ err: error }, 'TELEGRAM_BOT_TOKEN could not be set up'));
      for (const row of await registry.list()) {
        await registry.start(row.id).catch((error: unknown) => logger.error({ err: error, channel_id: row.id }, 'starting a channel failed'));
      }
      // A poller whose instance died is taken over by another.
      leaseTimer = setInterval(() => {
        void registry.claimOrphanedPollers().catch((error: unknown) => logger.warn({ err: error }, 'lease check failed'));
      }, 10_000);
      leaseTimer.unref();
    },

    async claimOrphanedPollers(): Promise<void> {
      const rows = await db.selectFrom('channels').select('id').where('intake_mode', '=', 'polling').where('is_enabled', '=', true).execute();
      for (const { id } of rows) {
        const mine = await db.selectFrom('channel_leases').select('instance_id').where('channel_id', '=', id).executeTakeFirst();
        if (mine?.instance_id !== options.instanceId) await registry.start(id);
      }
    },

    async stopAll(): Promise<void> {
      clearInterval(leaseTimer);
      for (const adapter of Object.values(options.adapters)) await adapter?.stopAll();
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
          .where((eb) => eb.or([eb('channel_leases.instance_id', '=', options.instanceId), eb.not(isLiveInstance('channel_leases.instance_id'))])),
      )
      .returning('instance_id')
      .executeTakeFirst();
    return result?.instance_id === options.instanceId;
  }

  /** TELEGRAM_BOT_TOKEN defines the default bot and wins over the database (seed 000). */
  async function syncEnvironmentBot(token: string): Promise<void> {
    const lookup = hashToken(token);
    const current = await db.selectFrom('channels').selectAll().where('credentials_lookup', '=', lookup).executeTakeFirst();
    if (current) {
      await db.updateTable('channels').set({ token_from_env: true }).where('id', '=', current.id).execute();
      if (!current.is_default) {
        await db.updateTable('channels').set({ is_default: false }).where('kind', '=', 'telegram_bot').where('is_default', '=', true).execute();
        await db.updateTable('channels').set({ is_default: true }).where('id', '=', current.id).execute();
      }
      return;
    }
    const identity = await verify('telegram_bot', token);
    const sameBot = await db.selectFrom('channels').selectAll().where('kind', '=', 'telegram_bot').where('external_id', '=', identity.externalId).executeTakeFirst();
    if (sameBot) {
      // The bot's token was rotated in the environment.
      await db
        .updateTable('channels')
        .set({ credentials_encrypted: secretBox.encrypt(token), credentials_hint: maskSecret(token), credentials_lookup: lookup, token_from_env: true, updated_at: new Date() })
        .where('id', '=', sameBot.id)
        .execute();
      return;
    }
    await db.updateTable('channels').set({ is_default: false, token_from_env: false }).where('kind', '=', 'telegram_bot').where('token_from_env', '=', true).execute();
    await db.updateTable('channels').set({ is_default: false }).where('kind', '=', 'telegram_bot').where('is_default', '=', true).execute();
    await registry.create({ kind: 'telegram_bot', name: identity.displayName || 'Telegram bot', token, isDefault: true }, true);
  }

  return registry;
}
