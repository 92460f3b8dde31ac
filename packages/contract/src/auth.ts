// Signing in, the first admin, API tokens and one's own password.
import { z } from 'zod';

/** The signed-in staff user, as /api/auth/me and sign-in answer. */
export const staffUser = z.object({
  id: z.number(),
  email: z.string(),
  name: z.string(),
  role: z.string(),
  is_active: z.boolean(),
  language: z.string(),
});
export type StaffUserJson = z.infer<typeof staffUser>;

export const sessionResponse = z.object({ user: staffUser, csrf_token: z.string() });
export type SessionResponse = z.infer<typeof sessionResponse>;

/** POST /api/auth/login, /api/api-token-auth/: seed 002 calls the e-mail "username". */
export const credentialsBody = z
  .object({
    email: z.string().trim().min(1).max(320).optional(),
    username: z.string().trim().min(1).max(320).optional(),
    password: z.string().min(1).max(1024),
  })
  .refine((body) => body.email ?? body.username, { message: 'send "email" (or "username") and "password"' });

/** POST /api/setup */
export const setupBody = z.object({
  setup_code: z.string().min(1).max(64),
  email: z.email(),
  password: z.string().min(8).max(1024),
  name: z.string().max(200).optional(),
});

/** An API token as its owner sees it (the secret only once, when it is created). */
export const tokenInfo = z.object({
  id: z.number(),
  name: z.string(),
  created_at: z.string(),
  last_used_at: z.string().nullable(),
  expires_at: z.string().nullable(),
});
export type TokenInfo = z.infer<typeof tokenInfo>;

/** POST /api/tokens */
export const newTokenBody = z.object({
  name: z.string().trim().min(1, 'give the token a "name" that says where it is used').max(100),
  expires_at: z.iso
    .datetime({ offset: true, message: 'send "expires_at" as an ISO 8601 date-time, e.g. 2030-01-31T00:00:00Z' })
    .nullable()
    .optional(),
});

/** POST /api/auth/password */
export const passwordChangeBody = z.object({
  current_password: z.string().min(1).max(1024),
  new_password: z.string().min(8, 'the new password needs at least 8 characters').max(1024),
  keep_tokens: z.boolean().default(false),
});
export type PasswordChangeBody = z.input<typeof passwordChangeBody>;
export type NewTokenBody = z.input<typeof newTokenBody>;
