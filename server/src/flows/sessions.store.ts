// flow_sessions: a running wizard per conversation. Writes name the version
// they read, so two instances (or a retried update) never both advance a step.
import { sql, type Selectable } from 'kysely';
import type { Db } from '../platform/index.ts';
import type { FlowLanguage } from './app-flows.ts';
import { flowTables, type FlowTables } from './tables.ts';

export interface FlowSession {
  conversationId: number;
  channelId: number;
  chatId: string;
  topicId: string;
  app: string;
  flow: string;
  step: string;
  data: unknown;
  language: FlowLanguage;
  version: number;
  startedAt: Date;
  updatedAt: Date;
  expiresAt: Date;
  pausedBy: number | null;
  pausedAt: Date | null;
}

const tables = flowTables;
type Row = Selectable<FlowTables['flow_sessions']>;

function toSession(row: Row): FlowSession {
  return {
    conversationId: row.conversation_id,
    channelId: row.channel_id,
    chatId: row.chat_id,
    topicId: row.topic_id,
    app: row.app,
    flow: row.flow,
    step: row.step,
    data: row.data,
    language: row.language as FlowLanguage,
    version: row.version,
    startedAt: row.started_at,
    updatedAt: row.updated_at,
    expiresAt: row.expires_at,
    pausedBy: row.paused_by,
    pausedAt: row.paused_at,
  };
}

export async function findSession(db: Db, conversationId: number): Promise<FlowSession | null> {
  const row = await tables(db).selectFrom('flow_sessions').selectAll().where('conversation_id', '=', conversationId).executeTakeFirst();
  return row ? toSession(row) : null;
}

type Chat = { channelId: number; chatId: string; topicId: string };
type ConversationSession = { conversationId: number; session: FlowSession | null };

/** A chat's key in the maps findConversationSessions answers with. */
export const flowChatKey = (chat: Chat) => `${chat.channelId}\u0000${chat.chatId}\u0000${chat.topicId}`;

/**
 * The conversation of a chat and the wizard running in it, in one query: the
 * runtime's first read of each event (a retry after a conflict reads the session again).
 */
export async function findConversationSession(db: Db, chat: Chat): Promise<ConversationSession | null> {
  return (await findConversationSessions(db, [chat])).get(flowChatKey(chat)) ?? null;
}

/** findConversationSession for many chats in one query, by flowChatKey (a chat without a conversation is absent). */
export async function findConversationSessions(db: Db, chats: Chat[]): Promise<Map<string, ConversationSession>> {
  const rows = await tables(db)
    .selectFrom('conversations as c')
    .leftJoin('flow_sessions as s', 's.conversation_id', 'c.id')
    .selectAll('s')
    .select([
      'c.id as chat_conversation_id',
      'c.channel_id as chat_channel_id',
      'c.external_chat_id as chat_external_id',
      'c.topic_id as chat_topic_id',
    ])
    .where(
      sql<boolean>`(c.channel_id, c.external_chat_id, c.topic_id) IN (SELECT * FROM unnest(${chats.map((chat) => chat.channelId)}::int[], ${chats.map((chat) => chat.chatId)}::text[], ${chats.map((chat) => chat.topicId)}::text[]))`,
    )
    .execute();
  const found = new Map<string, ConversationSession>();
  for (const {
    chat_conversation_id: conversationId,
    chat_channel_id: channelId,
    chat_external_id: chatId,
    chat_topic_id: topicId,
    ...session
  } of rows)
    // The left join's columns are all null exactly when no wizard runs (conversation_id is the session's key).
    found.set(flowChatKey({ channelId, chatId, topicId }), {
      conversationId,
      session: session.conversation_id === null ? null : toSession(session as Row),
    });
  return found;
}

/** Starts a wizard, replacing any other that ran in the conversation. */
export async function startSession(db: Db, session: Omit<FlowSession, 'version' | 'pausedBy' | 'pausedAt'>): Promise<FlowSession> {
  const values = {
    conversation_id: session.conversationId,
    channel_id: session.channelId,
    chat_id: session.chatId,
    topic_id: session.topicId,
    app: session.app,
    flow: session.flow,
    step: session.step,
    data: JSON.stringify(session.data ?? {}),
    language: session.language,
    started_at: session.startedAt,
    updated_at: session.updatedAt,
    expires_at: session.expiresAt,
  };
  const row = await tables(db)
    .insertInto('flow_sessions')
    .values(values)
    .onConflict((conflict) =>
      conflict
        .column('conversation_id')
        .doUpdateSet({ ...values, version: sql<number>`flow_sessions.version + 1`, paused_by: null, paused_at: null }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  return toSession(row);
}

/** Moves a session on if nobody else did since `version` was read; false when someone did. */
export async function advanceSession(
  db: Db,
  session: FlowSession,
  patch: { step: string; data: unknown; now: Date; expiresAt: Date },
): Promise<boolean> {
  const result = await tables(db)
    .updateTable('flow_sessions')
    .set({
      step: patch.step,
      data: JSON.stringify(patch.data ?? {}),
      updated_at: patch.now,
      expires_at: patch.expiresAt,
      version: session.version + 1,
    })
    .where('conversation_id', '=', session.conversationId)
    .where('version', '=', session.version)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Ends a session if it is still the one read; false when it changed meanwhile. */
export async function endSession(db: Db, session: FlowSession): Promise<boolean> {
  const result = await tables(db)
    .deleteFrom('flow_sessions')
    .where('conversation_id', '=', session.conversationId)
    .where('version', '=', session.version)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Deletes the sessions idle past their timeout (paused ones wait for their operator) and returns them: one instance gets each. */
export async function takeExpiredSessions(db: Db, now: Date): Promise<FlowSession[]> {
  const rows = await tables(db)
    .deleteFrom('flow_sessions')
    .where('expires_at', '<=', now)
    .where('paused_at', 'is', null)
    .returningAll()
    .execute();
  return rows.map((row) => toSession(row));
}

export async function pauseSession(db: Db, conversationId: number, staffId: number, now: Date): Promise<FlowSession | null> {
  const row = await tables(db)
    .updateTable('flow_sessions')
    .set({ paused_by: staffId, paused_at: now, version: sql<number>`version + 1` })
    .where('conversation_id', '=', conversationId)
    .returningAll()
    .executeTakeFirst();
  return row ? toSession(row) : null;
}

export async function resumeSession(db: Db, conversationId: number, now: Date, expiresAt: Date): Promise<FlowSession | null> {
  const row = await tables(db)
    .updateTable('flow_sessions')
    .set({ paused_by: null, paused_at: null, updated_at: now, expires_at: expiresAt, version: sql<number>`version + 1` })
    .where('conversation_id', '=', conversationId)
    .returningAll()
    .executeTakeFirst();
  return row ? toSession(row) : null;
}
