import qs from 'qs';
import { badRequest, equalsInConstantTime, HttpError, type HttpApp } from '../../platform/index.ts';
import type { DispatchContext } from './context.ts';

export const leadQueue = 'dispatch-lead';
export const contactQueue = 'dispatch-contact';

/** What one AmoCRM lead event asks of us; the deal itself is read fresh from the API when the job runs. */
export interface LeadEventJob {
  leadId: number;
  kind: 'add' | 'update' | 'status' | 'responsible' | 'delete';
  receivedAt: string;
}

/** A contact changed in AmoCRM (its phone, its name): the open jobs of its deals follow. */
export interface ContactEventJob {
  contactId: number;
  receivedAt: string;
}

const leadKinds = ['add', 'update', 'status', 'responsible', 'delete'] as const;
/** A new contact is on no job yet (its deal's event brings it); a deleted one leaves the job as it was. */
const contactKinds = ['update'] as const;
const maxBodyBytes = 1024 * 1024;

/** AmoCRM's PHP-style nested keys (`leads[status][0][id]=…`), parsed by `qs` as PHP would. */
export function parseWebhookBody(body: string): Record<string, unknown> {
  return qs.parse(body, { depth: 8, arrayLimit: 500, parameterLimit: 10_000, allowPrototypes: false });
}

const idsOf = (items: unknown): number[] =>
  Object.values(typeof items === 'object' && items !== null ? items : {}).flatMap((item) => {
    const id = Number((item as { id?: unknown }).id);
    return Number.isSafeInteger(id) && id > 0 ? [id] : [];
  });

/** The lead and contact events of a parsed body; `unknown` lists the sections we do not act on (tasks, companies …). */
export function webhookEventsOf(parsed: Record<string, unknown>): {
  events: Array<{ leadId: number; kind: LeadEventJob['kind'] }>;
  contactIds: number[];
  unknown: string[];
} {
  const events: Array<{ leadId: number; kind: LeadEventJob['kind'] }> = [];
  const contactIds: number[] = [];
  const unknown: string[] = [];
  for (const [section, value] of Object.entries(parsed)) {
    if (section === 'account') continue;
    const kinds = section === 'leads' ? leadKinds : section === 'contacts' ? contactKinds : null;
    if (!kinds || typeof value !== 'object' || value === null) {
      unknown.push(section);
      continue;
    }
    for (const [kind, items] of Object.entries(value)) {
      if (!(kinds as readonly string[]).includes(kind)) unknown.push(`${section}[${kind}]`);
      else if (section === 'contacts') contactIds.push(...idsOf(items));
      else for (const leadId of idsOf(items)) events.push({ leadId, kind: kind as LeadEventJob['kind'] });
    }
  }
  return { events, contactIds: [...new Set(contactIds)], unknown };
}

/**
 * POST /webhook/amocrm (seed 003's path). AmoCRM cannot send custom headers, so the secret rides in the
 * registered URL (`?secret=`); `X-Webhook-Secret` works too. The answer comes at once (AmoCRM waits 2 s
 * and switches off a hook that keeps failing); the work runs from pg-boss's durable queue.
 */
export function registerWebhookRoute(app: HttpApp, context: DispatchContext, secret: string | undefined): void {
  void app.register(async (scope) => {
    // Form bodies only here: the rest of the API keeps JSON.
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: maxBodyBytes },
      (_request, body, done) => {
        try {
          done(null, parseWebhookBody(String(body)));
        } catch {
          done(badRequest('The body is not application/x-www-form-urlencoded as AmoCRM sends it.'), undefined);
        }
      },
    );
    scope.post(
      '/webhook/amocrm',
      {
        config: { access: 'public' },
        schema: { tags: ['dispatch'], summary: "AmoCRM's webhook (seed 003): deals become measurement jobs", hide: false },
      },
      async (request, reply) => {
        const query = request.query as Record<string, unknown>;
        const given = (typeof query.secret === 'string' ? query.secret : undefined) ?? request.headers['x-webhook-secret'];
        if (!secret)
          throw new HttpError(
            401,
            'wrong_secret',
            'This server has no AMOCRM_WEBHOOK_SECRET: set it and register the hook as /webhook/amocrm?secret=<it>.',
          );
        if (typeof given !== 'string' || !equalsInConstantTime(given, secret))
          throw new HttpError(
            401,
            'wrong_secret',
            'Wrong or missing webhook secret: register the hook at AmoCRM as /webhook/amocrm?secret=<AMOCRM_WEBHOOK_SECRET>.',
          );
        if (!String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded'))
          throw new HttpError(
            415,
            'unsupported_media_type',
            'AmoCRM webhooks are application/x-www-form-urlencoded; send the form body AmoCRM sends.',
          );
        const body = request.body as Record<string, unknown> | undefined;
        // AmoCRM's bodies are all nested keys (leads[add][0][id]); a form without any is not one of them.
        if (!body || !Object.values(body).some((value) => typeof value === 'object' && value !== null))
          throw badRequest(
            'Expected an AmoCRM webhook: a form body with nested keys such as leads[add][0][id]=… or contacts[update][0][id]=….',
          );
        const { events, contactIds, unknown } = webhookEventsOf(body);
        if (unknown.length > 0) context.logger.info({ sections: unknown }, 'AmoCRM webhook sections dispatch does not act on; ignored');
        const receivedAt = new Date().toISOString();
        for (const event of events) await context.jobs.send(leadQueue, { ...event, receivedAt } satisfies LeadEventJob);
        for (const contactId of contactIds) await context.jobs.send(contactQueue, { contactId, receivedAt } satisfies ContactEventJob);
        return reply.code(200).send({ ok: true, queued: events.length + contactIds.length });
      },
    );
  });
}
