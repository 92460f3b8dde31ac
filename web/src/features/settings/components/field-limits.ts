// The limits an app's settings schema gives a field (JSON Schema's minimum, maximum, maxLength), checked before the
// form sends: the person reads which field and which limit in their language, instead of the server's refusal.
import type { SettingsFieldSchema } from '@switchboard/contract';

export interface LimitProblem {
  kind: 'tooSmall' | 'tooBig' | 'tooLong';
  limit: number;
}

/** The lowest whole value the schema allows, if any (zod writes `.positive()` as an exclusive minimum). */
function lowest(schema: SettingsFieldSchema): number | undefined {
  if (schema.minimum !== undefined) return schema.minimum;
  if (schema.exclusiveMinimum === undefined) return undefined;
  return schema.exclusiveMinimum + (schema.type === 'integer' ? 1 : 0);
}

/** What is wrong with a value for its field, or null; an empty value is the server's to judge (required or not). */
export function fieldLimitProblem(schema: SettingsFieldSchema, value: unknown): LimitProblem | null {
  const base = { ...schema, ...(schema.anyOf?.find((each) => each.type !== 'null') ?? {}) };
  if (typeof value === 'number') {
    const min = lowest(base);
    if (min !== undefined && value < min) return { kind: 'tooSmall', limit: min };
    if (base.maximum !== undefined && value > base.maximum) return { kind: 'tooBig', limit: base.maximum };
  }
  if (typeof value === 'string' && base.maxLength !== undefined && value.length > base.maxLength)
    return { kind: 'tooLong', limit: base.maxLength };
  return null;
}
