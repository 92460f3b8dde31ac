import type { MessageEntity } from './bot-api-types.ts';

// The entities Telegram finds by itself in any text: commands, mentions, hashtags, URLs, e-mails.
const PATTERNS: Array<[string, RegExp]> = [
  ['bot_command', /(?<![\w/])\/[a-zA-Z0-9_]{1,64}(?:@[a-zA-Z0-9_]{3,32})?(?![\w/])/g],
  ['email', /(?<![\w.@])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?![\w@])/gi],
  ['url', /(?<![\w@/])(?:https?:\/\/)?(?:[a-z0-9-]+\.)+[a-z]{2,}(?::\d+)?(?:\/[^\s]*)?(?<![.,!?;:)])/gi],
  ['mention', /(?<![\w@])@[a-zA-Z0-9_]{5,32}(?!\w)/g],
  ['hashtag', /(?<![\w#])#[\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*/gu],
];

export function detectEntities(text: string): MessageEntity[] {
  const found: MessageEntity[] = [];
  const overlaps = (offset: number, length: number): boolean =>
    found.some((e) => offset < e.offset + e.length && e.offset < offset + length);
  for (const [type, pattern] of PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      const offset = match.index ?? 0;
      if (!overlaps(offset, match[0].length)) found.push({ type, offset, length: match[0].length });
    }
  }
  return found.sort((a, b) => a.offset - b.offset);
}

/** Explicit (formatting) entities win; detected ones are added where they do not overlap them. */
export function mergeEntities(explicit: MessageEntity[], detected: MessageEntity[]): MessageEntity[] {
  const linkish = new Set(['text_link', 'code', 'pre', 'url', 'email', 'mention', 'hashtag', 'bot_command', 'text_mention']);
  const blocking = explicit.filter((e) => linkish.has(e.type));
  const extra = detected.filter((d) => !blocking.some((e) => d.offset < e.offset + e.length && e.offset < d.offset + d.length));
  return [...explicit, ...extra].sort((a, b) => a.offset - b.offset || b.length - a.length);
}
