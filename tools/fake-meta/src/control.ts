// The control surface tests drive: seed numbers, accounts, templates and media; open service
// windows; read what was sent; move the clock; arm faults; build, sign and send webhooks.
// Over HTTP every method is POST /__control/<name> with its single argument as the JSON body.
import { createHash } from 'node:crypto';
import type { FakeClock } from './clock.ts';
import type { FaultBox, FaultRule } from './faults.ts';
import { issueInstagramToken } from './instagram-routes.ts';
import { instagramPayload } from './instagram-webhooks.ts';
import {
  newGraphId,
  newToken,
  toWaId,
  windowKey,
  type MetaWorld,
  type InstagramUser,
  type PhoneNumber,
  type SentMessage,
  type Template,
  type TemplateStatus,
} from './meta-world.ts';
import { filterRequests, type RecordedRequest, type RequestFilter } from './request-log.ts';
import type { SendLimiter, SendLimits } from './send-limits.ts';
import type { StatusDispatcher, WebhookTarget } from './status-webhooks.ts';
import { postSignedWebhook, verifySubscription, type SignedWebhookOptions, type WebhookDelivery } from './webhook-sender.ts';
import { whatsappMessagesPayload, whatsappStatusesPayload, type WhatsAppBusiness } from './whatsapp-webhooks.ts';

type Json = Record<string, unknown>;

export interface ControlContext {
  /** A fresh lookaside link for stored media (the server knows its own address). */
  issueMediaUrl: (mediaId: string) => string;
  /** A signed Instagram CDN link for stored media (no token needed, as Instagram's webhook links). */
  issueInstagramCdnUrl: (mediaId: string) => string;
  world: MetaWorld;
  clock: FakeClock;
  faults: FaultBox;
  limiter: SendLimiter;
  log: RecordedRequest[];
  deliveries: WebhookDelivery[];
  statuses: StatusDispatcher;
  whatsapp: { windowErrors: 'async' | 'sync' };
}

export interface TemplateSeed {
  wabaId: string;
  name: string;
  language?: string;
  category?: Template['category'];
  status?: TemplateStatus;
  components?: Array<Record<string, unknown>>;
}

const bySender = (list: SentMessage[], filter: { from?: string; to?: string }): SentMessage[] =>
  list.filter(
    (message) => (filter.from === undefined || message.from === filter.from) && (filter.to === undefined || message.to === filter.to),
  );

