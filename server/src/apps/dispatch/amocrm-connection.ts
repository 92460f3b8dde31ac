// Where AmoCRM is and how we authenticate to it, from the environment (seed 003's variables).

export interface AmocrmConnection {
  /** https://{subdomain}.amocrm.ru, or AMOCRM_BASE_URL (tests, staging). */
  baseUrl: string;
  clientId?: string;
  clientSecret?: string;
  redirectUri?: string;
  /** The first refresh token (from the environment); after its first use the database holds the current one. */
  refreshToken?: string;
  /** A private integration's long-lived token: used as is, never refreshed. */
  longLivedToken?: string;
}

export type AmocrmEnvironment = Readonly<Record<string, string | undefined>>;

/** Null when AmoCRM is not configured: webhooks still queue, and the jobs wait for it. */
export function amocrmConnection(environment: AmocrmEnvironment): AmocrmConnection | null {
  const subdomain = environment.AMOCRM_SUBDOMAIN;
  const baseUrl = environment.AMOCRM_BASE_URL?.replace(/\/+$/, '') ?? (subdomain ? `https://${subdomain}.amocrm.ru` : undefined);
  if (!baseUrl) return null;
  return {
    baseUrl,
    clientId: environment.AMOCRM_CLIENT_ID,
    clientSecret: environment.AMOCRM_CLIENT_SECRET,
    redirectUri: environment.AMOCRM_REDIRECT_URI,
    refreshToken: environment.AMOCRM_REFRESH_TOKEN,
    longLivedToken: environment.AMOCRM_ACCESS_TOKEN,
  };
}

/** seed 003's WEBHOOK_SECRET is accepted as the alias of AMOCRM_WEBHOOK_SECRET. */
export const webhookSecretOf = (environment: AmocrmEnvironment): string | undefined =>
  environment.AMOCRM_WEBHOOK_SECRET ?? environment.WEBHOOK_SECRET;

/** The link an admin opens to (re-)authorise the integration at AmoCRM. */
export function authorizationUrl(connection: AmocrmConnection, state: string): string | undefined {
  if (!connection.clientId) return undefined;
  const url = new URL('https://www.amocrm.ru/oauth');
  url.searchParams.set('client_id', connection.clientId);
  url.searchParams.set('state', state);
  url.searchParams.set('mode', 'post_message');
  return url.toString();
}
