// The contacts' custom attributes (0022, queries/attributes.ts) as segment fields: the contacts port's
// `attributes` source (apps/app.ts SegmentFieldSource). The port checked each condition against these fields
// before it comes here, so the value's shape fits the field's type and operator.
import { sql, type RawBuilder } from 'kysely';
import type { AttributeType, SegmentCondition, SegmentField, SegmentFieldType } from '@switchboard/contract';
import type { Db } from '../platform/index.ts';
import { listDefinitions } from './queries/attributes.ts';
import { inboxTables } from './tables.ts';

const typeOf: Record<AttributeType, SegmentFieldType> = {
  text: 'text',
  number: 'number',
  date: 'date',
  list: 'enum',
  checkbox: 'boolean',
};

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (match) => `\\${match}`);

/** The condition on contacts.attributes; values of another type than the field's never match (nor fail a cast). */
function predicate(condition: SegmentCondition, type: SegmentFieldType): RawBuilder<boolean> {
  const key = condition.field;
  const json = sql`audience_contact.attributes -> ${key}::text`;
  const text = sql`audience_contact.attributes ->> ${key}::text`;
  const { operator, value } = condition;
  if (operator === 'is_set') return value ? sql<boolean>`coalesce(${text}, '') <> ''` : sql<boolean>`coalesce(${text}, '') = ''`;
  if (type === 'number') {
    const number = sql`CASE WHEN jsonb_typeof(${json}) = 'number' THEN (${text})::numeric END`;
    const compare = operator === 'equals' ? sql`=` : operator === 'at_least' ? sql`>=` : sql`<=`;
    return sql<boolean>`${number} ${compare} ${value}`;
  }
  if (type === 'date') {
    const day = sql`CASE WHEN ${text} ~ '^\\d{4}-\\d{2}-\\d{2}' THEN left(${text}, 10) END`;
    return operator === 'at_least' ? sql<boolean>`${day} >= ${value}` : sql<boolean>`${day} <= ${value}`;
  }
  if (type === 'boolean')
    return value ? sql<boolean>`${json} = 'true'::jsonb` : sql<boolean>`coalesce(${json}, 'false'::jsonb) <> 'true'::jsonb`;
  if (operator === 'any_of') return sql<boolean>`${text} = ANY(${value}::text[])`;
  if (operator === 'none_of') return sql<boolean>`NOT coalesce(${text} = ANY(${value}::text[]), false)`;
  // Text: matched as the conversation list's attribute filter matches it, ignoring case.
  if (operator === 'contains') return sql<boolean>`${text} ILIKE ${`%${escapeLike(value as string)}%`}`;
  return sql<boolean>`lower(${text}) = lower(${value}::text)`;
}

export function createAttributeSegments(handle: Db) {
  const db = inboxTables(handle);
  return {
    async fields(): Promise<SegmentField[]> {
      const definitions = await listDefinitions(db, 'contact');
      return definitions.map((definition) => {
        const type = typeOf[definition.type as AttributeType] ?? 'text';
        return {
          key: definition.key,
          type,
          label: { ru: definition.label_ru || definition.key, en: definition.label_en || definition.key },
          ...(type === 'enum'
            ? { options: (definition.options ?? []).map((option) => ({ value: option, label: { ru: option, en: option } })) }
            : {}),
        };
      });
    },
    async contacts(condition: SegmentCondition, field: SegmentField) {
      return db
        .selectFrom('contacts as audience_contact')
        .select('audience_contact.id')
        .where(predicate(condition, field.type))
        .$asScalar();
    },
  };
}
