// Port of tdlib's parse_html: same tags, same error texts and byte offsets, so markup bugs fail here
// as they do in production.
import type { MessageEntity } from './bot-api-types.ts';
import { at, type Cursor, checkUrl, copyByte, decode, fail, isSpace, sortEntities, type FormattedText } from './text-cursor.ts';

function decodeHtmlEntity(c: Cursor, pos: number): { ch: number; next: number } | null {
  let end = pos + 1;
  let res = 0;
  if (at(c, pos + 1) === 0x23) {
    end++;
    if (at(c, pos + 2) === 0x78) {
      end++;
      while (/[0-9a-f]/i.test(String.fromCharCode(at(c, end)))) res = res * 16 + parseInt(String.fromCharCode(at(c, end++)), 16);
    } else {
      while (at(c, end) >= 0x30 && at(c, end) <= 0x39) res = res * 10 + at(c, end++) - 0x30;
    }
    if (res === 0 || res >= 0x10ffff || end - pos >= 10) return null;
  } else {
    while (/[a-z]/i.test(String.fromCharCode(at(c, end)))) end++;
    const name = c.bytes.subarray(pos + 1, end).toString('latin1');
    const named: Record<string, number> = { lt: 60, gt: 62, amp: 38, quot: 34 };
    const code = named[name];
    if (code === undefined) return null;
    res = code;
  }
  return { ch: res, next: at(c, end) === 0x3b ? end + 1 : end };
}

const HTML_TAGS = new Set([
  'a',
  'b',
  'strong',
  'i',
  'em',
  's',
  'strike',
  'del',
  'u',
  'ins',
  'tg-spoiler',
  'tg-emoji',
  'span',
  'pre',
  'code',
  'blockquote',
]);
const HTML_TYPES: Record<string, string> = {
  b: 'bold',
  strong: 'bold',
  i: 'italic',
  em: 'italic',
  s: 'strikethrough',
  strike: 'strikethrough',
  del: 'strikethrough',
  u: 'underline',
  ins: 'underline',
  'tg-spoiler': 'spoiler',
  span: 'spoiler',
  blockquote: 'blockquote',
};

