// Ports of tdlib's parse_markdown_v2 and (legacy) parse_markdown, with the same error texts.
import type { MessageEntity } from './bot-api-types.ts';
import { at, type Cursor, checkUrl, copyByte, decode, fail, isSpace, sortEntities, type FormattedText } from './text-cursor.ts';

const ERROR_NAMES: Record<string, string> = {
  bold: 'Bold',
  italic: 'Italic',
  underline: 'Underline',
  strikethrough: 'Strikethrough',
  spoiler: 'Spoiler',
  text_link: 'TextUrl',
  code: 'Code',
  pre: 'Pre',
  custom_emoji: 'CustomEmoji',
};

interface Open {
  type: string;
  argument: string;
  offset: number;
  byteOffset: number;
  beginPos: number;
}

const ch = (s: string): number => s.charCodeAt(0);
const RESERVED = new Set([...'_*[]()~`>#+-=|{}.!'].map(ch));
const BACKTICK = ch('`');

function isEnd(c: Cursor, open: Open, i: number, b: number): boolean {
  switch (open.type) {
    case 'bold':
      return b === ch('*');
    case 'italic':
      return b === ch('_') && at(c, i + 1) !== ch('_');
    case 'code':
      return b === BACKTICK;
    case 'pre':
      return b === BACKTICK && at(c, i + 1) === BACKTICK && at(c, i + 2) === BACKTICK;
    case 'text_link':
    case 'custom_emoji':
      return b === ch(']');
    case 'underline':
      return b === ch('_') && at(c, i + 1) === ch('_');
    case 'strikethrough':
      return b === ch('~');
    case 'spoiler':
      return b === ch('|') && at(c, i + 1) === ch('|');
    default:
      return false;
  }
}

export function parseMarkdownV2(text: string): FormattedText {
  const c: Cursor = { bytes: Buffer.from(text, 'utf8'), out: [], utf16: 0 };
  const size = c.bytes.length;
  const entities: MessageEntity[] = [];
  const stack: Open[] = [];
  let quote: { offset: number; expandable: boolean } | null = null;
  const closeQuote = (): void => {
    if (quote && c.utf16 > quote.offset) {
      entities.push({
        type: quote.expandable ? 'expandable_blockquote' : 'blockquote',
        offset: quote.offset,
        length: c.utf16 - quote.offset,
      });
    }
    quote = null;
  };
  for (let i = 0; i < size; i++) {
    const b = at(c, i);
    const top = stack.at(-1);
    const inCode = top?.type === 'code' || top?.type === 'pre';
    if (!inCode && (i === 0 || at(c, i - 1) === 0x0a)) {
      if (b === ch('>')) {
        quote ??= { offset: c.utf16, expandable: false };
        continue;
      }
      if (b === ch('*') && at(c, i + 1) === ch('*') && at(c, i + 2) === ch('>')) {
        quote ??= { offset: c.utf16, expandable: true };
        i += 2;
        continue;
      }
    }
    if (b === 0x0a && quote && at(c, i + 1) !== ch('>') && !inCode) closeQuote();
    if (b === ch('\\') && at(c, i + 1) > 0 && at(c, i + 1) <= 126) {
      i++;
      c.utf16 += 1;
      c.out.push(at(c, i));
      continue;
    }
    const reserved = inCode ? b === BACKTICK : RESERVED.has(b);
    if (!reserved) {
      copyByte(c, b);
      continue;
    }
    if (!top || !isEnd(c, top, i, b)) {
      const byteOffset = i;
      let type: string;
      let argument = '';
      if (b === ch('_')) {
        type = at(c, i + 1) === ch('_') ? 'underline' : 'italic';
        if (type === 'underline') i++;
      } else if (b === ch('*')) type = 'bold';
      else if (b === ch('~')) type = 'strikethrough';
      else if (b === ch('|') && at(c, i + 1) === ch('|')) {
        type = 'spoiler';
        i++;
      } else if (b === ch('[')) type = 'text_link';
      else if (b === ch('!') && at(c, i + 1) === ch('[')) {
        type = 'custom_emoji';
        i++;
      } else if (b === BACKTICK) {
        if (at(c, i + 1) === BACKTICK && at(c, i + 2) === BACKTICK) {
          i += 3;
          type = 'pre';
          let languageEnd = i;
          while (languageEnd < size && !isSpace(at(c, languageEnd)) && at(c, languageEnd) !== BACKTICK) languageEnd++;
          if (i !== languageEnd && languageEnd < size && at(c, languageEnd) !== BACKTICK) {
            argument = c.bytes.subarray(i, languageEnd).toString('utf8');
            i = languageEnd;
          }
          const n = at(c, i);
          if (n === 0x0a || n === 0x0d) {
            const m = at(c, i + 1);
            i += (m === 0x0a || m === 0x0d) && m !== n ? 2 : 1;
          }
          i--;
        } else type = 'code';
      } else {
        fail(`Character '${String.fromCharCode(b)}' is reserved and must be escaped with the preceding '\\'`);
      }
      stack.push({ type: type!, argument, offset: c.utf16, byteOffset, beginPos: c.out.length });
      continue;
    }
    stack.pop();
    let skip = c.utf16 === top.offset;
    const entity: MessageEntity = { type: top.type, offset: top.offset, length: c.utf16 - top.offset };
    if (top.type === 'underline' || top.type === 'spoiler') i++;
    if (top.type === 'pre') {
      i += 2;
      if (top.argument) entity.language = top.argument;
    }
    if (top.type === 'text_link' || top.type === 'custom_emoji') {
      let url: string;
      if (at(c, i + 1) !== ch('(')) {
        url = decode(c.out.slice(top.beginPos));
      } else {
        i += 2;
        const urlBegin = i;
        const urlBytes: number[] = [];
        while (i < size && at(c, i) !== ch(')')) {
          if (at(c, i) === ch('\\') && at(c, i + 1) > 0 && at(c, i + 1) <= 126) {
            urlBytes.push(at(c, i + 1));
            i += 2;
            continue;
          }
          urlBytes.push(at(c, i++));
        }
        if (at(c, i) !== ch(')')) fail(`Can't find end of a URL at byte offset ${urlBegin}`);
        url = decode(urlBytes);
      }
      if (top.type === 'custom_emoji') {
        const id = /^tg:\/\/emoji\?id=(\d+)$/.exec(url)?.[1];
        if (!id) fail(`Custom emoji entity must contain a tg://emoji URL`);
        entity.custom_emoji_id = id;
      } else {
        const checked = checkUrl(url);
        if (checked) entity.url = checked;
        else skip = true;
      }
    }
    if (!skip) entities.push(entity);
  }
  closeQuote();
  const open = stack.at(-1);
  if (open) fail(`Can't find end of ${ERROR_NAMES[open.type] ?? open.type} entity at byte offset ${open.byteOffset}`);
  return { text: decode(c.out), entities: sortEntities(entities) };
}

