// Which instance holds an account's connection (channel_leases, taken by the registry for leased intake
// modes): an instance without the connection says so in the account's health instead of "not connected".
import { sql } from 'kysely';
import { isLiveInstance, type Db } from '../../platform/index.ts';

export function createLeaseLookup(db: Db, ownInstanceId: string | undefined) {
  return {
    /** The live instance other than this one that holds the account; null when none does. */
    async holderOf(channelId: number): Promise<{ instanceId: string; since: Date } | null> {
      const { rows } = await sql<{ instance_id: string; acquired_at: Date | string }>`
        SELECT instance_id, acquired_at FROM channel_leases
        WHERE channel_id = ${channelId} AND ${isLiveInstance('channel_leases.instance_id')}`.execute(db);
      const row = rows[0];
      if (!row || row.instance_id === ownInstanceId) return null;
      return { instanceId: row.instance_id, since: new Date(row.acquired_at) };
    },
  };
}
