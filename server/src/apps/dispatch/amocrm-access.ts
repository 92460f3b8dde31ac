import type { Kysely } from 'kysely';
import { createAmocrmClient, type AmocrmClient } from './amocrm-client.ts';
import { amocrmConnection, type AmocrmConnection } from './amocrm-connection.ts';
import { createSharedRateBudget } from './amocrm-rate.ts';
import { environmentWithSettings } from './amocrm.settings.ts';
import { createTokenStore, type TokenStore } from './amocrm-tokens.ts';
import type { DispatchContext } from './context.ts';
import type { DispatchTables } from './tables.ts';

export interface AmocrmAccess {
  connection: AmocrmConnection;
  tokens: TokenStore;
  client: AmocrmClient;
}

/**
 * The AmoCRM connection as it stands now (settings over the environment), null when there is none. The
 * token store and client are kept while the connection is unchanged, so concurrent callers share one refresh.
 */
export function createAmocrmAccess(context: DispatchContext, db: Kysely<DispatchTables>): () => Promise<AmocrmAccess | null> {
  const slot = createSharedRateBudget(db);
  let current: { key: string; access: AmocrmAccess } | undefined;
  return async () => {
    const connection = amocrmConnection(environmentWithSettings(context.environment, await context.settings.read()));
    if (!connection) return null;
    const key = JSON.stringify(connection);
    if (current?.key !== key) {
      const tokens = createTokenStore({ db, secretBox: context.secretBox, logger: context.logger, connection });
      current = { key, access: { connection, tokens, client: createAmocrmClient({ connection, tokens, logger: context.logger, slot }) } };
    }
    return current.access;
  };
}
