import { pino, type Logger } from 'pino';

export type { Logger };

/** A secret's shape, contributed by the channel module whose credentials look like it. */
export interface SecretPattern {
  /** A global pattern matching the secret inside free text (URLs, error messages). */
  pattern: RegExp;
  /** What replaces a match; keep nothing secret. */
  mask(match: string): string;
  /** Request headers that carry such secrets (lower case). */
  headers?: readonly string[];
}

const tokenQueryPattern = /([?&](?:token|secret)=)[^&#\s]*/gi;

/** Replaces the given secrets and secret query parameters inside free text (URLs, error messages) with a mask. */
export function maskSecrets(text: string, secrets: readonly SecretPattern[] = []): string {
  let masked = text;
  for (const secret of secrets) masked = masked.replace(secret.pattern, (match) => secret.mask(match));
  return masked.replace(tokenQueryPattern, '$1***');
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
  'res.headers["set-cookie"]',
];

/**
 * `secrets`: what the channel modules' credentials look like, masked in messages and URLs (the list is read
 * at each log line, so patterns added later count) and in the headers they name (fixed at creation).
 */
export function createLogger(options: { level: string; destination?: NodeJS.WritableStream; secrets?: readonly SecretPattern[] }): Logger {
  const secrets = options.secrets ?? [];
  const maskText = (text: string) => maskSecrets(text, secrets);
  const headerPaths = secrets.flatMap((secret) => secret.headers ?? []).map((header) => `req.headers[${JSON.stringify(header)}]`);
  return pino(
    {
      level: options.level,
      redact: { paths: [...redactedPaths, ...headerPaths], censor: '***' },
      serializers: {
        req: (request: { method?: string; url?: string; ip?: string }) => ({
          method: request.method,
          url: request.url ? maskText(request.url) : request.url,
          ip: request.ip,
        }),
        err: (error: unknown) => {
          const serialized = pino.stdSerializers.err(error as Error);
          if (serialized.message) serialized.message = maskText(serialized.message);
          if (serialized.stack) serialized.stack = maskText(serialized.stack);
          return serialized;
        },
      },
    },
    options.destination as pino.DestinationStream | undefined,
  );
}
