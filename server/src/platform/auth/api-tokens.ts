import type { Kysely } from 'kysely';
import { createRandomToken, hashToken } from '../crypto.ts';
import { platformTables, type PlatformTables } from '../db/tables.ts';
import { notFound } from '../http/errors.ts';

/** What `POST /api/api-token-auth/` issues when the caller names no lifetime (it never asked for one). */
export const defaultTokenLifetimeMs = 90 * 24 * 3600 * 1000;

export interface ApiTokenInfo {
  id: number;
  name: string;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
}

function serialize(row: { id: number; name: string; created_at: Date; last_used_at: Date | null; expires_at: Date | null }): ApiTokenInfo {
  return {
    id: row.id,
    name: row.name,
    created_at: row.created_at.toISOString(),
    last_used_at: row.last_used_at?.toISOString() ?? null,
    expires_at: row.expires_at?.toISOString() ?? null,
  };
}

const columns = ['id', 'name', 'created_at', 'last_used_at', 'expires_at'] as const;

/** A user's API tokens. Only the SHA-256 of a token is stored: its value is shown once, when it is created. */
export function createApiTokens<DB extends PlatformTables>(handle: Kysely<DB>) {
  const db = platformTables(handle);
  return {
    async create(userId: number, input: { name: string; expiresAt: Date | null }): Promise<ApiTokenInfo & { token: string }> {
      const token = createRandomToken();
      const row = await db
        .insertInto('api_tokens')
        .values({ token_hash: hashToken(token), user_id: userId, name: input.name, expires_at: input.expiresAt })
        .returning(columns)
        .executeTakeFirstOrThrow();
      return { ...serialize(row), token };
    },

    async list(userId: number): Promise<ApiTokenInfo[]> {
      const rows = await db.selectFrom('api_tokens').select(columns).where('user_id', '=', userId).orderBy('id', 'desc').execute();
      return rows.map(serialize);
    },

    /** Deleting the row is the revocation: the change notification empties every instance's cache and closes its sockets. */
    async revoke(userId: number, tokenId: number): Promise<void> {
      const removed = await db.deleteFrom('api_tokens').where('id', '=', tokenId).where('user_id', '=', userId).executeTakeFirst();
      if (Number(removed.numDeletedRows) === 0) throw notFound(`API token ${tokenId}`);
    },
  };
}

export type ApiTokens = ReturnType<typeof createApiTokens>;
