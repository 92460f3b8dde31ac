// The request-schema primitives live in the API contract (packages/contract/src/primitives.ts), where the
// web app reads them too; the server adds what only it needs.
export {
  bigIdField,
  bigIdParam,
  cursorParam,
  idField,
  idParam,
  maxBigintId,
  maxIntegerId,
  maxMoneyMinor,
  moneyMajor,
  moneyMinor,
  pageQueryFields,
  safeLink,
  safeLinkSchemes,
  text,
} from '@switchboard/contract';

/** Finds the first string with a NUL in a parsed query, params or JSON body, and names where it is. */
export function findNul(value: unknown, where = '', depth = 0): string | undefined {
  // Deeper than any schema of ours: the schema itself refuses such a body.
  if (depth > 32) return undefined;
  if (typeof value === 'string') return value.includes('\u0000') ? where || 'value' : undefined;
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findNul(item, `${where}[${index}]`, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    const path = where ? `${where}.${key}` : key;
    if (key.includes('\u0000')) return path;
    const found = findNul(item, path, depth + 1);
    if (found) return found;
  }
  return undefined;
}
