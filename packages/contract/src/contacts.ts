// Contacts: the list, the profile staff edit, merging duplicates.
import { z } from 'zod';
import { idField, maxIntegerId, pageQueryFields, text } from './primitives.ts';

/** A cursor's position in the contact list. */
export const contactPosition = z.number().int().positive().max(maxIntegerId);

/** A phone number staff type: these characters, and 7 to 15 digits (E.164). The web checks the same as you type. */
export const phoneCharacters = /^\+?[\d\s().-]+$/;
export const phoneDigits = { min: 7, max: 15 } as const;

const phone = z
  .string()
  .trim()
  .max(40, 'write at most 40 characters')
  .refine(
    (value) => value === '' || phoneCharacters.test(value),
    'use digits, spaces, brackets, dashes and a leading +, e.g. +7 701 123 45 67',
  )
  .refine((value) => {
    const digits = value.replace(/\D/g, '').length;
    return value === '' || (digits >= phoneDigits.min && digits <= phoneDigits.max);
  }, `an international number has ${phoneDigits.min} to ${phoneDigits.max} digits, e.g. +7 701 123 45 67`)
  // An empty field clears the number.
  .transform((value) => value || null);

/** PATCH /api/contacts/:id */
export const profileBody = z.object({
  display_name: z.string().trim().min(1, 'the name cannot be empty').max(200, 'write at most 200 characters').optional(),
  phone: phone.nullable().optional(),
  tags: z
    .array(z.string().trim().min(1, 'a tag cannot be empty').max(50, 'a tag has at most 50 characters'))
    .max(50, 'at most 50 tags')
    .optional(),
  notes: z.string().max(10_000, 'notes hold at most 10,000 characters').optional(),
});
export type ProfileBody = z.input<typeof profileBody>;

/** GET /api/contacts */
export const contactListQuery = z.object({ q: text(200).optional(), ...pageQueryFields() });

/** POST /api/contacts/:id/merge */
export const mergeBody = z.object({ duplicate_id: idField });
