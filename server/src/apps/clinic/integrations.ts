// Integrations: callers of /api/bot/* that are not staff. Each is a named Bearer secret an admin
// created (or registered: the seed's TELEGRAM_BOT_API_SECRET), stored as its SHA-256; a caller kind
// of its own ('clinic_integration'), so audit says which integration did what, and each has a rate limit.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import {
  conflict,
  createRandomToken,
  currentPrincipal,
  currentUser,
  hashToken,
  HttpError,
  notFound,
  registerPrincipalResolver,
  type HttpApp,
} from '../../platform/index.ts';
import type { ClinicTables } from './tables.ts';

export const integrationKind = 'clinic_integration';
/** Requests per integration per minute. */
const perMinute = 600;

/** The integration that stands for the environment's TELEGRAM_BOT_API_SECRET (seed 004's one shared secret). */
export const environmentIntegrationName = 'TELEGRAM_BOT_API_SECRET';

export function registerIntegrations(app: HttpApp, db: Kysely<ClinicTables>, clock: () => Date, environmentSecret?: string) {
  const windows = new Map<number, { minute: number; count: number }>();
  let registered: Promise<void> | undefined;

  /** Keeps the environment's secret as a named integration (its hash only): a changed value replaces the old one. */
  async function registerEnvironmentSecret(): Promise<void> {
    if (!environmentSecret) return;
    const tokenHash = hashToken(environmentSecret);
    const found = await db.selectFrom('clinic_integrations').selectAll().where('name', '=', environmentIntegrationName).executeTakeFirst();
    if (!found)
      await db
        .insertInto('clinic_integrations')
        .values({ name: environmentIntegrationName, token_hash: tokenHash })
        .onConflict((oc) => oc.doNothing())
        .execute();
    else if (found.token_hash !== tokenHash)
      await db.updateTable('clinic_integrations').set({ token_hash: tokenHash, revoked_at: null }).where('id', '=', found.id).execute();
  }

  registerPrincipalResolver(app, {
    kind: integrationKind,
    async resolve(request) {
      const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
      if (!match) return null;
      registered ??= registerEnvironmentSecret().catch((error: unknown) => {
        registered = undefined;
        throw error;
      });
      await registered;
      const found = await db
        .selectFrom('clinic_integrations')
        .select('id')
        .where('token_hash', '=', hashToken(match[1]!))
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (!found) return null;
      const minute = Math.floor(clock().getTime() / 60_000);
      const window = windows.get(found.id);
      if (window && window.minute === minute && window.count >= perMinute)
        throw new HttpError(
          429,
          'too_many_attempts',
          `This integration made more than ${perMinute} requests this minute; wait for the next one.`,
        );
      windows.set(found.id, window && window.minute === minute ? { minute, count: window.count + 1 } : { minute, count: 1 });
      return { id: found.id, via: 'token' };
    },
  });

  const tags = ['clinic integrations'];
  app.get(
    '/api/clinic/integrations',
    { config: { access: 'admin' }, schema: { tags, summary: 'Integrations that may call /api/bot/*' } },
    async () => ({
      results: await db.selectFrom('clinic_integrations').select(['id', 'name', 'created_at', 'revoked_at']).orderBy('id').execute(),
    }),
  );

  app.post(
    '/api/clinic/integrations',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Create an integration; its secret is shown once (or register an existing secret such as TELEGRAM_BOT_API_SECRET)',
        body: z.object({
          name: z.string().trim().min(1).max(100),
          secret: z.string().min(32).max(200).regex(/^\S+$/, 'no spaces').optional(),
        }),
      },
    },
    async (request, reply) => {
      const secret = request.body.secret ?? createRandomToken();
      const row = await db
        .insertInto('clinic_integrations')
        .values({ name: request.body.name, token_hash: hashToken(secret), created_by: currentUser(request).id })
        .onConflict((oc) => oc.doNothing())
        .returning(['id', 'name', 'created_at'])
        .executeTakeFirst();
      if (!row) throw conflict('An integration with this name or secret exists; choose another name, or revoke the old one first.');
      reply.status(201);
      return { ...row, secret };
    },
  );

  app.delete(
    '/api/clinic/integrations/:id',
    {
      config: { access: 'admin' },
      schema: { tags, summary: 'Revoke an integration', params: z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) }) },
    },
    async (request, reply) => {
      const result = await db
        .updateTable('clinic_integrations')
        .set({ revoked_at: clock() })
        .where('id', '=', request.params.id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) throw notFound(`Integration ${request.params.id}`);
      reply.status(204);
    },
  );

  return {
    /** Records what an integration changed. */
    async audit(request: Parameters<typeof currentPrincipal>[0], action: string, details: object) {
      await db
        .insertInto('clinic_audit')
        .values({ actor: `integration:${currentPrincipal(request).id}`, action, details: JSON.stringify(details) })
        .execute();
    },
  };
}
