// The handle the inbox's app ports query with: an app's transaction (opaque to it) is a transaction on the one
// database, read with the inbox's own table types.
import type { AnyDb } from '../platform/index.ts';
import type { InboxDb } from './tables.ts';

export type Db = InboxDb;

export const on = (fallback: AnyDb, trx: unknown): Db => (trx ?? fallback) as Db;
