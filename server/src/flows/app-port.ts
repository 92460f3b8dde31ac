// The flow runtime's side of the apps' conversations port: where a conversation's bot flow stands.
import type { Db } from '../platform/index.ts';
import { flowTables } from './tables.ts';

export function createFlowStateReader(handle: Db) {
  const db = flowTables(handle);
  return async (conversationId: number) => {
    const row = await db
      .selectFrom('flow_sessions')
      .select(['app', 'flow', 'step', 'paused_at', 'expires_at'])
      .where('conversation_id', '=', conversationId)
      .orderBy('updated_at', 'desc')
      .executeTakeFirst();
    return row ? { app: row.app, flow: row.flow, step: row.step, paused: row.paused_at !== null, expires_at: row.expires_at } : null;
  };
}
