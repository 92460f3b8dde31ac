import { badRequest } from './api-error.ts';
import type { Params } from './request-body.ts';

export function str(params: Params, name: string): string | undefined {
  const value = params[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Like tdlib's get_integer_arg: missing or unparsable → default; then clamped. */
export function int(params: Params, name: string, fallback: number, min = -Infinity, max = Infinity): number {
  const raw = str(params, name);
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number.parseInt(raw.trim(), 10);
  if (Number.isNaN(value)) return fallback;
  return Math.min(max, Math.max(min, value));
}

export function optionalInt(params: Params, name: string): number | undefined {
  const raw = str(params, name);
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number.parseInt(raw.trim(), 10);
  return Number.isNaN(value) ? undefined : value;
}

export function bool(params: Params, name: string): boolean {
  const value = params[name];
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') return value === 'true' || value === '1' || value === 'True';
  return false;
}

/** Objects arrive parsed in JSON bodies and as JSON strings in form bodies. */
export function json<T>(params: Params, name: string, parseError: string): T | undefined {
  const value = params[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') return value as T;
  try {
    return JSON.parse(value) as T;
  } catch {
    throw badRequest(parseError);
  }
}

export function requireChatId(params: Params): number | string {
  const raw = str(params, 'chat_id');
  if (raw === undefined || raw.trim() === '') throw badRequest('chat_id is empty');
  const trimmed = raw.trim();
  if (trimmed.startsWith('@')) return trimmed;
  if (!/^-?\d+$/.test(trimmed)) throw badRequest('chat not found');
  return Number(trimmed);
}
