// Meta's webhook endpoint, shared by its products: the GET subscription handshake (hub.verify_token matched
// against the known Meta apps, hub.challenge echoed) and the POST whose X-Hub-Signature-256 is checked on the
// raw bytes against every known app secret before the body is parsed or anything is stored.
import { HttpError, type HttpApp } from '../../platform/index.ts';
import type { MetaAppStore } from './apps.store.ts';
import { signatureHeader } from './signature.ts';

export interface MetaWebhookOptions {
  /** e.g. /webhooks/whatsapp */
  path: string;
  apps: MetaAppStore;
  /** The webhook's `object` (whatsapp_business_account, instagram); other bodies are refused. */
  object: string;
  /** Runs on a verified, parsed body; resolves once it is journaled (Meta is answered after). */
  handle(body: MetaWebhookBody, metaAppId: number): Promise<void>;
  /** Runs lookups ahead of queued work on the embedded engine (the route context's `urgent`). */
  urgent<T>(task: () => Promise<T>): Promise<T>;
}

export interface MetaWebhookBody {
  object: string;
  entry: Array<{ id?: string; changes?: Array<{ field?: string; value?: unknown }>; messaging?: unknown[] }>;
}

export function registerMetaWebhook(app: HttpApp, options: MetaWebhookOptions): void {
  app.register(async (scope) => {
    // The signature is over the bytes Meta sent: keep them, parse only after the check.
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

    scope.get(options.path, { config: { access: 'public' } }, async (request, reply) => {
      const query = request.query as Record<string, unknown>;
      const mode = query['hub.mode'];
      const token = query['hub.verify_token'];
      const challenge = query['hub.challenge'];
      if (mode !== 'subscribe' || typeof token !== 'string' || typeof challenge !== 'string')
        throw new HttpError(
          400,
          'invalid_input',
          'Expected hub.mode=subscribe, hub.verify_token and hub.challenge (Meta’s verification request).',
        );
      const appId = await options.urgent(() => options.apps.appForVerifyToken(token));
      if (appId === null)
        throw new HttpError(
          403,
          'wrong_verify_token',
          'This verify token belongs to no connected Meta app: use the one saved with the account.',
        );
      return reply.type('text/plain').send(challenge);
    });

    scope.post(options.path, { config: { access: 'public' } }, async (request) => {
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const appId = await options.urgent(() => options.apps.appForSignature(raw, request.headers[signatureHeader]));
      if (appId === null)
        throw new HttpError(401, 'wrong_signature', 'X-Hub-Signature-256 is missing or signed with no connected Meta app’s secret.');
      let body: MetaWebhookBody;
      try {
        body = JSON.parse(raw.toString('utf8')) as MetaWebhookBody;
      } catch {
        throw new HttpError(400, 'invalid_input', 'The webhook body is not JSON.');
      }
      if (!body || typeof body !== 'object' || body.object !== options.object || !Array.isArray(body.entry))
        throw new HttpError(400, 'invalid_input', `Expected a webhook with object "${options.object}" and an entry array.`);
      await options.handle(body, appId);
      return { ok: true };
    });
  });
}
