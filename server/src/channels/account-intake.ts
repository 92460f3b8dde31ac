// Running an account's intake: webhooks anywhere; a long-poll loop (or a personal account's connection) only on the
// instance that holds the account's lease, so two instances never pull the same account. A lease whose instance
// died is taken over by another within seconds.
import { isLiveInstance, type Logger, type SecretBox } from '../platform/index.ts';
import type { AccountKinds } from './account-kinds.ts';
import type { ChannelRecord, ChannelStatus } from './channel.ts';
import type { ChannelModules } from './module.ts';
import type { ChannelDb, ChannelRow } from './tables.ts';
import { ensureWebhookSecret } from './webhook-secret.ts';

const leaseCheckMs = 10_000;

export interface AccountIntakeOptions {
  db: ChannelDb;
  secretBox: SecretBox;
  modules: ChannelModules;
  kinds: AccountKinds;
  logger: Logger;
  instanceId: string;
  /** False on a web-only instance: long-poll loops run on workers, which take up an unleased poller within seconds. */
  polls?: boolean;
  /** The registry's row reader and cache (the record intake runs with is the one the registry hands out). */
  loadRow(id: number): Promise<ChannelRow | undefined>;
  remember(row: ChannelRow): ChannelRecord;
  setStatus(id: number, status: ChannelStatus, detail: string | null): Promise<void>;
}

export type AccountIntake = ReturnType<typeof createAccountIntake>;

export function createAccountIntake(options: AccountIntakeOptions) {
  const { db, kinds } = options;
  let leaseTimer: NodeJS.Timeout | undefined;

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

  const intake = {
    /** Starts intake: webhooks anywhere; a long-poll loop only on the instance holding the channel's lease. */
    async start(id: number): Promise<void> {
      let row = await options.loadRow(id);
      if (!row) return;
      const module = kinds.moduleFor(row.kind);
      // Every account that can take webhooks has a secret; the environment's account uses the configured one.
      const configuredSecret = row.token_from_env ? module.environmentAccount?.webhookSecret : undefined;
      if (module.intake.modes.includes('webhook') && (await ensureWebhookSecret(db, options.secretBox, row, configuredSecret)))
        row = (await options.loadRow(id))!;
      const record = options.remember(row);
      const adapter = kinds.adapterFor(row.kind);
      if (!row.is_enabled) {
        await intake.stop(id);
        return options.setStatus(id, 'stopped', 'switched off');
      }
      if (module.intake.leasedModes.includes(row.intake_mode) && (options.polls === false || !(await acquireLease(id)))) return;
      await adapter.startIntake(record);
    },

    async stop(id: number): Promise<void> {
      const row = await options.loadRow(id);
      if (row) await kinds.adapterFor(row.kind).stopIntake(id);
      await db.deleteFrom('channel_leases').where('channel_id', '=', id).where('instance_id', '=', options.instanceId).execute();
    },

    async claimOrphanedPollers(): Promise<void> {
      const rows = await db.selectFrom('channels').select(['id', 'kind', 'intake_mode']).where('is_enabled', '=', true).execute();
      const leased = rows.filter((row) => options.modules.get(row.kind)?.intake.leasedModes.includes(row.intake_mode));
      for (const { id } of leased) {
        const mine = await db.selectFrom('channel_leases').select('instance_id').where('channel_id', '=', id).executeTakeFirst();
        if (mine?.instance_id !== options.instanceId) await intake.start(id);
      }
    },

    /** A poller whose instance died is taken over by another: checked every few seconds until stopAll. */
    watchLeases(): void {
      leaseTimer = setInterval(() => {
        void intake.claimOrphanedPollers().catch((error: unknown) => options.logger.warn({ err: error }, 'lease check failed'));
      }, leaseCheckMs);
      leaseTimer.unref();
    },

    async stopAll(): Promise<void> {
      clearInterval(leaseTimer);
      for (const module of options.modules.list()) await module.adapter.stopAll();
      await db.deleteFrom('channel_leases').where('instance_id', '=', options.instanceId).execute();
    },
  };
  return intake;
}
