import fastifyCors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';

/**
 * CORS for the origins in CORS_ALLOWED_ORIGINS (seed 002): scripts on those
 * sites may call the API with a token (Authorization header). Credentials are
 * never allowed cross-origin, so cookie sessions stay same-origin only (the
 * foreign-origin guard refuses them too). No list, no CORS: the default is closed.
 */
export async function registerCors(app: FastifyInstance, allowedOrigins: readonly string[]): Promise<void> {
  if (allowedOrigins.length === 0) return;
  const listed = new Set(allowedOrigins.map(normalizeOrigin));
  await app.register(fastifyCors, {
    origin: (origin, callback) => callback(null, origin !== undefined && listed.has(normalizeOrigin(origin))),
    credentials: false,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'X-Switchboard-As'],
    exposedHeaders: ['Retry-After', 'Content-Disposition'],
    maxAge: 600,
  });
}

/** `https://Example.com:443/` and `https://example.com` are one origin. */
export function normalizeOrigin(origin: string): string {
  try {
    return new URL(origin).origin;
  } catch {
    return origin;
  }
}
