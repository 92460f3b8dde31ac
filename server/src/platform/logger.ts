import { pino, type Logger } from 'pino';

export type { Logger };

const botTokenPattern = /\d{5,}:[A-Za-z0-9_-]{20,}/g;
const tokenQueryPattern = /([?&](?:token|secret)=)[^&#\s]*/gi;

/** Replaces bot tokens and secret query parameters inside free text (URLs, error messages) with a mask. */
export function maskSecrets(text: string): string {
  return text.replace(botTokenPattern, (token) => `${token.slice(0, token.indexOf(':'))}:***`).replace(tokenQueryPattern, '$1***');
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
    options.destination as pino.DestinationStream | undefined,
  );
}
