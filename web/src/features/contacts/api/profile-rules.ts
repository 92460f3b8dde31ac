// The profile rules the server enforces (PATCH /api/contacts/:id), checked as the operator types so
// the error shows beside the field before a round trip: the phone rule is the contract's own.
import i18next from 'i18next';
import { ApiError } from '../../../lib/api.ts';
import { errorText } from '../../../lib/errors.ts';
import type { ProfileBody } from '@switchboard/contract';
import { phoneCharacters, phoneDigits } from '@switchboard/contract/contacts-values';

/** The profile's fields, as PATCH /api/contacts/:id names them. */
export type ProfileField = keyof ProfileBody;

/** The translation key of what is wrong with a phone, or null when it is fine (empty clears it). */
export function phoneProblem(value: string): string | null {
  const phone = value.trim();
  if (!phone) return null;
  if (!phoneCharacters.test(phone)) return 'contacts.errors.phoneCharacters';
  const digits = phone.replace(/\D/g, '').length;
  if (digits < phoneDigits.min || digits > phoneDigits.max) return 'contacts.errors.phoneDigits';
  return null;
}

/**
 * Puts a 400's "Invalid request phone: …; tags.0: …" on the fields it names (the field names are the
 * contract's, stable; the server's English reasons stay off the screen). What names no field is the
 * form's general error, in the reader's language.
 */
export function fieldErrorsFrom(error: unknown): { fields: Partial<Record<ProfileField, string>>; general: string | null } {
  if (!error) return { fields: {}, general: null };
  if (!(error instanceof ApiError) || error.code !== 'invalid_input') return { fields: {}, general: errorText(error) };
  const fields: Partial<Record<ProfileField, string>> = {};
  for (const part of error.message.replace(/^Invalid request\s*/, '').split('; ')) {
    const match = /^(?:body\.)?(display_name|phone|tags|notes)(?:\.\d+)?: /.exec(part);
    if (match) fields[match[1] as ProfileField] = i18next.t('apiError.fieldInvalid');
  }
  return { fields, general: Object.keys(fields).length === 0 ? errorText(error) : null };
}
