import { errorResponse, newTokenBody, passwordChangeBody, tokenInfo } from '@switchboard/contract';
import { z } from 'zod';
import type { HttpApp } from '../http/app.ts';
import { unprocessable } from '../http/errors.ts';
import { currentUser, sessionCookie } from './auth.plugin.ts';
import type { Auth } from './auth.service.ts';

/** The signed-in user's own API tokens, and changing their own password. */
export function registerTokenRoutes(app: HttpApp, auth: Auth): void {
  const tags = ['auth'];

  app.get(
    '/api/tokens',
    {
      schema: {
        tags,
        summary: 'Your API tokens: name, created, last used, expiry (never the token itself)',
        response: { 200: z.object({ results: z.array(tokenInfo), next_cursor: z.null() }) },
      },
    },
    async (request) => ({ results: await auth.apiTokens.list(currentUser(request).id), next_cursor: null }),
  );

  app.post(
    '/api/tokens',
    {
      schema: {
        tags,
        summary: 'Create an API token; its value is in this answer only (only its hash is stored)',
        body: newTokenBody,
        response: { 201: tokenInfo.extend({ token: z.string() }), 422: errorResponse },
      },
    },
    async (request, reply) => {
      const expiresAt = request.body.expires_at ? new Date(request.body.expires_at) : null;
      if (expiresAt && expiresAt.getTime() <= Date.now())
        throw unprocessable(
          '"expires_at" is in the past: pick a future date, or leave it out for a token that does not expire.',
          'expiry_in_past',
        );
      return reply.status(201).send(await auth.apiTokens.create(currentUser(request).id, { name: request.body.name, expiresAt }));
    },
  );

  app.delete(
    '/api/tokens/:id',
    {
      schema: {
        tags,
        summary: 'Revoke an API token at once; WebSockets opened with it close',
        params: z.object({ id: z.coerce.number().int().positive() }),
      },
    },
    async (request, reply) => {
      await auth.apiTokens.revoke(currentUser(request).id, request.params.id);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/auth/password',
    {
      schema: {
        tags,
        summary: 'Change your password; your other sessions end, and your API tokens are revoked unless keep_tokens is true',
        body: passwordChangeBody,
        response: { 200: z.object({ ok: z.literal(true) }), 403: errorResponse },
      },
    },
    async (request) => {
      const { current_password: current, new_password: next, keep_tokens: keepTokens } = request.body;
      const currentSessionToken = request.auth?.via === 'session' ? request.cookies[sessionCookie] : undefined;
      await auth.changePassword(currentUser(request).id, { current, next, keepTokens, currentSessionToken });
      return { ok: true as const };
    },
  );
}