export function parseHtml(text: string): FormattedText {
  const c: Cursor = { bytes: Buffer.from(text, 'utf8'), out: [], utf16: 0 };
  const entities: MessageEntity[] = [];
  const stack: Array<{ tag: string; argument: string; offset: number; beginPos: number; attrs: Map<string, string> }> = [];
  const size = c.bytes.length;
  for (let i = 0; i < size; i++) {
    const ch = at(c, i);
    if (ch === 0x26) {
      const entity = decodeHtmlEntity(c, i);
      if (entity) {
        const encoded = Buffer.from(String.fromCodePoint(entity.ch), 'utf8');
        c.utf16 += entity.ch > 0xffff ? 2 : 1;
        c.out.push(...encoded);
        i = entity.next - 1;
        continue;
      }
    }
    if (ch !== 0x3c) {
      copyByte(c, ch);
      continue;
    }
    const beginPos = i++;
    if (at(c, i) !== 0x2f) {
      while (i < size && !isSpace(at(c, i)) && at(c, i) !== 0x3e) i++;
      if (i >= size) fail(`Unclosed start tag at byte offset ${beginPos}`);
      const tag = c.bytes
        .subarray(beginPos + 1, i)
        .toString('utf8')
        .toLowerCase();
      if (!HTML_TAGS.has(tag)) fail(`Unsupported start tag "${tag}" at byte offset ${beginPos}`);
      const attrs = new Map<string, string>();
      while (at(c, i) !== 0x3e) {
        while (i < size && isSpace(at(c, i))) i++;
        if (at(c, i) === 0x3e) break;
        const nameStart = i;
        while (i < size && !isSpace(at(c, i)) && at(c, i) !== 0x3d && at(c, i) !== 0x3e) i++;
        const attribute = c.bytes.subarray(nameStart, i).toString('utf8');
        if (attribute === '') fail(`Empty attribute name in the tag "${tag}" at byte offset ${beginPos}`);
        while (i < size && isSpace(at(c, i))) i++;
        if (at(c, i) !== 0x3d && tag === 'blockquote' && attribute.toLowerCase() === 'expandable') {
          attrs.set('expandable', '');
          continue;
        }
        if (at(c, i) !== 0x3d) fail(`Expected equal sign in declaration of an attribute of the tag "${tag}" at byte offset ${beginPos}`);
        i++;
        while (i < size && isSpace(at(c, i))) i++;
        if (i >= size) fail(`Unclosed start tag "${tag}" at byte offset ${beginPos}`);
        let value: string;
        const quote = at(c, i);
        if (quote !== 0x27 && quote !== 0x22) {
          const tokenStart = i;
          while (/[a-z0-9.-]/i.test(String.fromCharCode(at(c, i)))) i++;
          value = c.bytes.subarray(tokenStart, i).toString('utf8').toLowerCase();
          if (!isSpace(at(c, i)) && at(c, i) !== 0x3e) fail(`Unexpected end of name token at byte offset ${tokenStart}`);
        } else {
          i++;
          const valueBytes: number[] = [];
          while (i < size && at(c, i) !== quote) {
            const entity = at(c, i) === 0x26 ? decodeHtmlEntity(c, i) : null;
            if (entity) {
              valueBytes.push(...Buffer.from(String.fromCodePoint(entity.ch), 'utf8'));
              i = entity.next;
              continue;
            }
            valueBytes.push(at(c, i++));
          }
          if (at(c, i) === quote) i++;
          value = decode(valueBytes);
        }
        if (i >= size) fail(`Unclosed start tag at byte offset ${beginPos}`);
        attrs.set(attribute.toLowerCase(), value);
      }
      if (tag === 'span' && attrs.get('class') !== 'tg-spoiler') fail(`Tag "span" must have class "tg-spoiler" at byte offset ${beginPos}`);
      let argument = '';
      if (tag === 'a') argument = attrs.get('href') ?? '';
      if (tag === 'code' && (attrs.get('class') ?? '').startsWith('language-')) argument = (attrs.get('class') ?? '').slice(9);
      if (tag === 'tg-emoji') argument = attrs.get('emoji-id') ?? '';
      stack.push({ tag, argument, offset: c.utf16, beginPos: c.out.length, attrs });
    } else {
      if (stack.length === 0) fail(`Unexpected end tag at byte offset ${beginPos}`);
      while (i < size && !isSpace(at(c, i)) && at(c, i) !== 0x3e) i++;
      const endTag = c.bytes.subarray(beginPos + 2, i).toString('utf8');
      while (i < size && isSpace(at(c, i))) i++;
      if (at(c, i) !== 0x3e) fail(`Unclosed end tag at byte offset ${beginPos}`);
      const open = stack.pop()!;
      if (endTag !== '' && endTag !== open.tag) {
        fail(`Unmatched end tag at byte offset ${beginPos}, expected "</${open.tag}>", found "</${endTag}>"`);
      }
      const length = c.utf16 - open.offset;
      if (length <= 0) continue;
      const simple = HTML_TYPES[open.tag];
      if (simple) {
        const entity: MessageEntity = { type: simple, offset: open.offset, length };
        if (open.tag === 'blockquote' && open.attrs.has('expandable')) entity.type = 'expandable_blockquote';
        entities.push(entity);
      } else if (open.tag === 'a') {
        const url = checkUrl(open.argument || decode(c.out.slice(open.beginPos)));
        if (url) entities.push({ type: 'text_link', offset: open.offset, length, url });
      } else if (open.tag === 'tg-emoji') {
        entities.push({ type: 'custom_emoji', offset: open.offset, length, custom_emoji_id: open.argument });
      } else if (open.tag === 'pre') {
        const last = entities.at(-1);
        if (last?.type === 'code' && last.offset === open.offset && last.length === length && last.language) {
          last.type = 'pre';
        } else {
          entities.push({ type: 'pre', offset: open.offset, length });
        }
      } else if (open.tag === 'code') {
        const last = entities.at(-1);
        if (last?.type === 'pre' && last.offset === open.offset && last.length === length && open.argument) {
          last.language = open.argument;
        } else {
          const entity: MessageEntity = { type: 'code', offset: open.offset, length };
          if (open.argument) entity.language = open.argument;
          entities.push(entity);
        }
      }
    }
  }
  if (stack.length > 0) fail(`Can't find end tag corresponding to start tag "${stack.at(-1)!.tag}"`);
  for (const entity of entities) if (entity.type === 'code') delete entity.language;
  return { text: decode(c.out), entities: sortEntities(entities) };
}