export function createControl(context: ControlContext) {
  const { world, clock } = context;
  const business = (phoneNumberId: string): WhatsAppBusiness => {
    const phone = world.phoneNumbers.get(phoneNumberId);
    if (!phone) throw new Error(`no WhatsApp number ${phoneNumberId}; seed it with seedWhatsAppNumber`);
    return { wabaId: phone.wabaId, phoneNumberId: phone.id, displayPhoneNumber: phone.display_phone_number };
  };
  return {
    seedWhatsAppNumber(
      input: {
        id?: string;
        wabaId?: string;
        display_phone_number?: string;
        verified_name?: string;
        messaging_limit?: string;
        accessToken?: string;
        tokenExpiresAt?: number | null;
      } = {},
    ): PhoneNumber {
      const phone: PhoneNumber = {
        id: input.id ?? newGraphId(world),
        wabaId: input.wabaId ?? newGraphId(world),
        display_phone_number: input.display_phone_number ?? '+7 701 555 0100',
        verified_name: input.verified_name ?? 'Switchboard Clinic',
        quality_rating: 'GREEN',
        whatsapp_business_manager_messaging_limit: input.messaging_limit ?? 'TIER_250',
        accessToken: input.accessToken ?? newToken('EAAG'),
      };
      world.phoneNumbers.set(phone.id, phone);
      world.whatsappTokens.set(phone.accessToken, { expiresAt: input.tokenExpiresAt ?? null });
      return phone;
    },
    /** Meta raised (or lowered) the portfolio's messaging limit. */
    setMessagingLimit(input: { phoneNumberId: string; tier: string }): PhoneNumber {
      const phone = world.phoneNumbers.get(input.phoneNumberId);
      if (!phone) throw new Error(`no WhatsApp number ${input.phoneNumberId}; seed it with seedWhatsAppNumber`);
      phone.whatsapp_business_manager_messaging_limit = input.tier;
      return phone;
    },
    seedWhatsAppToken(input: { token?: string; expiresAt?: number | null } = {}): { token: string } {
      const token = input.token ?? newToken('EAAG');
      world.whatsappTokens.set(token, { expiresAt: input.expiresAt ?? null });
      return { token };
    },
    seedTemplate(input: TemplateSeed): Template {
      const template: Template = {
        id: newGraphId(world),
        wabaId: input.wabaId,
        name: input.name,
        language: input.language ?? 'ru',
        category: input.category ?? 'UTILITY',
        status: input.status ?? 'APPROVED',
        components: input.components ?? [{ type: 'BODY', text: 'Здравствуйте, {{1}}!' }],
      };
      world.templates.push(template);
      return template;
    },
    setTemplateStatus(input: { id: string; status: TemplateStatus }): Template {
      const template = world.templates.find((candidate) => candidate.id === input.id);
      if (!template) throw new Error(`no template ${input.id}`);
      template.status = input.status;
      return template;
    },
    /** Media a customer sent (for inbound webhooks); bytes as a Buffer or base64. */
    seedMedia(input: { bytes?: Buffer; base64?: string; mime_type: string; filename?: string }): {
      id: string;
      mime_type: string;
      sha256: string;
      file_size: number;
    } {
      const bytes = input.bytes ?? Buffer.from(input.base64 ?? '', 'base64');
      const id = newGraphId(world);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      world.media.set(id, {
        id,
        bytes,
        mime_type: input.mime_type,
        sha256,
        file_size: bytes.length,
        ...(input.filename ? { filename: input.filename } : {}),
      });
      return { id, mime_type: input.mime_type, sha256, file_size: bytes.length };
    },
    media(id: string): { id: string; mime_type: string; sha256: string; file_size: number; filename?: string; base64: string } | null {
      const media = world.media.get(id);
      if (!media) return null;
      const { bytes, ...rest } = media;
      return { ...rest, base64: bytes.toString('base64') };
    },
    /** Opens (or moves) a service window: the customer last wrote at `at` (ms; now by default). */
    setLastInbound(input: { businessId: string; customerId: string; at?: number }): number {
      const at = input.at ?? clock.now();
      world.lastInbound.set(windowKey(input.businessId, input.customerId), at);
      return at;
    },
    whatsappSent: (filter: { from?: string; to?: string } = {}): SentMessage[] => bySender(world.whatsappSent, filter),
    instagramSent: (filter: { from?: string; to?: string } = {}): SentMessage[] => bySender(world.instagramSent, filter),
    seedInstagramAccount(input: { id?: string; username?: string; name?: string; tokenIssuedAt?: number } = {}) {
      const id = input.id ?? String(17_841_400_000_000_000 + world.instagramAccounts.size);
      const accessToken = issueInstagramToken(context, id, input.tokenIssuedAt);
      const account = { id, username: input.username ?? 'switchboard.clinic', name: input.name ?? 'Switchboard Clinic', accessToken };
      world.instagramAccounts.set(id, account);
      return account;
    },
    /** A customer Instagram accounts can look up by id (name and username); ids are IGSIDs. */
    seedInstagramUser(input: { id?: string; username: string; name?: string }): InstagramUser {
      const user = {
        id: input.id ?? String(1_200_000_000_000_000 + world.instagramUsers.size),
        username: input.username,
        name: input.name ?? '',
      };
      world.instagramUsers.set(user.id, user);
      return user;
    },
    /** A customer's file as an Instagram webhook links it: a signed CDN URL anyone holding it may GET. */
    seedInstagramMedia(input: { bytes?: Buffer; base64?: string; mime_type: string }): { id: string; url: string } {
      const bytes = input.bytes ?? Buffer.from(input.base64 ?? '', 'base64');
      const id = newGraphId(world);
      world.media.set(id, {
        id,
        bytes,
        mime_type: input.mime_type,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        file_size: bytes.length,
      });
      return { id, url: context.issueInstagramCdnUrl(id) };
    },
    issueInstagramToken(input: { accountId: string; issuedAt?: number }): { access_token: string; expires_at: number } {
      const token = issueInstagramToken(context, input.accountId, input.issuedAt);
      return { access_token: token, expires_at: world.instagramTokens.get(token)!.expiresAt };
    },
    requests: (filter: RequestFilter = {}): RecordedRequest[] => filterRequests(context.log, filter),
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
    setSendLimits(input: Partial<SendLimits>): SendLimits {
      Object.assign(context.limiter.limits, input);
      context.limiter.reset();
      return { ...context.limiter.limits };
    },
    injectFault(rule: FaultRule): void {
      context.faults.add(rule);
    },
    clearFaults(): void {
      context.faults.clear();
    },
    /** A webhook body of inbound messages; each sender's service window opens now, as on Meta. */
    whatsappInbound(input: { phoneNumberId: string; senders: Array<{ name: string; wa_id: string }>; messages: Json[] }): Json {
      const target = business(input.phoneNumberId);
      const messages = input.messages.map((item) => {
        if (typeof item.from === 'string') world.lastInbound.set(windowKey(target.phoneNumberId, toWaId(item.from)), clock.now());
        const media = typeof item.type === 'string' ? (item[item.type] as Json | undefined) : undefined;
        if (!media || typeof media.id !== 'string' || media.url !== undefined || !world.media.has(media.id)) return item;
        return { ...item, [item.type as string]: { ...media, url: context.issueMediaUrl(media.id) } };
      });
      return whatsappMessagesPayload(target, input.senders, messages);
    },
    whatsappStatuses: (input: { phoneNumberId: string; statuses: Json[] }): Json =>
      whatsappStatusesPayload(business(input.phoneNumberId), input.statuses),
    /** An Instagram webhook body; customers' messages and reactions (not echoes) open their window. */
    instagramInbound(input: { accountId: string; events: Json[] }): Json {
      for (const event of input.events) {
        const sender = (event.sender as { id?: string } | undefined)?.id;
        const echo = (event.message as { is_echo?: boolean } | undefined)?.is_echo === true;
        if (sender && sender !== input.accountId && !echo && (event.message || event.reaction)) {
          world.lastInbound.set(windowKey(input.accountId, sender), clock.now());
        }
      }
      return instagramPayload(input.accountId, input.events, clock.now());
    },
    async sendWebhook(options: SignedWebhookOptions): Promise<WebhookDelivery> {
      const delivery = await postSignedWebhook(options);
      context.deliveries.push(delivery);
      return delivery;
    },
    /** Where status webhooks go (signed with appSecret); null queues them for takeStatusWebhooks. */
    setStatusWebhookTarget(target: WebhookTarget | null): void {
      context.statuses.target = target;
    },
    /** Queued status webhook bodies (sent/delivered per accepted message, failed with 131047 outside the window). */
    takeStatusWebhooks: (filter: { phoneNumberId?: string } = {}): Json[] => context.statuses.take(filter.phoneNumberId),
    /** Resolves once every status POST to the target has been answered. */
    statusWebhooksSettled: (): Promise<void> => context.statuses.settled(),
    setWhatsAppWindowErrors(mode: 'async' | 'sync'): void {
      context.whatsapp.windowErrors = mode;
    },
    verifySubscription: (options: { url: string; verifyToken: string; challenge?: string; mode?: string }) => verifySubscription(options),
    webhookDeliveries: (): WebhookDelivery[] => [...context.deliveries],
  };
}

export type FakeMetaControl = ReturnType<typeof createControl>;
export type ControlMethod = keyof FakeMetaControl;
