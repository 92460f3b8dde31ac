// Credential fields every Meta product's account carries (the Meta app's secret and the webhook's verify token,
// plus the product's access token), and reading the JSON the registry stores back, shared by WhatsApp and Instagram.
import { z } from 'zod';

export const metaAppSecretField = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9]{16,128}$/, 'Give the Meta app’s secret ("app_secret"): App settings → Basic → App secret.');

export const metaVerifyTokenField = z
  .string()
  .trim()
  .min(8, 'Choose a verify token of at least 8 characters ("verify_token") and give the same in the app’s webhook settings.')
  .max(200, 'A verify token is under 200 characters.');

export function metaAccessTokenField(where: string) {
  return z
    .string()
    .trim()
    .min(20, `Give the access token ("access_token"): ${where}.`)
    .max(1000, 'An access token is under 1000 characters: copy it again.');
}

/** A Graph id field (digits only), saying where the admin finds it. */
export function graphIdField(field: string, where: string) {
  return z
    .string()
    .trim()
    .regex(/^\d{1,30}$/, `"${field}" is the number in ${where} (digits only).`);
}

/** The stored JSON read back through the module's schema; unreadable credentials say to connect the account again. */
export function decodeMetaCredentials<T>(schema: z.ZodType<T>, encoded: string, accountName: string): T {
  let parsed: unknown;
  try {
    parsed = JSON.parse(encoded);
  } catch {
    parsed = null;
  }
  const result = schema.safeParse(parsed);
  if (!result.success) throw new Error(`The stored ${accountName} credentials are unreadable: connect the account again.`);
  return result.data;
}
