// The WhatsApp Cloud API on graph.facebook.com: send, media (upload, two-step download, delete),
// templates and the phone number itself.
import { createHash, randomBytes } from 'node:crypto';
import type { FakeClock } from './clock.ts';
import { GraphError, RE_ENGAGEMENT_DETAILS, WHATSAPP, expiredToken, invalidParameter, invalidToken, unknownObject } from './graph-error.ts';
import type { ParsedBody } from './http-util.ts';
import { newGraphId, newWamid, toWaId, windowKey, type MetaWorld, type PhoneNumber, type Template } from './meta-world.ts';
import type { SendLimiter } from './send-limits.ts';
import type { StatusDispatcher } from './status-webhooks.ts';
import { validateMessage } from './whatsapp-validate.ts';

type Json = Record<string, unknown>;

export const SERVICE_WINDOW_MS = 24 * 3600_000;
/** Media URLs from GET /{media-id} expire after five minutes (WhatsApp media docs). */
export const MEDIA_URL_TTL_MS = 5 * 60_000;

const UPLOAD_TYPES = new Set([
  'audio/aac',
  'audio/amr',
  'audio/mpeg',
  'audio/mp4',
  'audio/ogg',
  'text/plain',
  'application/pdf',
  'application/vnd.ms-powerpoint',
  'application/msword',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'image/jpeg',
  'image/png',
  'image/webp',
  'video/3gpp',
  'video/mp4',
]);

export interface WhatsAppContext {
  world: MetaWorld;
  clock: FakeClock;
  limiter: SendLimiter;
  /** media-url key → media id and expiry, for the lookaside download. */
  mediaUrls: Map<string, { mediaId: string; expiresAt: number }>;
  lookasideBase: string;
  statuses: StatusDispatcher;
  /** 'async' (Meta's way): accept, then a failed status with 131047; 'sync': refuse the request with 131047. */
  windowErrors: 'async' | 'sync';
}

export interface GraphRequest {
  method: string;
  /** Path segments after the version, e.g. ['1234', 'messages']. */
  segments: string[];
  query: URLSearchParams;
  body: ParsedBody;
  token: string | null;
}

export function authenticateWhatsApp(context: WhatsAppContext, token: string | null): void {
  const grant = token ? context.world.whatsappTokens.get(token) : undefined;
  if (!grant) throw invalidToken();
  if (grant.expiresAt !== null && grant.expiresAt <= context.clock.now()) throw expiredToken(grant.expiresAt, context.clock.now());
}

function placeholders(text: unknown): number {
  return typeof text === 'string' ? new Set(text.match(/\{\{\s*[\w]+\s*\}\}/g) ?? []).size : 0;
}

function checkTemplate(context: WhatsAppContext, phone: PhoneNumber, template: Json): Template {
  const name = template.name as string;
  const language = (template.language as Json).code as string;
  const found = context.world.templates.find(
    (candidate) => candidate.wabaId === phone.wabaId && candidate.name === name && candidate.language === language,
  );
  if (!found || found.status === 'PENDING' || found.status === 'REJECTED') throw WHATSAPP.templateMissing(name, language);
  if (found.status === 'PAUSED') throw WHATSAPP.templatePaused(name);
  if (found.status === 'DISABLED') throw WHATSAPP.templateDisabled(name);
  const given = Array.isArray(template.components) ? (template.components as Json[]) : [];
  for (const part of ['header', 'body'] as const) {
    const definition = found.components.find((component) => String(component.type).toLowerCase() === part);
    const expected = definition && (part === 'body' || definition.format === 'TEXT') ? placeholders(definition.text) : 0;
    const supplied = given.find((component) => component.type === part);
    const count = Array.isArray(supplied?.parameters) ? supplied.parameters.length : 0;
    if (part === 'header' && definition && definition.format !== 'TEXT' && definition.format !== undefined) {
      if (count !== 1) throw WHATSAPP.templateParams('header', count, 1); // media headers take one media parameter
      continue;
    }
    if (count !== expected) throw WHATSAPP.templateParams(part, count, expected);
  }
  return found;
}

