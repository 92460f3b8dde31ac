// The profile rules the server enforces (PATCH /api/contacts/:id), checked as the operator types so
// the error shows beside the field before a round trip.
import { ApiError } from '../../../lib/api.ts';

export type ProfileField = 'display_name' | 'phone' | 'tags' | 'notes';

/** The translation key of what is wrong with a phone, or null when it is fine (empty clears it). */
export function phoneProblem(value: string): string | null {
  const phone = value.trim();
  if (!phone) return null;
  if (!/^\+?[\d\s().-]+$/.test(phone)) return 'contacts.errors.phoneCharacters';
  const digits = phone.replace(/\D/g, '').length;
  if (digits < 7 || digits > 15) return 'contacts.errors.phoneDigits';
  return null;
}

/**
 * Puts a 400's "Invalid request phone: …; tags.0: …" on the fields it names. What names no field
 * stays as the form's general error.
 */
export function fieldErrorsFrom(error: unknown): { fields: Partial<Record<ProfileField, string>>; general: string | null } {
  if (!(error instanceof ApiError)) return { fields: {}, general: error ? String((error as Error).message ?? error) : null };
  if (error.code !== 'invalid_input') return { fields: {}, general: error.message };
  const fields: Partial<Record<ProfileField, string>> = {};
  const rest: string[] = [];
  for (const part of error.message.replace(/^Invalid request\s*/, '').split('; ')) {
    const match = /^(display_name|phone|tags|notes)(?:\.\d+)?: (.+)$/.exec(part);
    if (match) fields[match[1] as ProfileField] = match[2]!;
    else rest.push(part);
  }
  return { fields, general: rest.length > 0 && Object.keys(fields).length === 0 ? error.message : null };
}
