/**
 * Strings derived from a raw update go into text and jsonb columns, which refuse U+0000 (PostgreSQL) and
 * cannot store a lone UTF-16 surrogate. The journal keeps the raw body untouched; what the inbox records
 * from it loses NUL characters and gets U+FFFD for a lone surrogate, so one odd message never stops a bot.
 */
export function sanitizeText(value: string): string {
  if (value.includes('\u0000')) return value.replaceAll('\u0000', '').toWellFormed();
  return value.isWellFormed() ? value : value.toWellFormed();
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

/**
 * The same for every string inside plain objects and arrays; anything else (dates, numbers) is kept. What needs
 * no cleaning (nearly every update) is returned as it is, not copied: this runs on every update recorded.
 */
export function sanitizeDeep<T>(value: T): T {
  if (typeof value === 'string') return sanitizeText(value) as T;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      const clean = sanitizeDeep(item);
      if (!Object.is(clean, item)) (copy ??= value.slice())[index] = clean;
    }
    return (copy ?? value) as T;
  }
  if (isPlainObject(value)) {
    for (const key of Object.keys(value)) {
      if (sanitizeText(key) !== key || !Object.is(sanitizeDeep(value[key]), value[key])) {
        return Object.fromEntries(Object.entries(value).map(([name, item]) => [sanitizeText(name), sanitizeDeep(item)])) as T;
      }
    }
  }
  return value;
}
