// seed 002's /api/accounts: connected messenger accounts of every kind. A kind's credential fields and settings are
// its channel module's own zod schemas (GET /api/channels/kinds names them), so the bodies here are loose objects
// that carry the common fields; the server checks the rest with the kind's module.
import { z } from 'zod';
import type { AccountHealth } from './system.ts';

export const intakeModes = ['webhook', 'polling', 'forwarded'] as const;
export type IntakeMode = (typeof intakeModes)[number];
export const channelStatuses = ['created', 'authenticating', 'active', 'error', 'stopped'] as const;
export type ChannelStatus = (typeof channelStatuses)[number];

/** POST /api/accounts: the common fields; the kind's credential fields and settings ride along. */
export const accountBody = z.looseObject({
  name: z.string().trim().min(1).max(120),
  account_type: z.string().trim().min(1).max(50).optional(),
  intake_mode: z.enum(intakeModes).optional(),
});
export type AccountBody = z.input<typeof accountBody> & Record<string, unknown>;

/** PATCH /api/accounts/:id: the common fields; new credential fields are checked with the platform. */
export const accountPatch = z.looseObject({
  name: z.string().trim().min(1).max(120).optional(),
  intake_mode: z.enum(intakeModes).optional(),
  is_enabled: z.boolean().optional(),
  /** Apps switched on for this account; omit the key to leave it, [] for none. */
  apps: z.array(z.string().trim().min(1).max(50)).max(20).optional(),
});
export type AccountPatch = z.input<typeof accountPatch> & Record<string, unknown>;

/** POST /api/accounts/:id/webhook: no url points it at this server (PUBLIC_URL). */
export const accountWebhookBody = z.object({ url: z.url().optional() }).default({});

/** seed 002's account, whatever its kind: the bot_* names are the seed's; secrets only masked. */
export interface Account {
  id: number;
  name: string;
  /** The module's account type ('bot', or 'user' for a personal account, listed on its own). */
  account_type: string;
  kind: string;
  /** The messenger the account belongs to: each messenger's card lists only its own. */
  messenger: string;
  status: ChannelStatus;
  status_detail: string | null;
  intake_mode: IntakeMode;
  is_default: boolean;
  is_enabled: boolean;
  token_source: 'env' | 'database';
  bot_token_masked: string | null;
  bot_id: string | null;
  bot_username: string | null;
  bot_name: string | null;
  welcome_text: string;
  /** Apps switched on for this account; null: every app. */
  apps: string[] | null;
  created_at: string;
}

/** GET /api/accounts (admins). */
export interface AccountList {
  results: Account[];
  next_cursor: null;
}

/** One of GET /api/accounts/:id/sub-accounts: a business that connected this account to its own. */
export interface SubAccountAnswer {
  id: string;
  name: string;
  owner: { external_id: string; name: string; username: string | null };
  rights: Record<string, boolean>;
  state: 'active' | 'disabled' | 'revoked';
  can_reply: boolean;
  code: string | null;
  reason: string | null;
  connected_at: string;
  updated_at: string;
}

/** GET /api/accounts/:id/sub-accounts */
export interface SubAccountList {
  results: SubAccountAnswer[];
}

/** POST /api/accounts/:id/test: the platform accepted the credentials. */
export interface AccountTestResult {
  ok: boolean;
  bot: { id: number; username: string | null; first_name: string | null };
}

/**
 * GET /api/accounts/:id/webhook: the platform's view of the account's webhook (the kinds that keep one), as the
 * platform reports it: what it does not report is absent, not null.
 */
export interface WebhookInfo {
  /** Where the platform delivers updates; '' when no webhook is set (the account polls). */
  url: string;
  /** Updates waiting to be delivered. */
  pending_update_count: number;
  has_custom_certificate?: boolean;
  ip_address?: string;
  /** Unix seconds of the last failed delivery; absent when none failed. */
  last_error_date?: number;
  last_error_message?: string;
  /** Unix seconds of the last failure to sync with the platform's own datacenters. */
  last_synchronization_error_date?: number;
  max_connections?: number;
  /** The update types the webhook receives; absent: the platform's default. */
  allowed_updates?: string[];
}

/** POST /api/accounts/:id/webhook */
export interface WebhookSet {
  ok: true;
  url: string;
}

/** POST /api/system/control */
export interface IntakeRestarted {
  ok: true;
  restarted: number;
}

/** POST /api/accounts/authenticate: a kind that logs in step by step; its credential fields ride along. */
export const accountLoginBody = z.looseObject({
  name: z.string().trim().min(1).max(120),
  account_type: z.string().trim().min(1).max(50).optional(),
});
export type AccountLoginBody = z.input<typeof accountLoginBody> & Record<string, unknown>;

/** POST /api/accounts/:id/verify_otp */
export const accountOtpBody = z.object({
  otp_code: z
    .string()
    .trim()
    .regex(/^[0-9]{3,8}$/, 'Give the code Telegram sent, digits only ("otp_code").'),
});

/** POST /api/accounts/:id/verify_password */
export const accountPasswordBody = z.object({
  password: z.string().min(1, 'Give the two-step verification password ("password").').max(256),
});

/** Where a step-by-step login stands (a personal account: phone → code → password). */
export interface AccountLoginStep {
  /** 'code', 'password', or 'done' (the account is active). */
  step: 'code' | 'password' | 'done';
  /** How the code was sent (app, sms, call, flash_call, missed_call, email, email_required, fragment …). */
  code_type: string | null;
  /** How a resend will send it; 'none' when it cannot. */
  next_type: string | null;
  /** Seconds before a resend is allowed; null when none is. */
  timeout: number | null;
  /** What to do now, for people. */
  message: string;
}

/** Every login route's answer (POST /api/accounts/authenticate, /:id/authenticate, resend_code, verify_otp, verify_password). */
export type AccountInLogin = Account & { login: AccountLoginStep };

/** GET /api/accounts/:id/health: null for kinds that keep no connection of their own. */
export interface AccountHealthAnswer {
  account_id: number;
  health: AccountHealth | null;
}
