// What a search box query means for messages, as one tsquery over `messages.search_words`
// (inbox migration 0016: each word as typed, 'simple', plus its Russian and English stems).
import { sql, type RawBuilder } from 'kysely';

/** Words of one chunk: letters and digits only, so nothing the user types reaches tsquery syntax. */
const wordsOf = (text: string): string[] => text.match(/[\p{L}\p{N}]+/gu) ?? [];

// A one-letter prefix would match a good part of every inbox: such a word matches whole.
const shortestPrefix = 2;

/**
 * The chunk as typed, for the 'simple' part: the last word as a prefix unless it is a number (an order number or a
 * code is looked up whole; as a prefix it would match every longer number). One word goes in as one quoted
 * operand, so PostgreSQL's parser reads it as it read the messages ("+7" keeps its sign); inside quotes only a
 * quote and a backslash are special. Several ("client_4242") go in as their words in a row.
 */
function asTypedQuery(chunk: string, words: string[]): string {
  const last = words.at(-1)!;
  const prefix = last.length >= shortestPrefix && !/^\p{N}+$/u.test(last) ? ':*' : '';
  if (words.length === 1) return `'${chunk.replace(/['\\]/g, ' ')}'${prefix}`;
  return words.map((word, index) => `'${word}'${index === words.length - 1 ? prefix : ''}`).join(' <-> ');
}

// A phone as people type it ("+7 701 234-56-78", "8 (701) 2345678"): also matched written in one piece.
const phoneLike = /^[+\d\s()-]+$/;
const phoneDigits = 7;

/**
 * The tsquery for `q`, or null when it has no word to look for. A "quoted phrase" matches those words in a row;
 * every other chunk (between spaces) matches a word by its Russian or English stem or by its beginning as typed
 * ("подтвер" finds "подтверждена"); a chunk of several parts ("client_4242") matches them in a row. All chunks must
 * match (AND), as messengers' own searches do. A phone typed in pieces also matches it written in one.
 */
export function messageQuery(q: string): RawBuilder<unknown> | null {
  const parts: RawBuilder<unknown>[] = [];
  const rest = q.replace(/"([^"]*)"?/g, (_match, phrase: string) => {
    const words = wordsOf(phrase);
    if (words.length > 0) {
      const text = words.join(' ');
      parts.push(
        sql`(phraseto_tsquery('russian', ${text}) || phraseto_tsquery('english', ${text}) || phraseto_tsquery('simple', ${text}))`,
      );
    }
    return ' ';
  });
  for (const chunk of rest.split(/\s+/)) {
    const words = wordsOf(chunk);
    if (words.length === 0) continue;
    const text = words.join(' ');
    parts.push(
      sql`(phraseto_tsquery('russian', ${text}) || phraseto_tsquery('english', ${text}) || to_tsquery('simple', ${asTypedQuery(chunk, words)}))`,
    );
  }
  if (parts.length === 0) return null;
  const all = sql`(${sql.join(parts, sql` && `)})`;
  const digits = q.replace(/\D/g, '');
  if (!phoneLike.test(q) || digits.length < phoneDigits) return all;
  return sql`(${all} || to_tsquery('simple', ${`'+${digits}':* | '${digits}':*`}))`;
}

/** `%q%` for ILIKE, with its wildcards escaped; a leading @ (as usernames are written) is dropped. */
export function containsPattern(q: string): string {
  return `%${q.replace(/^@/, '').replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}
