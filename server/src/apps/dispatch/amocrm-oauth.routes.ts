import { amocrmOauthQuery, type AmocrmAuthorized, type AmocrmStatus, type AmocrmTestResult } from '@switchboard/contract';
import { badRequest, conflict, HttpError, type HttpApp } from '../../platform/index.ts';
import type { DispatchContext } from './context.ts';
import type { AmocrmAccess } from './amocrm-access.ts';
import { AmocrmUnavailable } from './amocrm-client.ts';
import { authorizationUrl } from './amocrm-connection.ts';
import { NeedsReauthorization } from './amocrm-tokens.ts';

/** The OAuth state is sealed with the app secret: a forged or stale callback cannot plant someone else's tokens. */
const stateLifetimeMs = 30 * 60_000;

/**
 * GET /api/dispatch/amocrm: the integration's state and, when it needs one, the link that (re-)authorises
 * it. GET /api/dispatch/amocrm/oauth is the redirect AMOCRM_REDIRECT_URI names: it trades the code for tokens.
 * POST /api/dispatch/amocrm/test reads the account with the connection as saved: the settings' "test connection".
 */
export function registerOauthRoutes(app: HttpApp, options: { context: DispatchContext; amocrm: () => Promise<AmocrmAccess | null> }) {
  const { context, amocrm } = options;
  const notConfigured = () =>
    conflict(
      'AmoCRM is not configured here: set the subdomain, client id and client secret in Settings → Apps (or AMOCRM_* variables).',
      'amocrm_not_configured',
    );
  const tags = ['dispatch'];

  app.get(
    '/api/dispatch/amocrm',
    {
      config: { access: 'admin' },
      schema: { tags, summary: 'The AmoCRM integration: configured, authorised, or needing re-authorisation' },
    },
    async (): Promise<AmocrmStatus> => {
      const access = await amocrm();
      if (!access) return { configured: false, state: 'unconfigured', authorize_url: null, expires_at: null, last_error: null };
      const { connection, tokens } = access;
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
        querystring: amocrmOauthQuery,
      },
    },
    async (request): Promise<AmocrmAuthorized> => {
      const access = await amocrm();
      if (!access) throw notConfigured();
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
        await access.tokens.exchangeCode(request.query.code);
      } catch (error) {
        if (error instanceof NeedsReauthorization)
          throw new HttpError(422, 'amocrm_refused', `${error.message}. Codes last 20 minutes and work once: authorise again.`);
        throw error;
      }
      return { ok: true, state: 'ok' };
    },
  );

  app.post(
    '/api/dispatch/amocrm/test',
    {
      config: { access: 'admin' },
      schema: { tags, summary: 'Test the saved AmoCRM connection: reads the account with its credentials' },
    },
    async (): Promise<AmocrmTestResult> => {
      const access = await amocrm();
      if (!access) throw notConfigured();
      try {
        const account = await access.client.getAccount();
        if (!account) throw new AmocrmUnavailable('AmoCRM answered without the account');
        return { ok: true, account: { id: account.id, name: account.name, subdomain: account.subdomain } };
      } catch (error) {
        if (error instanceof NeedsReauthorization)
          throw new HttpError(
            422,
            'amocrm_refused',
            `AmoCRM refused the credentials: ${error.message} Check the secret key or token and save again.`,
          );
        if (error instanceof AmocrmUnavailable)
          throw new HttpError(502, 'amocrm_unreachable', `${error.message}. Check the subdomain (or address) and try again.`);
        throw new HttpError(422, 'amocrm_refused', `AmoCRM did not accept the request: ${(error as Error).message}`);
      }
    },
  );
}
