import { pino, type Logger } from 'pino';

export type { Logger };

// A bot token as written (123:AA…), percent-encoded in a forwarded path or query (123%3AAA…), or double-encoded.
const botTokenPattern = /(\d{5,})(?::|%3A|%253A)[A-Za-z0-9_-]{20,}/gi;
// Any query parameter whose name speaks of a token, secret, password or key: ?token=, &secret_token=, ?api_key= …
const secretQueryPattern = /([?&;][\w.-]*(?:token|secret|password|passwd|key)[\w.-]*=)[^&#\s"']*/gi;
const knownSecrets = new Set<string>();

/**
 * Secrets the patterns cannot recognise (APP_SECRET, webhook secrets: random text) are masked wherever they
 * appear once registered here, raw or percent-encoded.
 */
export function registerSecret(secret: string | undefined): void {
  if (!secret || secret.length < 8) return;
  knownSecrets.add(secret);
  knownSecrets.add(encodeURIComponent(secret));
}

/** Replaces bot tokens, secret query parameters and registered secrets inside free text (URLs, error messages, whole log lines). */
export function maskSecrets(text: string): string {
  let masked = text.replace(botTokenPattern, '$1:***').replace(secretQueryPattern, '$1***');
  for (const secret of knownSecrets) if (masked.includes(secret)) masked = masked.replaceAll(secret, '***');
  return masked;
}

const redactedPaths = [
  'password',
  'token',
  'bot_token',
  'api_token',
  'secret',
  'secret_token',
  'setupCode',
  '*.password',
  '*.token',
  '*.bot_token',
  '*.api_token',
  '*.secret',
  '*.secret_token',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'req.headers["x-bot-token"]',
  'req.headers["x-telegram-bot-api-secret-token"]',
  'res.headers["set-cookie"]',
];

export function createLogger(options: { level: string; destination?: NodeJS.WritableStream }): Logger {
  // The last line of defence: every written line is masked, whatever field or message a secret slipped into.
  const target = options.destination ?? pino.destination(1);
  const masked = { write: (line: string) => target.write(maskSecrets(line)) };
  return pino(
    {
      level: options.level,
      redact: { paths: redactedPaths, censor: '***' },
      serializers: {
        req: (request: { method?: string; url?: string; ip?: string }) => ({
          method: request.method,
          url: request.url ? maskSecrets(request.url) : request.url,
          ip: request.ip,
        }),
        err: (error: unknown) => {
          const serialized = pino.stdSerializers.err(error as Error);
          if (serialized.message) serialized.message = maskSecrets(serialized.message);
          if (serialized.stack) serialized.stack = maskSecrets(serialized.stack);
          return serialized;
        },
      },
    },
    masked,
  );
}
