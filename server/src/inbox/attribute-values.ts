// Custom attributes' values (issue 26): what each type accepts, and the list filter `attribute=<target>.<key>`.
import type { AttributeDefinition, AttributeTarget, AttributeValue, AttributeValues } from '@switchboard/contract';
import { unprocessable } from '../platform/index.ts';
import { definitionByKey, listDefinitions, serializeDefinition } from './queries/attributes.ts';
import type { InboxDb } from './tables.ts';

const datePattern = /^\d{4}-\d{2}-\d{2}$/;

function isDate(value: string): boolean {
  if (!datePattern.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  // "2026-02-30" parses as March 2nd: the round trip catches it.
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

const typeHint: Record<AttributeDefinition['type'], string> = {
  text: 'text',
  number: 'a number',
  date: 'a date "YYYY-MM-DD"',
  list: 'one of its options',
  checkbox: 'true or false',
};

function mismatch(definition: AttributeDefinition, value: unknown) {
  return unprocessable(
    `${definition.applies_to}.${definition.key} takes ${typeHint[definition.type]}, got ${JSON.stringify(value)}.`,
    'attribute_type_mismatch',
  );
}

/** The value as stored, or null to remove it; throws a precise 422 for a value of the wrong type or outside the list. */
export function checkValue(definition: AttributeDefinition, value: unknown): AttributeValue | null {
  if (value === null || value === '') return null;
  switch (definition.type) {
    case 'text':
      if (typeof value !== 'string') throw mismatch(definition, value);
      return value.trim().slice(0, 2000) || null;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw mismatch(definition, value);
      return value;
    case 'date':
      if (typeof value !== 'string' || !isDate(value)) throw mismatch(definition, value);
      return value;
    case 'checkbox':
      if (typeof value !== 'boolean') throw mismatch(definition, value);
      return value;
    case 'list':
      if (typeof value !== 'string') throw mismatch(definition, value);
      if (!definition.options.includes(value))
        throw unprocessable(
          `${definition.applies_to}.${definition.key} takes one of ${definition.options.map((option) => JSON.stringify(option)).join(', ')}; got ${JSON.stringify(value)}.`,
          'attribute_option_invalid',
        );
      return value;
  }
}

/** Splits a request's values into what to set and what to remove, checking every key first (nothing half-written). */
export async function checkValues(
  db: InboxDb,
  target: AttributeTarget,
  values: Record<string, unknown>,
): Promise<{ set: AttributeValues; remove: string[] }> {
  const definitions = new Map((await listDefinitions(db, target)).map((row) => [row.key, serializeDefinition(row)]));
  const set: AttributeValues = {};
  const remove: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    const row = definitions.get(key);
    if (!row)
      throw unprocessable(`${target}.${key} is not an attribute: an admin defines them (GET /api/attributes).`, 'unknown_attribute');
    const checked = checkValue(row, value);
    if (checked === null) remove.push(key);
    else set[key] = checked;
  }
  return { set, remove };
}

/** The list filter as the query compares it: a checkbox by truth, anything else by its text, ignoring case. */
export interface AttributeFilter {
  target: AttributeTarget;
  key: string;
  checked?: boolean;
  text?: string;
}

/** `attribute=contact.city&attribute_value=Almaty`: refuses an unknown attribute or a value its type never holds. */
export async function attributeFilter(
  db: InboxDb,
  attribute: string | undefined,
  value: string | undefined,
): Promise<AttributeFilter | undefined> {
  if (!attribute) return undefined;
  const [target, key] = attribute.split('.') as [AttributeTarget, string];
  const definition = await definitionByKey(db, target, key);
  if (!definition) throw unprocessable(`${attribute} is not an attribute (GET /api/attributes).`, 'unknown_attribute');
  const raw = (value ?? '').trim();
  if (definition.type === 'checkbox') {
    if (raw !== 'true' && raw !== 'false') throw mismatch(definition, raw);
    return { target, key, checked: raw === 'true' };
  }
  if (!raw) throw unprocessable('attribute_value is required with attribute.', 'invalid_input');
  if (definition.type === 'number') {
    const number = Number(raw);
    if (!Number.isFinite(number)) throw mismatch(definition, raw);
    return { target, key, text: String(number) };
  }
  if (definition.type === 'date' && !isDate(raw)) throw mismatch(definition, raw);
  return { target, key, text: raw };
}
