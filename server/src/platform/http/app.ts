import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { LogController, type FastifyInstance, type FastifyBaseLogger } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { ErrorBody, ErrorCode } from '@switchboard/contract/errors';
import type { Logger } from '../logger.ts';
import { registerCors } from './cors.ts';
import { clientDataError } from './database-errors.ts';
import { HttpError, badRequest } from './errors.ts';
import { findNul } from './schema.ts';
import { registerSecurityHeaders } from './security-headers.ts';
import { fastifyTrustProxy, type TrustProxy } from '../trust-proxy.ts';

export type HttpApp = FastifyInstance<
  import('node:http').Server,
  import('node:http').IncomingMessage,
  import('node:http').ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface HttpAppOptions {
  logger: Logger;
  version: string;
  /** Largest request body accepted, in bytes. */
  bodyLimit?: number;
  /** PUBLIC_URL: HSTS is sent when it is https. */
  publicUrl?: string;
  /** CORS_ALLOWED_ORIGINS: sites whose scripts may call the API with a token. */
  corsAllowedOrigins?: readonly string[];
  /** FRAME_ANCESTORS: who may frame the pages; nobody when unset. */
  frameAncestors?: string;
  /** Whom to believe X-Forwarded-For from (TRUST_PROXY); nobody by default. */
  trustProxy?: TrustProxy;
}

/** Fastify with zod schemas, cookies, OpenAPI at /docs and one error shape: `{ error: { code, message } }`. */
export async function createHttpApp(options: HttpAppOptions): Promise<HttpApp> {
  const app = Fastify({
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- pins Fastify's logger type parameter
    loggerInstance: options.logger as FastifyBaseLogger,
    // Request lines would carry tokens in paths such as /api/webhook/bot/<token>; routes log what matters.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimit ?? 1_048_576,
    trustProxy: fastifyTrustProxy(options.trustProxy),
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerSecurityHeaders(app, { publicUrl: options.publicUrl, frameAncestors: options.frameAncestors });
  await registerCors(app, options.corsAllowedOrigins ?? []);
  await app.register(fastifyCookie);
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Switchboard API', version: options.version },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'sb_session' },
          token: { type: 'apiKey', in: 'header', name: 'Authorization', description: 'Token <token> or Bearer <token>' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  // PostgreSQL cannot store NUL in text: refuse it in any field of any route before a query can fail on it.
  app.addHook('preValidation', async (request) => {
    // Static files (the web app, Swagger UI) never reach the database; their own lookup answers 404.
    if (request.routeOptions.url?.endsWith('*')) return;
    // Messengers' webhooks are journaled as raw text and cleaned only where they reach the inbox: refusing a NUL
    // there would make the messenger redeliver the update for ever (a stalled intake).
    if (request.routeOptions.url?.startsWith('/webhooks/') || request.routeOptions.url?.startsWith('/api/webhook/')) return;
    for (const [part, value] of [
      ['query', request.query],
      ['params', request.params],
      ['body', request.body],
    ] as const) {
      const where = findNul(value);
      if (where)
        throw badRequest(`Invalid request ${part}.${where}: must not contain the NUL character (\\u0000); remove it.`, 'invalid_input');
    }
  });

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string; validation?: unknown }, request, reply) => {
    if (error instanceof HttpError) {
      if ('retryAfter' in error) reply.header('retry-after', String(error.retryAfter));
      return reply.status(error.statusCode).send(errorBody(error.code, error.message));
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details = error.validation.map((issue) => {
        const where = issue.instancePath ? issue.instancePath.slice(1).replaceAll('/', '.') : error.validationContext;
        return `${where}: ${issue.message}`;
      });
      return reply.status(400).send(errorBody('invalid_input', `Invalid request ${details.join('; ')}`));
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply.status(status).send(errorBody(fastifyErrorCode(error.code, status), clientErrorMessage(error, status)));
    }
    const dataError = clientDataError(error);
    if (dataError) {
      // The route's schema let through a value the database refused: answer 400, and warn so the schema gets fixed.
      request.log.warn({ sqlState: error.code, route: request.routeOptions.url }, 'the database refused a value from the request');
      return reply.status(400).send(errorBody(dataError.code, dataError.message));
    }
    request.log.error({ err: error, req: request }, 'request failed');
    return reply.status(500).send(errorBody('internal', 'Something went wrong on our side; it has been logged.'));
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send(errorBody('not_found', `No route ${request.method} ${request.url.split('?')[0]}.`)),
  );
  return app;
}

/** The one error shape of the API; its codes are listed in the contract package (`@switchboard/contract/errors`). */
export function errorBody(code: ErrorCode, message: string): ErrorBody {
  return { error: { code, message } };
}

function fastifyErrorCode(code: string | undefined, status: number): ErrorCode {
  if (status === 413) return 'payload_too_large';
  if (status === 415) return 'unsupported_media_type';
  if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return 'malformed_json';
  return 'bad_request';
}

function clientErrorMessage(error: Error & { code?: string }, status: number): string {
  if (status === 413) return 'The request body is too large.';
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') return 'The body is not valid JSON.';
  if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return 'The body is empty; send a JSON object.';
  return error.message;
}
