// What the fake Meta knows: WhatsApp numbers and their business accounts, templates, media,
// Instagram accounts, tokens, each customer's last inbound message (the service window) and
// everything sent.
import { randomBytes } from 'node:crypto';

export interface PhoneNumber {
  id: string;
  wabaId: string;
  display_phone_number: string;
  verified_name: string;
  quality_rating: 'GREEN' | 'YELLOW' | 'RED';
  /**
   * The business portfolio's messaging limit as the Graph API names it (TIER_250, TIER_2K, TIER_10K, TIER_100K,
   * TIER_UNLIMITED; TIER_50 on older numbers): unique customers a business may message outside their service
   * window per moving 24 hours. The fake reports it and does not enforce it: tests count the recipients.
   */
  whatsapp_business_manager_messaging_limit: string;
  accessToken: string;
}

export type TemplateStatus = 'APPROVED' | 'PENDING' | 'REJECTED' | 'PAUSED' | 'DISABLED';

export interface Template {
  id: string;
  wabaId: string;
  name: string;
  language: string;
  category: 'MARKETING' | 'UTILITY' | 'AUTHENTICATION';
  status: TemplateStatus;
  components: Array<Record<string, unknown>>;
}

export interface StoredMedia {
  id: string;
  bytes: Buffer;
  mime_type: string;
  sha256: string;
  file_size: number;
  filename?: string;
}

export interface InstagramAccount {
  id: string;
  username: string;
  name: string;
  accessToken: string;
}

/** A customer as an Instagram account sees them (GET /{IGSID}?fields=name,username). */
export interface InstagramUser {
  id: string;
  username: string;
  name: string;
}

export interface InstagramToken {
  accountId: string;
  issuedAt: number;
  expiresAt: number;
}

export interface SentMessage {
  id: string;
  at: number;
  /** The phone number id (WhatsApp) or the Instagram account id that sent it. */
  from: string;
  to: string;
  type: string;
  payload: Record<string, unknown>;
  /** Accepted, then failed with this code (131047 outside the window). */
  failedWith?: number;
}

export interface MetaWorld {
  phoneNumbers: Map<string, PhoneNumber>;
  /** WhatsApp tokens (system-user or user access tokens) and when they expire (null: never). */
  whatsappTokens: Map<string, { expiresAt: number | null }>;
  templates: Template[];
  media: Map<string, StoredMedia>;
  instagramAccounts: Map<string, InstagramAccount>;
  instagramTokens: Map<string, InstagramToken>;
  instagramUsers: Map<string, InstagramUser>;
  /** Signed CDN links of customers' files (ig_messaging_cdn): signature → media id. */
  instagramCdn: Map<string, string>;
  /** `${business id}:${customer id}` → when the customer last wrote (ms). */
  lastInbound: Map<string, number>;
  whatsappSent: SentMessage[];
  instagramSent: SentMessage[];
  nextId: number;
}

export function createMetaWorld(): MetaWorld {
  return {
    phoneNumbers: new Map(),
    whatsappTokens: new Map(),
    templates: [],
    media: new Map(),
    instagramAccounts: new Map(),
    instagramTokens: new Map(),
    instagramUsers: new Map(),
    instagramCdn: new Map(),
    lastInbound: new Map(),
    whatsappSent: [],
    instagramSent: [],
    nextId: 100_000_000_000_001,
  };
}

/** Graph ids are long decimal strings. */
export const newGraphId = (world: MetaWorld): string => String(world.nextId++);

export const newToken = (prefix: string): string => `${prefix}${randomBytes(48).toString('base64url')}`;

/** wamid.… ids are base64 of an opaque key; clients treat them as opaque strings. */
export const newWamid = (): string => `wamid.${Buffer.from(`HBgL${randomBytes(24).toString('hex')}`).toString('base64')}`;

/** Instagram message ids (mid) look like aWdfZAG…: base64 of "ig_" and an opaque key. */
export const newInstagramMid = (): string => Buffer.from(`ig_${randomBytes(30).toString('hex')}`).toString('base64url');

export const windowKey = (businessId: string, customerId: string): string => `${businessId}:${customerId}`;

/** WhatsApp answers the number as wa_id without "+" or punctuation. */
export const toWaId = (input: string): string => input.replace(/\D/g, '');
