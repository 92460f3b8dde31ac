// The control surface tests drive: seed the account, read what production code wrote, move the
// clock, arm faults and send webhooks. In-process it is a plain object; over HTTP every method is
// POST /__control/<name> with its single argument as the JSON body.
import type { FakeClock } from './clock.ts';
import type { FaultBox, FaultRule } from './faults.ts';
import type { TokenAnswer, TokenAuthority } from './oauth.ts';
import type { RateLimiter } from './rate-limit.ts';
import { filterRequests, type RecordedRequest, type RequestFilter } from './request-log.ts';
import { seedContact, seedLead, type ContactSeed, type LeadSeed } from './seed.ts';
import {
  buildWebhookForm,
  contactWebhookFields,
  deletedLeadWebhookFields,
  leadWebhookFields,
  type AccountFormat,
  type WebhookEvents,
  type WebhookFields,
} from './webhook-form.ts';
import { postWebhook, type WebhookDelivery } from './webhook-sender.ts';
import {
  addCustomField,
  addPipeline,
  addUser,
  type CustomFieldDefinition,
  type Lead,
  type Note,
  type Pipeline,
  type User,
  type World,
} from './world.ts';

export interface RateLimits {
  /** AmoCRM: 7 requests per second per integration. */
  perIntegration: number;
  /** AmoCRM: 50 requests per second per account. */
  perAccount: number;
  /** The retry_after a 429 carries (Kommo's documented example: 300). */
  retryAfterSeconds: number;
  /** After this many 429s the caller is blocked (403 on everything) until `blocked` is set false; null: never. AmoCRM names no number. */
  blockAfter429s: number | null;
  blocked: boolean;
}

export interface SendWebhookOptions {
  url: string;
  /** Events to encode; or a ready `body` (for malformed-body tests). */
  events?: WebhookEvents;
  body?: string;
  account?: AccountFormat;
  secret?: string;
  secretIn?: 'query' | 'header';
  secretParam?: string;
  secretHeader?: string;
  timeoutMs?: number;
}

export interface ControlContext {
  world: World;
  clock: FakeClock;
  tokens: TokenAuthority;
  faults: FaultBox;
  limiter: RateLimiter;
  limits: RateLimits;
  log: RecordedRequest[];
  deliveries: WebhookDelivery[];
  /** API and OAuth requests being answered right now (slow faults included). */
  inFlight: () => number;
}

function requireLead(world: World, id: number): Lead {
  const lead = world.leads.get(id);
  if (!lead) throw new Error(`no lead ${id}`);
  return lead;
}

export function createControl(context: ControlContext) {
  const { world, clock, tokens } = context;
  return {
    seedUser: (input: { id?: number; name: string; email?: string; lang?: string }): User => addUser(world, input),
    seedPipeline: (input: Parameters<typeof addPipeline>[1]): Pipeline => addPipeline(world, input),
    seedCustomField: (input: Parameters<typeof addCustomField>[1]): CustomFieldDefinition => addCustomField(world, input),
    seedContact: (input: ContactSeed) => seedContact(world, input, clock.now()),
    seedLead: (input: LeadSeed): Lead => seedLead(world, input, clock.now()),
    account: () => ({ ...world.account }),
    pipelines: (): Pipeline[] => [...world.pipelines.values()],
    lead: (id: number): Lead | null => world.leads.get(id) ?? null,
    notes: (filter: { leadId?: number } = {}): Note[] =>
      [...world.notes.values()].filter((note) => filter.leadId === undefined || note.entity_id === filter.leadId),
    /** Changes a lead as a user in AmoCRM would; answers what it was before (for status/responsible webhooks). */
    updateLead(input: { id: number; status_id?: number; pipeline_id?: number; responsible_user_id?: number; name?: string }) {
      const lead = requireLead(world, input.id);
      const before = { status_id: lead.status_id, pipeline_id: lead.pipeline_id, responsible_user_id: lead.responsible_user_id };
      const { id: _id, ...patch } = input;
      Object.assign(lead, patch, { updated_at: Math.floor(clock.now() / 1000) });
      return { lead, before };
    },
    deleteLead(id: number): Lead {
      const lead = requireLead(world, id);
      lead.is_deleted = true;
      return lead;
    },
    requests: (filter: RequestFilter = {}): RecordedRequest[] => filterRequests(context.log, filter),
    /** How many requests the fake is still answering: lets a test wait until a call has arrived. */
    inFlight: (): number => context.inFlight(),
    clearRequests(): void {
      context.log.length = 0;
    },
    now: (): number => clock.now(),
    setClock(input: { now?: number | string; advanceMs?: number; freeze?: boolean }): number {
      if (input.freeze === true) clock.freeze();
      if (input.freeze === false) clock.unfreeze();
      if (input.now !== undefined) clock.set(typeof input.now === 'string' ? Date.parse(input.now) : input.now);
      if (input.advanceMs !== undefined) clock.advance(input.advanceMs);
      return clock.now();
    },
    issueAuthorizationCode: (): { code: string } => ({ code: tokens.issueAuthorizationCode() }),
    issueTokens: (): TokenAnswer => tokens.issueTokens(),
    issueLongLivedToken(input: { seconds?: number } = {}): { access_token: string; expires_at: number } {
      const seconds = input.seconds ?? 5 * 365 * 86_400;
      return { access_token: tokens.issueLongLivedToken(seconds), expires_at: Math.floor(clock.now() / 1000) + seconds };
    },
    revokeAccessToken(input: { token: string }): void {
      tokens.revokeAccessToken(input.token);
    },
    integration: () => ({ ...tokens.integration }),
    setRateLimits(input: Partial<RateLimits>): RateLimits {
      Object.assign(context.limits, input);
      context.limiter.reset();
      return { ...context.limits };
    },
    injectFault(rule: FaultRule): void {
      context.faults.add(rule);
    },
    clearFaults(): void {
      context.faults.clear();
    },
    leadEvent(input: { id: number; extra?: WebhookFields }): WebhookFields {
      return leadWebhookFields(requireLead(world, input.id), input.extra);
    },
    deletedLeadEvent: (input: { id: number }): WebhookFields => deletedLeadWebhookFields(requireLead(world, input.id)),
    contactEvent(input: { id: number; extra?: WebhookFields }): WebhookFields {
      const contact = world.contacts.get(input.id);
      if (!contact) throw new Error(`no contact ${input.id}`);
      return contactWebhookFields(contact, input.extra);
    },
    buildWebhook: (input: { events: WebhookEvents; account?: AccountFormat }): string =>
      buildWebhookForm(input.events, world, input.account ?? 'account-first'),
    async sendWebhook(options: SendWebhookOptions): Promise<WebhookDelivery> {
      const body = options.body ?? buildWebhookForm(options.events ?? {}, world, options.account ?? 'account-first');
      const delivery = await postWebhook({ ...options, body });
      context.deliveries.push(delivery);
      return delivery;
    },
    webhookDeliveries: (): WebhookDelivery[] => [...context.deliveries],
  };
}

export type FakeAmocrmControl = ReturnType<typeof createControl>;
export type ControlMethod = keyof FakeAmocrmControl;
