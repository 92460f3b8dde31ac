// Business connections of each bot channel, kept in telegram_business_connections (this folder's migration).
import type { Db } from '../../platform/index.ts';
import { telegramBotTables, type TelegramBotTables } from './tables.ts';
import type { BusinessConnectionState, readBusinessConnection } from './business.ts';

type Row = TelegramBotTables['telegram_business_connections'];

const toState = (row: Row): BusinessConnectionState => ({
  connectionId: row.connection_id,
  ownerId: row.owner_id,
  ownerName: row.owner_name,
  ownerUsername: row.owner_username,
  rights: (typeof row.rights === 'string' ? JSON.parse(row.rights) : (row.rights ?? {})) as Record<string, boolean>,
  isEnabled: row.is_enabled,
  revokedAt: row.revoked_at,
  connectedAt: row.connected_at,
  updatedAt: row.updated_at,
});

export type BusinessStore = ReturnType<typeof createBusinessStore>;

export function createBusinessStore(handle: Db) {
  const db = telegramBotTables(handle);
  const table = 'telegram_business_connections' as const;
  const store = {
    /**
     * Applies a business_connection update. Updates of one connection share a chat key, so the intake
     * hands them over one at a time in the order Telegram sent them: the newest always wins. A
     * connection Telegram reports again is live again. `onlyIfNew`: a connection learnt by asking
     * Telegram (getBusinessConnection) never overwrites what an update said.
     */
    async apply(
      channelId: number,
      connection: NonNullable<ReturnType<typeof readBusinessConnection>>,
      updateId: number,
      onlyIfNew = false,
    ): Promise<void> {
      const values = {
        channel_id: channelId,
        connection_id: connection.connectionId,
        owner_id: connection.ownerId,
        owner_name: connection.ownerName,
        owner_username: connection.ownerUsername,
        rights: JSON.stringify(connection.rights),
        is_enabled: connection.isEnabled,
        revoked_at: null,
        connected_at: connection.connectedAt,
        last_update_id: updateId,
        updated_at: new Date(),
      };
      await db
        .insertInto(table)
        .values(values)
        .onConflict((conflict) => {
          const target = conflict.columns(['channel_id', 'connection_id']);
          if (onlyIfNew) return target.doNothing();
          return target.doUpdateSet({
            owner_name: values.owner_name,
            owner_username: values.owner_username,
            rights: values.rights,
            is_enabled: values.is_enabled,
            revoked_at: null,
            last_update_id: updateId,
            updated_at: values.updated_at,
          });
        })
        .execute();
    },

    /** What Telegram's refusal of a send told us: removed, paused, or no right to reply. */
    async mark(channelId: number, connectionId: string, change: { revoked?: true; isEnabled?: false; noReply?: true }): Promise<void> {
      const current = await store.get(channelId, connectionId);
      if (!current) return;
      const rights = { ...current.rights };
      if (change.noReply) delete rights.can_reply;
      await db
        .updateTable(table)
        .set({
          ...(change.revoked ? { revoked_at: new Date(), is_enabled: false } : {}),
          ...(change.isEnabled === false ? { is_enabled: false } : {}),
          rights: JSON.stringify(rights),
          updated_at: new Date(),
        })
        .where('channel_id', '=', channelId)
        .where('connection_id', '=', connectionId)
        .execute();
    },

    async get(channelId: number, connectionId: string): Promise<BusinessConnectionState | null> {
      const row = await db
        .selectFrom(table)
        .selectAll()
        .where('channel_id', '=', channelId)
        .where('connection_id', '=', connectionId)
        .executeTakeFirst();
      return row ? toState(row) : null;
    },

    async list(channelId: number): Promise<BusinessConnectionState[]> {
      const rows = await db.selectFrom(table).selectAll().where('channel_id', '=', channelId).orderBy('connected_at').execute();
      return rows.map(toState);
    },
  };
  return store;
}