export function parseMarkdown(text: string): FormattedText {
  const c: Cursor = { bytes: Buffer.from(text, 'utf8'), out: [], utf16: 0 };
  const size = c.bytes.length;
  const entities: MessageEntity[] = [];
  const special = new Set([ch('_'), ch('*'), BACKTICK, ch('[')]);
  for (let i = 0; i < size; i++) {
    const b = at(c, i);
    if (b === ch('\\') && special.has(at(c, i + 1))) {
      i++;
      c.out.push(at(c, i));
      c.utf16++;
      continue;
    }
    if (!special.has(b)) {
      copyByte(c, b);
      continue;
    }
    const beginPos = i;
    const endChar = b === ch('[') ? ch(']') : b;
    let isPre = false;
    let language = '';
    i++;
    if (b === BACKTICK && at(c, i) === BACKTICK && at(c, i + 1) === BACKTICK) {
      i += 2;
      isPre = true;
      let languageEnd = i;
      while (languageEnd < size && !isSpace(at(c, languageEnd)) && at(c, languageEnd) !== BACKTICK) languageEnd++;
      if (i !== languageEnd && languageEnd < size && at(c, languageEnd) !== BACKTICK) {
        language = c.bytes.subarray(i, languageEnd).toString('utf8');
        i = languageEnd;
      }
      const n = at(c, i);
      if (n === 0x0a || n === 0x0d) {
        const m = at(c, i + 1);
        i += (m === 0x0a || m === 0x0d) && m !== n ? 2 : 1;
      }
    }
    const offset = c.utf16;
    while (i < size && (at(c, i) !== endChar || (isPre && !(at(c, i + 1) === BACKTICK && at(c, i + 2) === BACKTICK)))) {
      copyByte(c, at(c, i++));
    }
    if (i === size) fail(`Can't find end of the entity starting at byte offset ${beginPos}`);
    if (offset !== c.utf16) {
      const length = c.utf16 - offset;
      if (b === ch('_')) entities.push({ type: 'italic', offset, length });
      else if (b === ch('*')) entities.push({ type: 'bold', offset, length });
      else if (b === ch('[')) {
        let url: string;
        if (at(c, i + 1) !== ch('(')) url = c.bytes.subarray(beginPos + 1, i).toString('utf8');
        else {
          i += 2;
          const start = i;
          while (i < size && at(c, i) !== ch(')')) i++;
          url = c.bytes.subarray(start, i).toString('utf8');
        }
        const checked = checkUrl(url);
        if (checked) entities.push({ type: 'text_link', offset, length, url: checked });
      } else if (isPre) {
        entities.push(language ? { type: 'pre', offset, length, language } : { type: 'pre', offset, length });
      } else entities.push({ type: 'code', offset, length });
    }
    if (isPre) i += 2;
  }
  return { text: decode(c.out), entities: sortEntities(entities) };
}