function sendMessage(context: WhatsAppContext, phone: PhoneNumber, body: Json): Json {
  const { world, clock } = context;
  if (body.status === 'read') {
    if (body.messaging_product !== 'whatsapp' || typeof body.message_id !== 'string')
      throw invalidParameter('The parameter message_id is required.');
    return { success: true };
  }
  const type = validateMessage(body, (id) => world.media.has(id));
  const waId = toWaId(body.to as string);
  let outsideWindow = false;
  if (type === 'template') checkTemplate(context, phone, body.template as Json);
  else {
    const last = world.lastInbound.get(windowKey(phone.id, waId));
    outsideWindow = last === undefined || clock.now() - last > SERVICE_WINDOW_MS;
    if (outsideWindow && context.windowErrors === 'sync') throw WHATSAPP.reEngagement();
  }
  const verdict = context.limiter.admit(phone.id, waId);
  if (verdict === 'throughput') throw WHATSAPP.throughput();
  if (verdict === 'pair') throw WHATSAPP.pairRate();
  const id = newWamid();
  world.whatsappSent.push({
    id,
    at: clock.now(),
    from: phone.id,
    to: waId,
    type,
    payload: body,
    ...(outsideWindow ? { failedWith: 131047 } : {}),
  });
  if (outsideWindow) {
    context.statuses.report(phone.id, id, waId, 'failed', {
      error: { code: 131047, title: 'Re-engagement message', details: RE_ENGAGEMENT_DETAILS },
    });
  } else {
    // Per-message pricing: replies and utility templates inside an open window are free.
    const category = type === 'template' ? templateCategory(context, phone, body) : 'service';
    const last = world.lastInbound.get(windowKey(phone.id, waId));
    const windowOpen = last !== undefined && clock.now() - last <= SERVICE_WINDOW_MS;
    const pricingType = category === 'service' || (category === 'utility' && windowOpen) ? 'free_customer_service' : 'regular';
    for (const name of ['sent', 'delivered'] as const) context.statuses.report(phone.id, id, waId, name, { category, pricingType });
  }
  const message: Json = { id };
  if (type === 'template') message.message_status = 'accepted';
  return { messaging_product: 'whatsapp', contacts: [{ input: body.to, wa_id: waId }], messages: [message] };
}

function templateCategory(context: WhatsAppContext, phone: PhoneNumber, body: Json): 'utility' | 'marketing' | 'authentication' {
  const template = body.template as Json;
  const found = context.world.templates.find(
    (candidate) =>
      candidate.wabaId === phone.wabaId && candidate.name === template.name && candidate.language === (template.language as Json).code,
  );
  return (found?.category.toLowerCase() ?? 'utility') as 'utility' | 'marketing' | 'authentication';
}

function uploadMedia(context: WhatsAppContext, body: ParsedBody): Json {
  if (body.fields.messaging_product !== 'whatsapp') throw invalidParameter('The parameter messaging_product is required.');
  const file = body.files.file;
  if (!file) throw invalidParameter('The parameter file is required.');
  const type = typeof body.fields.type === 'string' ? body.fields.type : file.type;
  if (!UPLOAD_TYPES.has(type)) {
    throw invalidParameter(
      `Param file must be a file with one of the following types: ${[...UPLOAD_TYPES].join(', ')}. Received file of type '${type}'.`,
    );
  }
  const id = newGraphId(context.world);
  context.world.media.set(id, {
    id,
    bytes: file.bytes,
    mime_type: type,
    sha256: createHash('sha256').update(file.bytes).digest('hex'),
    file_size: file.bytes.length,
    filename: file.filename,
  });
  return { id };
}

/** A download link for stored media, valid five minutes, as lookaside.fbsbx.com hands them out. */
export function issueMediaUrl(context: WhatsAppContext, mediaId: string): string {
  const key = randomBytes(16).toString('hex');
  context.mediaUrls.set(key, { mediaId, expiresAt: context.clock.now() + MEDIA_URL_TTL_MS });
  return `${context.lookasideBase}/whatsapp_business/attachments/?mid=${mediaId}&ext=${Math.floor(context.clock.now() / 1000)}&hash=${key}`;
}

