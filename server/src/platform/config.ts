import path from 'node:path';
import { z } from 'zod';
import { trustProxySchema } from './trust-proxy.ts';

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const optionalUrl = (protocols: string[], example: string) =>
  optionalText.refine(
    (value) => {
      if (value === undefined) return true;
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL such as ${example}` },
  );

/** Every environment variable Switchboard reads, with its default. The README's table mirrors it. */
export const configSchema = z
  .object({
    PORT: z.coerce.number({ error: 'must be a port number, 0–65535' }).int().min(0).max(65535).default(3000),
    HOST: z.string().trim().min(1).default('127.0.0.1'),
    TRUST_PROXY: trustProxySchema,
    DATA_DIR: z.string().trim().min(1).default('./data'),
    DATABASE_URL: optionalUrl(['postgres:', 'postgresql:'], 'postgres://user:password@localhost:5432/switchboard'),
    PUBLIC_URL: optionalUrl(['http:', 'https:'], 'https://crm.example.com'),
    APP_SECRET: optionalText.refine((value) => value === undefined || value.length >= 32, {
      message: 'must be at least 32 characters (generate one with: openssl rand -base64 48)',
    }),
    ADMIN_EMAIL: optionalText.refine((value) => value === undefined || z.email().safeParse(value).success, {
      message: 'must be an e-mail address',
    }),
    ADMIN_PASSWORD: optionalText.refine((value) => value === undefined || value.length >= 8, {
      message: 'must be at least 8 characters',
    }),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    // auto: readable on a terminal, JSON lines when piped or collected (platform/startup-console.ts).
    LOG_FORMAT: z.enum(['auto', 'pretty', 'json']).default('auto'),
    DB_QUERY_TIMEOUT_MS: z.coerce.number({ error: 'must be a number of milliseconds' }).int().min(0).default(30_000),
    TELEGRAM_BOT_TOKEN: optionalText.refine((value) => value === undefined || /^\d+:[A-Za-z0-9_-]{20,}$/.test(value), {
      message: 'must look like 123456789:AA… (the token @BotFather gave you)',
    }),
    // Meta's Graph API (WhatsApp Cloud API): its address and version; tests point it at tools/fake-meta.
    META_GRAPH_URL: optionalUrl(['http:', 'https:'], 'https://graph.facebook.com').transform((value) =>
      (value ?? 'https://graph.facebook.com').replace(/\/+$/, ''),
    ),
    // Instagram API with Instagram Login has its own host; tests point it at tools/fake-meta too.
    INSTAGRAM_GRAPH_URL: optionalUrl(['http:', 'https:'], 'https://graph.instagram.com').transform((value) =>
      (value ?? 'https://graph.instagram.com').replace(/\/+$/, ''),
    ),
    META_GRAPH_VERSION: z
      .string()
      .trim()
      .regex(/^v\d+\.\d+$/, { message: 'must be a Graph API version such as v21.0' })
      .default('v21.0'),
    TELEGRAM_API_ROOT: optionalUrl(['http:', 'https:'], 'https://api.telegram.org').transform((value) =>
      (value ?? 'https://api.telegram.org').replace(/\/+$/, ''),
    ),
    TELEGRAM_WEBHOOK_SECRET: optionalText.refine((value) => value === undefined || /^[A-Za-z0-9_-]{1,256}$/.test(value), {
      message: 'must be 1–256 characters of A-Z, a-z, 0-9, _ and - (Telegram refuses others)',
    }),
    TELEGRAM_MODE: z.enum(['auto', 'webhook', 'polling']).default('auto'),
    MEDIA_DIR: optionalText,
    MEDIA_RETENTION_DAYS: z.coerce.number({ error: 'must be a number of days (0 keeps files for ever)' }).int().min(0).default(90),
    UPLOAD_MAX_BYTES: z.coerce
      .number({ error: 'must be a number of bytes, e.g. 52428800 for 50 MB' })
      .int()
      .min(1)
      .default(50 * 1024 * 1024),
    SWITCHBOARD_ROLE: z.enum(['all', 'web', 'worker']).default('all'),
    CORS_ALLOWED_ORIGINS: optionalText
      .transform((value) =>
        (value ?? '')
          .split(',')
          .map((origin) => origin.trim())
          .filter(Boolean),
      )
      .refine((origins) => origins.every((origin) => /^https?:\/\/[^/?#\s]+$/.test(origin) && URL.canParse(origin)), {
        message:
          'must be a comma-separated list of origins such as https://app.example.com,https://partner.example.org (scheme and host, no path)',
      }),
    FRAME_ANCESTORS: optionalText.refine((value) => value === undefined || /^[\w\s:/.*'-]+$/.test(value), {
      message: "must be CSP frame-ancestors sources such as 'self' https://intranet.example.com",
    }),
    // Field dispatch's AmoCRM connection (apps/dispatch); WEBHOOK_SECRET is seed 003's name for AMOCRM_WEBHOOK_SECRET.
    AMOCRM_SUBDOMAIN: optionalText,
    AMOCRM_BASE_URL: optionalUrl(['http:', 'https:'], 'https://example.amocrm.ru'),
    AMOCRM_CLIENT_ID: optionalText,
    AMOCRM_CLIENT_SECRET: optionalText,
    AMOCRM_REDIRECT_URI: optionalUrl(['http:', 'https:'], 'https://crm.example.com/api/dispatch/amocrm/oauth'),
    AMOCRM_REFRESH_TOKEN: optionalText,
    AMOCRM_ACCESS_TOKEN: optionalText,
    AMOCRM_WEBHOOK_SECRET: optionalText,
    WEBHOOK_SECRET: optionalText,
    // The clinic's bot API (apps/clinic): seed 004's shared secret, an integration of its own.
    TELEGRAM_BOT_API_SECRET: optionalText.refine((value) => value === undefined || /^\S{16,200}$/.test(value), {
      message: 'must be 16–200 characters without spaces',
    }),
    APPS: optionalText.transform((value) =>
      value === undefined || value === 'all'
        ? undefined
        : value
            .split(',')
            .map((name) => name.trim())
            .filter(Boolean),
    ),
  })
  .superRefine((config, context) => {
    if (config.DATABASE_URL && !config.APP_SECRET) {
      context.addIssue({
        code: 'custom',
        path: ['APP_SECRET'],
        message: 'is required when DATABASE_URL is set (every instance must share it; generate one with: openssl rand -base64 48)',
      });
    }
    if (Boolean(config.ADMIN_EMAIL) !== Boolean(config.ADMIN_PASSWORD)) {
      context.addIssue({
        code: 'custom',
        path: [config.ADMIN_EMAIL ? 'ADMIN_PASSWORD' : 'ADMIN_EMAIL'],
        message: 'ADMIN_EMAIL and ADMIN_PASSWORD must be set together',
      });
    }
    if (config.SWITCHBOARD_ROLE !== 'all' && !config.DATABASE_URL) {
      context.addIssue({
        code: 'custom',
        path: ['SWITCHBOARD_ROLE'],
        message: `${config.SWITCHBOARD_ROLE} needs DATABASE_URL (the embedded engine belongs to one process, which must play every role: use all)`,
      });
    }
    if (config.TELEGRAM_MODE === 'webhook' && !config.PUBLIC_URL) {
      context.addIssue({
        code: 'custom',
        path: ['PUBLIC_URL'],
        message: 'is required when TELEGRAM_MODE=webhook (Telegram needs a public https URL to call)',
      });
    }
  });

type ParsedConfig = z.output<typeof configSchema>;
export type Config = ParsedConfig & { dataDir: string; mediaDir: string };

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and validates the configuration; the error names each bad variable and how to fix it. */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const input = Object.fromEntries(Object.keys(configSchema.shape).map((key) => [key, environment[key]]));
  const result = configSchema.safeParse(input);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const variable = String(issue.path[0] ?? 'configuration');
      const message = issue.code === 'invalid_value' || issue.code === 'invalid_type' ? describeIssue(issue) : issue.message;
      return `  ${variable}: ${message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const dataDir = path.resolve(result.data.DATA_DIR);
  return { ...result.data, dataDir, mediaDir: result.data.MEDIA_DIR ? path.resolve(result.data.MEDIA_DIR) : path.join(dataDir, 'media') };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_value' && 'values' in issue) return `must be one of ${issue.values.join(', ')}`;
  return issue.message;
}
