// Checks on an outgoing WhatsApp message body, with Meta's codes: 100 for malformed or missing
// parameters, 131009 for values outside the documented limits (interactive: ≤ 3 reply buttons with
// titles ≤ 20; lists ≤ 10 rows in all, row title ≤ 24, description ≤ 72, button ≤ 20, section title ≤ 24).
import { WHATSAPP, invalidParameter } from './graph-error.ts';

type Json = Record<string, unknown>;

export const MESSAGE_TYPES = [
  'text',
  'image',
  'audio',
  'video',
  'document',
  'sticker',
  'interactive',
  'template',
  'reaction',
  'location',
  'contacts',
] as const;
export const MEDIA_TYPES = new Set(['image', 'audio', 'video', 'document', 'sticker']);

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const length = (value: unknown): number => (typeof value === 'string' ? [...value].length : 0);

function checkLength(value: unknown, max: number, what: string): void {
  const size = length(value);
  if (typeof value !== 'string' || size < 1 || size > max)
    throw WHATSAPP.parameterInvalid(`${what} length invalid. Min length: 1, Max length: ${max}`);
}

function validateButtons(action: Json): void {
  const buttons = action.buttons;
  if (!Array.isArray(buttons) || buttons.length < 1 || buttons.length > 3) {
    throw WHATSAPP.parameterInvalid('Invalid buttons count. Min allowed buttons: 1, Max allowed buttons: 3');
  }
  const ids = new Set<string>();
  for (const button of buttons as unknown[]) {
    const reply = isObject(button) && isObject(button.reply) ? button.reply : undefined;
    if (!reply || !isObject(button) || button.type !== 'reply')
      throw invalidParameter("Param interactive['action']['buttons'][0]['type'] must be 'reply'");
    checkLength(reply.title, 20, 'Button title');
    checkLength(reply.id, 256, 'Button id');
    if (ids.has(reply.id as string)) throw WHATSAPP.parameterInvalid('Duplicate button id found');
    ids.add(reply.id as string);
  }
}

function validateList(action: Json): void {
  checkLength(action.button, 20, 'Button text');
  const sections = action.sections;
  if (!Array.isArray(sections) || sections.length < 1 || sections.length > 10) {
    throw WHATSAPP.parameterInvalid('Invalid sections count. Min allowed sections: 1, Max allowed sections: 10');
  }
  let rows = 0;
  for (const section of sections as unknown[]) {
    if (!isObject(section) || !Array.isArray(section.rows))
      throw invalidParameter("Param interactive['action']['sections'][0]['rows'] is required");
    if (sections.length > 1 || section.title !== undefined) checkLength(section.title, 24, 'Section title');
    for (const row of section.rows as unknown[]) {
      if (!isObject(row)) throw invalidParameter('Each row must be an object');
      checkLength(row.id, 200, 'Row id');
      checkLength(row.title, 24, 'Row title');
      if (row.description !== undefined) checkLength(row.description, 72, 'Row description');
      rows++;
    }
  }
  if (rows < 1 || rows > 10) throw WHATSAPP.parameterInvalid(`Total row count exceed max allowed count: 10`);
}

function validateInteractive(interactive: unknown): void {
  if (!isObject(interactive)) throw invalidParameter('The parameter interactive is required.');
  const body = isObject(interactive.body) ? interactive.body : undefined;
  if (interactive.type === 'button' || interactive.type === 'list') {
    if (!body) throw WHATSAPP.parameterMissing("interactive['body'] is required");
    checkLength(body.text, 1024, 'Body text');
  }
  if (isObject(interactive.header) && interactive.header.type === 'text') checkLength(interactive.header.text, 60, 'Header text');
  if (isObject(interactive.footer)) checkLength(interactive.footer.text, 60, 'Footer text');
  const action = isObject(interactive.action) ? interactive.action : undefined;
  if (!action) throw WHATSAPP.parameterMissing("interactive['action'] is required");
  if (interactive.type === 'button') validateButtons(action);
  else if (interactive.type === 'list') validateList(action);
  else if (interactive.type !== 'cta_url' && interactive.type !== 'product' && interactive.type !== 'product_list') {
    throw invalidParameter(`Param interactive['type'] must be one of {BUTTON, LIST, CTA_URL, PRODUCT, PRODUCT_LIST}`);
  }
}

function validateMedia(type: string, media: unknown, hasMedia: (id: string) => boolean): void {
  if (!isObject(media)) throw invalidParameter(`The parameter ${type} is required.`);
  const hasId = typeof media.id === 'string' && media.id !== '';
  const hasLink = typeof media.link === 'string' && media.link !== '';
  if (hasId === hasLink) throw invalidParameter(`Param ${type} must have exactly one of id or link`);
  if (hasId && !hasMedia(media.id as string)) throw WHATSAPP.parameterInvalid(`Invalid media id: ${media.id as string}`);
  if (hasLink && !/^https?:\/\//.test(media.link as string)) throw WHATSAPP.parameterInvalid(`Invalid media link: ${media.link as string}`);
  if (media.caption !== undefined && (type === 'audio' || type === 'sticker'))
    throw invalidParameter(`Param ${type}['caption'] is not supported for ${type}`);
}

/** Validates everything except templates and the window (those need the account's state). */
export function validateMessage(body: Json, hasMedia: (id: string) => boolean): string {
  if (body.messaging_product !== 'whatsapp') throw invalidParameter('The parameter messaging_product is required.');
  if (typeof body.to !== 'string' || body.to === '') throw invalidParameter('The parameter to is required.');
  const type = typeof body.type === 'string' ? body.type : 'text';
  if (!(MESSAGE_TYPES as readonly string[]).includes(type))
    throw invalidParameter(`Param type must be one of {${MESSAGE_TYPES.join(', ').toUpperCase()}}`);
  if (body.context !== undefined && !(isObject(body.context) && typeof body.context.message_id === 'string')) {
    throw invalidParameter("Param context['message_id'] is required");
  }
  if (type === 'text') {
    const text = isObject(body.text) ? body.text : undefined;
    if (!text || typeof text.body !== 'string' || text.body === '') throw invalidParameter("The parameter text['body'] is required.");
    if (length(text.body) > 4096) throw invalidParameter("Param text['body'] must be at most 4096 characters long.");
  } else if (MEDIA_TYPES.has(type)) {
    validateMedia(type, body[type], hasMedia);
  } else if (type === 'interactive') {
    validateInteractive(body.interactive);
  } else if (type === 'reaction') {
    const reaction = isObject(body.reaction) ? body.reaction : undefined;
    if (!reaction || typeof reaction.message_id !== 'string') throw invalidParameter("The parameter reaction['message_id'] is required.");
    if (typeof reaction.emoji !== 'string') throw invalidParameter("The parameter reaction['emoji'] is required.");
  } else if (type === 'location') {
    const location = isObject(body.location) ? body.location : undefined;
    if (!location || typeof location.latitude !== 'number' || typeof location.longitude !== 'number') {
      throw invalidParameter("The parameters location['latitude'] and location['longitude'] are required.");
    }
  } else if (type === 'template') {
    const template = isObject(body.template) ? body.template : undefined;
    if (!template || typeof template.name !== 'string') throw invalidParameter("The parameter template['name'] is required.");
    if (!isObject(template.language) || typeof template.language.code !== 'string')
      throw invalidParameter("The parameter template['language']['code'] is required.");
  } else if (type === 'contacts' && !Array.isArray(body.contacts)) {
    throw invalidParameter('The parameter contacts is required.');
  }
  return type;
}
