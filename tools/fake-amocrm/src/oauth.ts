// AmoCRM's OAuth 2.0 (POST /oauth2/access_token) and the bearer check in front of the API.
// AmoCRM runs league/oauth2-server: its error hints ("Token has been revoked", "Authorization
// code has expired", …) and statuses (400 for a bad grant, 401 for a bad client or refresh token)
// are that library's, wrapped in AmoCRM's problem JSON (see problem.ts).
import { createHash, randomBytes } from 'node:crypto';
import type { FakeClock } from './clock.ts';
import { AmoProblem, oauthProblem } from './problem.ts';

export interface Integration {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

export interface TokenLifetimes {
  /** AmoCRM: 86 400 s (24 h). */
  accessTokenSeconds: number;
  /** AmoCRM: three months unused. */
  refreshTokenSeconds: number;
  /** AmoCRM: 20 minutes. */
  authorizationCodeSeconds: number;
}

export const DEFAULT_LIFETIMES: TokenLifetimes = {
  accessTokenSeconds: 86_400,
  refreshTokenSeconds: 90 * 86_400,
  authorizationCodeSeconds: 20 * 60,
};

interface AccessGrant {
  clientId: string;
  expiresAt: number;
  revoked: boolean;
  longLived: boolean;
}

interface RefreshGrant {
  clientId: string;
  expiresAt: number;
  used: boolean;
  accessToken: string;
}

interface CodeGrant {
  clientId: string;
  expiresAt: number;
  used: boolean;
}

export interface TokenAnswer {
  token_type: 'Bearer';
  expires_in: number;
  access_token: string;
  refresh_token: string;
}

const base64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

export interface TokenAuthority {
  integration: Integration;
  lifetimes: TokenLifetimes;
  issueAuthorizationCode(): string;
  issueTokens(): TokenAnswer;
  issueLongLivedToken(seconds: number): string;
  exchange(body: Record<string, unknown>): TokenAnswer;
  /** The integration a bearer token belongs to, or null when it is unknown, expired or revoked. */
  authenticate(authorization: string | undefined): string | null;
  revokeAccessToken(token: string): void;
}

export function createTokenAuthority(
  clock: FakeClock,
  integration: Integration,
  lifetimes: TokenLifetimes,
  accountId: number,
): TokenAuthority {
  const accessTokens = new Map<string, AccessGrant>();
  const refreshTokens = new Map<string, RefreshGrant>();
  const codes = new Map<string, CodeGrant>();
  const seconds = (): number => Math.floor(clock.now() / 1000);

  // AmoCRM access tokens are RS256 JWTs; clients never verify them, so the signature here is a hash.
  const mintAccessToken = (lifetime: number, longLived: boolean): string => {
    const iat = seconds();
    const payload = {
      aud: integration.clientId,
      jti: randomBytes(20).toString('hex'),
      iat,
      nbf: iat,
      exp: iat + lifetime,
      sub: '8000001',
      account_id: accountId,
      scopes: ['crm', 'notifications'],
    };
    const unsigned = `${base64url({ typ: 'JWT', alg: 'RS256' })}.${base64url(payload)}`;
    const token = `${unsigned}.${createHash('sha256').update(unsigned).digest('base64url')}`;
    accessTokens.set(token, { clientId: integration.clientId, expiresAt: clock.now() + lifetime * 1000, revoked: false, longLived });
    return token;
  };

  const issueTokens = (): TokenAnswer => {
    const access = mintAccessToken(lifetimes.accessTokenSeconds, false);
    const refresh = `def50200${randomBytes(48).toString('hex')}`;
    refreshTokens.set(refresh, {
      clientId: integration.clientId,
      expiresAt: clock.now() + lifetimes.refreshTokenSeconds * 1000,
      used: false,
      accessToken: access,
    });
    return { token_type: 'Bearer', expires_in: lifetimes.accessTokenSeconds, access_token: access, refresh_token: refresh };
  };

  const requireString = (body: Record<string, unknown>, name: string): string => {
    const value = body[name];
    if (typeof value !== 'string' || value === '') throw oauthProblem(400, `Check the \`${name}\` parameter`);
    return value;
  };

  const checkClient = (body: Record<string, unknown>): void => {
    const clientId = requireString(body, 'client_id');
    const secret = body.client_secret;
    if (clientId !== integration.clientId || secret !== integration.clientSecret) throw oauthProblem(401, 'Client authentication failed');
    if (body.redirect_uri !== integration.redirectUri) throw oauthProblem(401, 'Client authentication failed');
  };

  const exchangeCode = (body: Record<string, unknown>): TokenAnswer => {
    const code = requireString(body, 'code');
    const grant = codes.get(code);
    if (!grant) throw oauthProblem(400, 'Cannot decrypt the authorization code');
    if (grant.clientId !== integration.clientId) throw oauthProblem(400, 'Authorization code was not issued to this client');
    if (grant.expiresAt <= clock.now()) throw oauthProblem(400, 'Authorization code has expired');
    if (grant.used) throw oauthProblem(400, 'Authorization code has been revoked');
    grant.used = true;
    return issueTokens();
  };

  const exchangeRefresh = (body: Record<string, unknown>): TokenAnswer => {
    const token = requireString(body, 'refresh_token');
    const grant = refreshTokens.get(token);
    if (!grant) throw oauthProblem(401, 'Cannot decrypt the refresh token');
    if (grant.clientId !== integration.clientId) throw oauthProblem(401, 'Token is not linked to client');
    if (grant.expiresAt <= clock.now()) throw oauthProblem(401, 'Token has expired');
    if (grant.used) throw oauthProblem(401, 'Token has been revoked');
    // Single use: the old refresh token and the access token issued with it stop working now.
    grant.used = true;
    const previous = accessTokens.get(grant.accessToken);
    if (previous) previous.revoked = true;
    return issueTokens();
  };

  return {
    integration,
    lifetimes,
    issueAuthorizationCode() {
      const code = `def50200${randomBytes(64).toString('hex')}`;
      codes.set(code, { clientId: integration.clientId, expiresAt: clock.now() + lifetimes.authorizationCodeSeconds * 1000, used: false });
      return code;
    },
    issueTokens,
    issueLongLivedToken: (lifetime) => mintAccessToken(lifetime, true),
    exchange(body) {
      const grantType = requireString(body, 'grant_type');
      if (grantType !== 'authorization_code' && grantType !== 'refresh_token') {
        throw new AmoProblem(400, {
          ...oauthProblem(400, 'Check the `grant_type` parameter').body,
          detail: 'The authorization grant type is not supported by the authorization server.',
        });
      }
      checkClient(body);
      return grantType === 'authorization_code' ? exchangeCode(body) : exchangeRefresh(body);
    },
    authenticate(authorization) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
      const grant = match ? accessTokens.get(match[1]!) : undefined;
      if (!grant || grant.revoked || grant.expiresAt <= clock.now()) return null;
      return grant.clientId;
    },
    revokeAccessToken(token) {
      const grant = accessTokens.get(token);
      if (grant) grant.revoked = true;
    },
  };
}
