import { z } from 'zod';

/**
 * The request-schema primitives every route of the API shares: every number bounded by its column, every
 * text free of NUL (PostgreSQL cannot store it), money in integer minor units.
 * A route that uses them answers 400 with the field's name instead of letting
 * the database fail with a 500.
 */

/** The largest value of an `integer` column (contacts, conversations, tickets, invoices …). */
export const maxIntegerId = 2_147_483_647;
/** The largest `bigint` id JavaScript numbers carry exactly (messages, outbox, media …). */
export const maxBigintId = Number.MAX_SAFE_INTEGER;
/** The largest amount of money, in minor units (a trillion in major units: far beyond any invoice, well inside bigint). */
export const maxMoneyMinor = 100_000_000_000_000;

const idMessage = (max: number) => ({ message: `must be a whole number from 1 to ${max}` });

/** An id in a path or query string, of an `integer` column. */
export const idParam = z.coerce
  .number(idMessage(maxIntegerId))
  .int(idMessage(maxIntegerId))
  .min(1, idMessage(maxIntegerId))
  .max(maxIntegerId, idMessage(maxIntegerId));
/** An id in a path or query string, of a `bigint` column. */
export const bigIdParam = z.coerce
  .number(idMessage(maxBigintId))
  .int(idMessage(maxBigintId))
  .min(1, idMessage(maxBigintId))
  .max(maxBigintId, idMessage(maxBigintId));
/** An id in a JSON body, of an `integer` column. */
export const idField = z
  .number(idMessage(maxIntegerId))
  .int(idMessage(maxIntegerId))
  .min(1, idMessage(maxIntegerId))
  .max(maxIntegerId, idMessage(maxIntegerId));
/** An id in a JSON body, of a `bigint` column. */
export const bigIdField = z
  .number(idMessage(maxBigintId))
  .int(idMessage(maxBigintId))
  .min(1, idMessage(maxBigintId))
  .max(maxBigintId, idMessage(maxBigintId));

const nulMessage = { message: 'must not contain the NUL character (\\u0000); remove it' };

/** Text that goes to the database: at most `max` characters and no NUL. */
export function text(max: number) {
  return z
    .string()
    .max(max, { message: `must be at most ${max} characters` })
    .refine((value) => !value.includes('\u0000'), nulMessage);
}

/** Money in integer minor units (cents, tiyn), 0 … maxMoneyMinor. */
export const moneyMinor = z
  .number()
  .int({ message: 'must be a whole number of minor units (cents); 12.34 is 1234' })
  .min(0, { message: 'must not be negative' })
  .max(maxMoneyMinor, { message: `must be at most ${maxMoneyMinor} minor units` });

/**
 * A price in major units as people type it (12.34): at most two decimals, so it
 * converts to minor units exactly; past maxMoneyMinor it is refused.
 */
export const moneyMajor = z
  .number()
  .min(0, { message: 'must not be negative' })
  .max(maxMoneyMinor / 100, { message: `must be at most ${maxMoneyMinor / 100}` })
  .refine((value) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6, { message: 'must have at most two decimals (12.34)' });

/** `?cursor=`: opaque; its signature is checked by decodeCursor. */
export const cursorParam = z.string().max(512, { message: 'is not a cursor this API gave out: pass next_cursor unchanged' });

/** `?cursor=&limit=` of every list. */
export function pageQueryFields(defaultLimit = 50, maxLimit = 200) {
  return { cursor: cursorParam.optional(), limit: z.coerce.number().int().min(1).max(maxLimit).default(defaultLimit) };
}

/** Link schemes a user may store or see rendered as a link: javascript:, data: and the like never are. */
export const safeLinkSchemes = ['http:', 'https:', 'mailto:', 'tg:'] as const;

/** A user-supplied link: an absolute URL with a scheme from safeLinkSchemes. */
export function safeLink(max = 2000) {
  return text(max).refine(
    (value) => {
      const parsed = URL.parse(value.trim());
      return parsed !== null && (safeLinkSchemes as readonly string[]).includes(parsed.protocol);
    },
    { message: `must be an absolute link starting with ${safeLinkSchemes.join(', ')} (e.g. https://example.com/file.pdf)` },
  );
}

/**
 * The generous cap request schemas keep on message texts as input hygiene only: the account's own limit is checked
 * once the account is known (text_too_long, the server's apps/text-limit.ts).
 */
export const textInputMaxLength = 65_536;