function mediaInfo(context: WhatsAppContext, mediaId: string): Json {
  const media = context.world.media.get(mediaId);
  if (!media) throw unknownObject('GET', mediaId);
  const url = issueMediaUrl(context, mediaId);
  // file_size arrives as a string (Meta's example; whatsapp-api-js types it so too).
  return {
    messaging_product: 'whatsapp',
    url,
    mime_type: media.mime_type,
    sha256: media.sha256,
    file_size: String(media.file_size),
    id: media.id,
  };
}

function phoneInfo(phone: PhoneNumber, fields: string | null): Json {
  const all: Json = {
    verified_name: phone.verified_name,
    code_verification_status: 'VERIFIED',
    display_phone_number: phone.display_phone_number,
    quality_rating: phone.quality_rating,
    whatsapp_business_manager_messaging_limit: phone.whatsapp_business_manager_messaging_limit,
    platform_type: 'CLOUD_API',
    throughput: { level: 'STANDARD' },
    id: phone.id,
  };
  if (!fields) return all;
  const wanted = new Set([...fields.split(','), 'id']);
  return Object.fromEntries(Object.entries(all).filter(([key]) => wanted.has(key)));
}

function listTemplates(context: WhatsAppContext, wabaId: string, query: URLSearchParams): Json {
  const filtered = context.world.templates.filter(
    (template) =>
      template.wabaId === wabaId &&
      (!query.get('status') || template.status === query.get('status')) &&
      (!query.get('name') || template.name.includes(query.get('name')!)) &&
      (!query.get('language') || template.language === query.get('language')),
  );
  const start = query.get('after') ? Number(Buffer.from(query.get('after')!, 'base64url').toString()) : 0;
  const limit = Math.max(1, Number(query.get('limit') ?? 25) || 25);
  const page = filtered.slice(start, start + limit);
  const cursor = (index: number): string => Buffer.from(String(index)).toString('base64url');
  const data = page.map((template) => ({
    name: template.name,
    parameter_format: 'POSITIONAL',
    components: template.components,
    language: template.language,
    status: template.status,
    category: template.category,
    id: template.id,
  }));
  const paging: Json = { cursors: { before: cursor(start), after: cursor(start + page.length) } };
  return start + limit < filtered.length
    ? { data, paging: { ...paging, next: `?after=${cursor(start + page.length)}&limit=${limit}` } }
    : { data, paging };
}

export function routeWhatsApp(context: WhatsAppContext, request: GraphRequest): Json {
  authenticateWhatsApp(context, request.token);
  const { method, segments } = request;
  const [id, edge] = segments;
  if (!id) throw invalidParameter('Unknown path components');
  const phone = context.world.phoneNumbers.get(id);
  if (method === 'POST' && edge === 'messages' && segments.length === 2) {
    if (!phone) throw unknownObject(method, id);
    return sendMessage(context, phone, request.body.fields);
  }
  if (method === 'POST' && edge === 'media' && segments.length === 2) {
    if (!phone) throw unknownObject(method, id);
    return uploadMedia(context, request.body);
  }
  if (method === 'GET' && edge === 'message_templates' && segments.length === 2) {
    const known = [...context.world.phoneNumbers.values()].some((number) => number.wabaId === id);
    if (!known) throw unknownObject(method, id);
    return listTemplates(context, id, request.query);
  }
  if (segments.length === 1 && method === 'GET') {
    if (phone) return phoneInfo(phone, request.query.get('fields'));
    return mediaInfo(context, id);
  }
  if (segments.length === 1 && method === 'DELETE') {
    if (!context.world.media.delete(id)) throw unknownObject(method, id);
    return { success: true };
  }
  throw new GraphError(400, { message: `Unknown path components: /${segments.slice(1).join('/')}`, type: 'OAuthException', code: 2500 });
}
