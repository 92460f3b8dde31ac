// Custom attributes (issue 26): admins define fields on contacts and on conversations; staff fill them in
// beside the conversation, filter the list by one, and saved answers put them in as
// `{{contact.attributes.<key>}}` / `{{conversation.attributes.<key>}}`.
import { z } from 'zod';
import { text } from './primitives.ts';

export const attributeTypes = ['text', 'number', 'date', 'list', 'checkbox'] as const;
export type AttributeType = (typeof attributeTypes)[number];
export const attributeTargets = ['contact', 'conversation'] as const;
export type AttributeTarget = (typeof attributeTargets)[number];

/** What a value may be: text, a date "YYYY-MM-DD" and a list's option are strings. */
export type AttributeValue = string | number | boolean;
export type AttributeValues = Record<string, AttributeValue>;

/** Lowercase letters, digits and "_", starting with a letter: it is written into templates and URLs. */
export const attributeKeyPattern = /^[a-z][a-z0-9_]{0,39}$/;
const attributeKey = z.string().regex(attributeKeyPattern, {
  message: 'must be 1–40 lowercase letters, digits or "_", starting with a letter',
});
const label = text(80).trim();
const listOptions = z
  .array(text(80).trim().min(1, { message: 'must not be empty' }))
  .max(100)
  .refine((options) => new Set(options).size === options.length, { message: 'must not repeat an option' });

/** POST /api/attributes. One label is enough: the other language shows it too. */
export const attributeDefinitionBody = z
  .strictObject({
    applies_to: z.enum(attributeTargets),
    key: attributeKey,
    label_ru: label.default(''),
    label_en: label.default(''),
    type: z.enum(attributeTypes),
    options: listOptions.default([]),
  })
  .refine((body) => body.label_ru || body.label_en, { message: 'give a label in Russian or English', path: ['label_en'] })
  .refine((body) => body.type !== 'list' || body.options.length > 0, { message: 'a list needs options', path: ['options'] })
  .refine((body) => body.type === 'list' || body.options.length === 0, { message: 'only a list has options', path: ['options'] });

export type AttributeDefinitionBody = z.input<typeof attributeDefinitionBody>;

/** PATCH /api/attributes/:id: labels and a list's options; the key, target and type stay (values depend on them). */
export const attributeDefinitionPatch = z.strictObject({ label_ru: label, label_en: label, options: listOptions }).partial();
export type AttributeDefinitionPatch = z.input<typeof attributeDefinitionPatch>;

/** GET /api/attributes: every definition, or one target's. */
export const attributeListQuery = z.object({ applies_to: z.enum(attributeTargets).optional() });

/** PATCH /api/chats/:id/attributes and /api/contacts/:id/attributes: null (or "") removes a value. */
export const attributeValuesBody = z.strictObject({
  values: z.record(z.string().max(40), z.union([z.string().max(2000), z.number(), z.boolean(), z.null()])),
});

export type AttributeValuesBody = z.input<typeof attributeValuesBody>;

/** PATCH /api/chats/:id/attributes: the conversation's values after the change. */
export interface ChatAttributes {
  chat_id: number;
  attributes: AttributeValues;
}
/** PATCH /api/contacts/:id/attributes: the contact's values after the change. */
export interface ContactAttributes {
  contact_id: number;
  attributes: AttributeValues;
}

/** An attribute admins defined (GET /api/attributes; POST and PATCH answer one). */
export interface AttributeDefinition {
  id: number;
  applies_to: AttributeTarget;
  key: string;
  label_ru: string;
  label_en: string;
  type: AttributeType;
  options: string[];
  created_at: string;
}

/** GET /api/attributes */
export interface AttributeDefinitionList {
  results: AttributeDefinition[];
  next_cursor: null;
}

/** The list's `attribute` filter: `contact.<key>` or `conversation.<key>`, with `attribute_value`. */
export const attributeFilterPattern = /^(contact|conversation)\.[a-z][a-z0-9_]{0,39}$/;
