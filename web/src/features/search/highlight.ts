// Where a search result shows the match. The server finds messages by stems (заказ → заказы) and by
// parts of words; the page marks the same: whole words that contain a searched word or share its stem.

export interface TextPart {
  text: string;
  match: boolean;
}

const wordPattern = /[\p{L}\p{N}]+/gu;

/** The searched words, lower-cased; web-search syntax ("or", a leading minus for "not") is dropped. */
export function searchTerms(q: string): string[] {
  const terms: string[] = [];
  for (const raw of q.split(/\s+/)) {
    if (!raw || raw.startsWith('-') || /^or$/i.test(raw)) continue;
    for (const word of raw.toLocaleLowerCase().match(wordPattern) ?? []) terms.push(word);
  }
  return [...new Set(terms)];
}

/** A rough stem: enough of the word to reach its other forms (стрижки → стриж, booking → booki). */
function stemOf(term: string): string {
  if (term.length >= 6) return term.slice(0, -2);
  if (term.length >= 4) return term.slice(0, -1);
  return term;
}

function matches(word: string, terms: string[]): boolean {
  const lower = word.toLocaleLowerCase();
  return terms.some((term) => lower.includes(term) || lower.startsWith(stemOf(term)));
}

/** The text cut into plain and matching parts, in order; joined they give the text back. */
export function highlightParts(text: string, terms: string[]): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const found of text.matchAll(wordPattern)) {
    if (!matches(found[0], terms)) continue;
    if (found.index > last) parts.push({ text: text.slice(last, found.index), match: false });
    parts.push({ text: found[0], match: true });
    last = found.index + found[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), match: false });
  return parts;
}

/** Up to `width` characters of a long message around its first match, with … where it was cut. */
export function snippetAround(text: string, terms: string[], width = 180): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= width) return flat;
  let first = 0;
  for (const found of flat.matchAll(wordPattern)) {
    if (matches(found[0], terms)) {
      first = found.index;
      break;
    }
  }
  let start = Math.max(0, Math.min(first - Math.floor(width / 3), flat.length - width));
  // Start and end on whole words.
  if (start > 0) start = flat.indexOf(' ', start) + 1 || start;
  let end = Math.min(flat.length, start + width);
  if (end < flat.length) end = flat.lastIndexOf(' ', end) > start ? flat.lastIndexOf(' ', end) : end;
  return `${start > 0 ? '…' : ''}${flat.slice(start, end)}${end < flat.length ? '…' : ''}`;
}
