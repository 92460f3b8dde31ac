import { pino, type Logger } from 'pino';
import { prettyLine } from './startup-console.ts';

export type { Logger };

/** A secret's shape, contributed by the channel module whose credentials look like it. */
export interface SecretPattern {
  /** A global pattern matching the secret inside free text (URLs, error messages), percent-encoded forms too. */
  pattern: RegExp;
  /** What replaces a match; keep nothing secret. */
  mask(match: string): string;
  /** Request headers that carry such secrets (lower case). */
  headers?: readonly string[];
}

// Any query parameter whose name speaks of a token, secret, password or key: ?token=, &secret_token=, ?api_key= …
const secretQueryPattern = /([?&;][\w.-]*(?:token|secret|password|passwd|key)[\w.-]*=)[^&#\s"']*/gi;
const knownSecrets = new Set<string>();

/**
 * Secrets no pattern can recognise (APP_SECRET, webhook secrets: random text) are masked wherever they
 * appear once registered here, raw or percent-encoded.
 */
export function registerSecret(secret: string | undefined): void {
  if (!secret || secret.length < 8) return;
  knownSecrets.add(secret);
  knownSecrets.add(encodeURIComponent(secret));
}

/** Replaces the modules' secret shapes, secret query parameters and registered secrets inside free text (URLs, error messages, whole log lines). */
export function maskSecrets(text: string, secrets: readonly SecretPattern[] = []): string {
  let masked = text;
  for (const secret of secrets) masked = masked.replace(secret.pattern, (match) => secret.mask(match));
  masked = masked.replace(secretQueryPattern, '$1***');
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
  'res.headers["set-cookie"]',
];

/**
 * `secrets`: what the channel modules' credentials look like, masked in messages and URLs (the list is read
 * at each log line, so patterns added later count) and in the headers they name (fixed at creation).
 */
export function createLogger(options: {
  level: string;
  destination?: NodeJS.WritableStream;
  secrets?: readonly SecretPattern[];
  /** `pretty`: readable lines for a person at a terminal (startup-console.ts); JSON otherwise. */
  format?: 'pretty' | 'json';
}): Logger {
  const secrets = options.secrets ?? [];
  const maskText = (text: string) => maskSecrets(text, secrets);
  const headerPaths = secrets.flatMap((secret) => secret.headers ?? []).map((header) => `req.headers[${JSON.stringify(header)}]`);
  // The last line of defence: every written line is masked, whatever field or message a secret slipped into.
  // A person's terminal is written synchronously, so what is printed directly (the start-up box) keeps its place.
  const target = options.destination ?? pino.destination({ dest: 1, sync: options.format === 'pretty' });
  // Colours only for a terminal (a forced LOG_FORMAT=pretty into a file stays plain text).
  const colorize = Boolean(((options.destination ?? process.stdout) as NodeJS.WriteStream).isTTY);
  const pretty = options.format === 'pretty' ? prettyLine(colorize) : undefined;
  const masked = {
    write: (line: string) => target.write(pretty ? pretty(maskText(line)) : maskText(line)),
  };
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
    masked,
  );
}
