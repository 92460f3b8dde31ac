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
import type { Logger } from '../logger.ts';
import { fastifyTrustProxy, type TrustProxy } from '../trust-proxy.ts';
import { HttpError } from './errors.ts';

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
  /** Whom to believe X-Forwarded-For from (TRUST_PROXY); nobody by default. */
  trustProxy?: TrustProxy;
}

/** Fastify with zod schemas, cookies, OpenAPI at /docs and one error shape: `{ error: { code, message } }`. */
export async function createHttpApp(options: HttpAppOptions): Promise<HttpApp> {
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    // Request lines would carry tokens in paths such as /api/webhook/bot/<token>; routes log what matters.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimit ?? 1_048_576,
    trustProxy: fastifyTrustProxy(options.trustProxy),
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
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

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string; validation?: unknown }, request, reply) => {
    if (error instanceof HttpError) {
      if ('retryAfter' in error) reply.header('retry-after', String(error.retryAfter));
      return reply.status(error.statusCode).send({ error: { code: error.code, message: error.message } });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details = error.validation.map((issue) => {
        const where = issue.instancePath ? issue.instancePath.slice(1).replaceAll('/', '.') : error.validationContext;
        return `${where}: ${issue.message}`;
      });
      return reply.status(400).send({ error: { code: 'invalid_input', message: `Invalid request ${details.join('; ')}` } });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply
        .status(status)
        .send({ error: { code: fastifyErrorCode(error.code, status), message: clientErrorMessage(error, status) } });
    }
    request.log.error({ err: error, req: request }, 'request failed');
    return reply.status(500).send({ error: { code: 'internal', message: 'Something went wrong on our side; it has been logged.' } });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: { code: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}.` } }),
  );
  return app;
}

function fastifyErrorCode(code: string | undefined, status: number): string {
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
