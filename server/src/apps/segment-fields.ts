// The segment fields port (apps/app.ts SegmentFieldsPort): the fields every source contributes, under its prefix,
// and each condition checked against them (the field exists, the operator fits its type, the value fits both)
// before the source that owns the field turns it into a subquery of contact ids.
import { operatorsByType, type SegmentCondition, type SegmentField } from '@switchboard/contract';
import { unprocessable } from '../platform/index.ts';
import type { IdSubquery, SegmentFieldSource, SegmentFieldsPort } from './app.ts';

export interface NamedSource {
  /** The keys' prefix: `attribute` for the contacts' custom attributes, the app's name for an app's fields. */
  prefix: string;
  source: SegmentFieldSource;
}

const isoDay = /^\d{4}-\d{2}-\d{2}$/;
const validDay = (value: unknown) =>
  typeof value === 'string' && isoDay.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);

/** What is wrong with the condition's value for this field and operator, or undefined when it fits. */
function valueProblem(field: SegmentField, condition: SegmentCondition): string | undefined {
  const { operator, value } = condition;
  if (operator === 'is_set') return typeof value === 'boolean' ? undefined : 'is_set takes true (has a value) or false (has none)';
  if (operator === 'any_of' || operator === 'none_of') {
    if (!Array.isArray(value) || value.length === 0 || value.length > 100) return `${operator} takes a list of 1–100 option values`;
    const known = new Set((field.options ?? []).map((option) => option.value));
    const unknown = value.find((each) => typeof each !== 'string' || !known.has(each));
    return unknown === undefined ? undefined : `${JSON.stringify(unknown)} is not an option of ${field.key}`;
  }
  switch (field.type) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : `${field.key} is a number`;
    case 'date':
      return validDay(value) ? undefined : `${field.key} is a date: give it as YYYY-MM-DD`;
    case 'text':
      return typeof value === 'string' && value.trim().length > 0 && value.length <= 200 ? undefined : 'give a text of 1–200 characters';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `${field.key} is true or false`;
    default:
      return `${operator} does not apply to ${field.key}`;
  }
}

export function createSegmentFieldsPort(sources: () => readonly NamedSource[]): SegmentFieldsPort {
  async function fieldsOf({ prefix, source }: NamedSource): Promise<SegmentField[]> {
    return (await source.fields()).map((field) => ({ ...field, key: `${prefix}.${field.key}` }));
  }

  async function list(): Promise<SegmentField[]> {
    return (await Promise.all(sources().map(fieldsOf))).flat();
  }

  async function contacts(conditions: readonly SegmentCondition[]): Promise<IdSubquery[]> {
    if (conditions.length === 0) return [];
    const byKey = new Map<string, { field: SegmentField; named: NamedSource }>();
    for (const named of sources()) for (const field of await fieldsOf(named)) byKey.set(field.key, { field, named });
    const checked = conditions.map((condition, index) => {
      const where = `filter.conditions[${index}]`;
      const found = byKey.get(condition.field);
      if (!found)
        throw unprocessable(
          `${where}: there is no segment field ${JSON.stringify(condition.field)}; GET /api/broadcasts/segment-fields lists them.`,
          'unknown_segment_field',
        );
      const allowed = operatorsByType[found.field.type];
      if (!allowed.includes(condition.operator))
        throw unprocessable(
          `${where}: ${condition.field} is a ${found.field.type} field and takes ${allowed.join(', ')}, not ${condition.operator}.`,
          'segment_operator_not_allowed',
        );
      const problem = valueProblem(found.field, condition);
      if (problem) throw unprocessable(`${where}: ${problem}.`, 'invalid_segment_value');
      const key = condition.field.slice(found.named.prefix.length + 1);
      return { named: found.named, condition: { ...condition, field: key }, field: { ...found.field, key } };
    });
    // Every condition is checked before any source is asked: a bad last condition answers the same 422 at once.
    return Promise.all(checked.map(({ named, condition, field }) => named.source.contacts(condition, field)));
  }

  return { list, contacts };
}
