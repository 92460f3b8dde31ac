// Shared pieces of the ports of tdlib's entity parsers (td/telegram/MessageEntity.cpp).
import type { MessageEntity } from './bot-api-types.ts';

export interface FormattedText {
  text: string;
  entities: MessageEntity[];
}

export class ParseEntitiesError extends Error {}

export const fail = (message: string): never => {
  throw new ParseEntitiesError(message);
};

export interface Cursor {
  bytes: Buffer;
  out: number[];
  utf16: number;
}

export const at = (c: Cursor, i: number): number => (i < c.bytes.length ? (c.bytes[i] as number) : 0);
export const isSpace = (b: number): boolean => b === 32 || b === 9 || b === 10 || b === 13 || b === 12 || b === 11;

export function copyByte(c: Cursor, b: number): void {
  if ((b & 0xc0) !== 0x80) c.utf16 += b >= 0xf0 ? 2 : 1;
  c.out.push(b);
}

export function checkUrl(url: string): string | null {
  const trimmed = url.trim();
  if (/^(https?|tg|ton):\/\/\S+$/i.test(trimmed)) return trimmed;
  if (/^[\w-]+(\.[\w-]+)+(:\d+)?(\/\S*)?$/i.test(trimmed)) return `http://${trimmed}${trimmed.includes('/') ? '' : '/'}`;
  return null;
}

export function sortEntities(entities: MessageEntity[]): MessageEntity[] {
  return entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
}

export const decode = (out: number[]): string => Buffer.from(out).toString('utf8');
