// The handle the inbox's app ports query with: an app's transaction (opaque to it) is a transaction on the one
// database, read with the inbox's own table types.
import type { Db as SwitchboardDb } from '../platform/index.ts';
import { inboxTables, type InboxDb } from './tables.ts';

export type Db = InboxDb;
export type { SwitchboardDb };

/** The app's transaction if it passed one (the port's own handle otherwise), seen through the inbox's tables. */
export const on = (fallback: SwitchboardDb, trx: unknown): Db => inboxTables((trx as SwitchboardDb | undefined) ?? fallback);

/** The port's own handle seen through the inbox's tables. */
export const inboxView = (handle: SwitchboardDb): Db => inboxTables(handle);
