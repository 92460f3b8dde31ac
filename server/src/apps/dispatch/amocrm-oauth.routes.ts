import { z } from 'zod';
import { badRequest, conflict, HttpError, type HttpApp } from '../../platform/index.ts';
import type { DispatchContext } from './context.ts';
import { authorizationUrl, type AmocrmConnection } from './amocrm-connection.ts';
import { NeedsReauthorization, type TokenStore } from './amocrm-tokens.ts';

/** The OAuth state is sealed with the app secret: a forged or stale callback cannot plant someone else's tokens. */
const stateLifetimeMs = 30 * 60_000;

/**
 * GET /api/dispatch/amocrm: the integration's state and, when it needs one, the link that (re-)authorises
 * it. GET /api/dispatch/amocrm/oauth is the redirect AMOCRM_REDIRECT_URI names: it trades the code for tokens.
 */
export function registerOauthRoutes(
  app: HttpApp,
  options: { context: DispatchContext; connection: AmocrmConnection | null; tokens: TokenStore | null },
) {
  const { context, connection, tokens } = options;
  const tags = ['dispatch'];

  app.get(
    '/api/dispatch/amocrm',
    {
      config: { access: 'admin' },
      schema: { tags, summary: 'The AmoCRM integration: configured, authorised, or needing re-authorisation' },
    },
    async () => {
      if (!connection || !tokens)
        return { configured: false, state: 'unconfigured', authorize_url: null, expires_at: null, last_error: null };
      const status = await tokens.status();
      const state = context.secretBox.encrypt(`amocrm-oauth:${Date.now() + stateLifetimeMs}`);
      return {
        configured: true,
        mode: status.mode,
        state: status.state,
        expires_at: status.expires_at?.toISOString() ?? null,
        last_error: status.last_error,
        authorize_url: status.mode === 'oauth' ? (authorizationUrl(connection, state) ?? null) : null,
      };
    },
  );

  app.get(
    '/api/dispatch/amocrm/oauth',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: "AmoCRM's OAuth redirect (AMOCRM_REDIRECT_URI): exchanges the authorisation code",
        querystring: z.object({
          code: z.string().min(1).max(4096),
          state: z.string().min(1).max(1024),
          referer: z.string().max(512).optional(),
        }),
      },
    },
    async (request) => {
      if (!connection || !tokens)
        throw conflict(
          'AmoCRM is not configured here: set AMOCRM_SUBDOMAIN, AMOCRM_CLIENT_ID and AMOCRM_CLIENT_SECRET.',
          'amocrm_not_configured',
        );
      let until: number;
      try {
        const opened = context.secretBox.decrypt(request.query.state);
        until = opened.startsWith('amocrm-oauth:') ? Number(opened.slice('amocrm-oauth:'.length)) : 0;
      } catch {
        until = 0;
      }
      if (!(until > Date.now()))
        throw badRequest(
          'The state is not one this server issued, or it is older than 30 minutes: start again from GET /api/dispatch/amocrm.',
          'invalid_token',
        );
      try {
        await tokens.exchangeCode(request.query.code);
      } catch (error) {
        if (error instanceof NeedsReauthorization)
          throw new HttpError(422, 'amocrm_refused', `${error.message}. Codes last 20 minutes and work once: authorise again.`);
        throw error;
      }
      return { ok: true, state: 'ok' };
    },
  );
}
