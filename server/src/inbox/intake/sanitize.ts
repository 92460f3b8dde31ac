/**
 * Strings derived from a raw update go into text and jsonb columns, which refuse U+0000 (PostgreSQL) and
 * cannot store a lone UTF-16 surrogate. The journal keeps the raw body untouched; what the inbox records
 * from it loses NUL characters and gets U+FFFD for a lone surrogate, so one odd message never stops a bot.
 */
export function sanitizeText(value: string): string {
  return value.replaceAll('\u0000', '').toWellFormed();
}

/** The same for every string inside plain objects and arrays; anything else (dates, numbers) is kept. */
export function sanitizeDeep<T>(value: T): T {
  if (typeof value === 'string') return sanitizeText(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => sanitizeDeep(item)) as T;
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [sanitizeText(key), sanitizeDeep(item)])) as T;
  }
  return value;
}
