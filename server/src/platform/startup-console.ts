import type { Logger } from 'pino';
import { prettyFactory } from 'pino-pretty';

/**
 * What a person sees when they start Switchboard in a terminal: readable log lines, each step of the
 * start, and a box with the address (and, on the first start, the setup code). Where no one is
 * watching (a pipe, Docker's log driver, a log shipper) the lines stay JSON, one per event.
 */
export type LogFormat = 'auto' | 'pretty' | 'json';

/** `auto` is readable on a terminal and JSON everywhere else. */
export function resolveLogFormat(format: LogFormat, stream: NodeJS.WritableStream): 'pretty' | 'json' {
  if (format !== 'auto') return format;
  return (stream as NodeJS.WriteStream).isTTY ? 'pretty' : 'json';
}

/** Turns one JSON log line into "12:04:05 INFO  message (key=value …)". */
export function prettyLine(colorize: boolean): (line: string) => string {
  // A person reads the message; the fields beside it are for machines (errors are still printed in full).
  return prettyFactory({ colorize, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname', hideObject: true });
}

/** A box around some lines, sized to the longest (characters, not bytes: the setup code line may be Cyrillic). */
export function drawBox(lines: readonly string[]): string {
  const width = Math.max(...lines.map((line) => [...line].length));
  const pad = (line: string) => line + ' '.repeat(width - [...line].length);
  return [`╭${'─'.repeat(width + 4)}╮`, ...lines.map((line) => `│  ${pad(line)}  │`), `╰${'─'.repeat(width + 4)}╯`].join('\n') + '\n';
}

/** The box that ends a start. */
export function startupBox(facts: { url: string; version: string; setupCode?: string | null }): string {
  const lines = [`Switchboard ${facts.version} is running`, '', `Open ${facts.url}`];
  if (facts.setupCode)
    lines.push('', 'First start: there is no admin yet.', `Open ${facts.url}/setup`, `and enter the setup code:  ${facts.setupCode}`);
  lines.push('', 'Stop with Ctrl+C.');
  return drawBox(lines);
}

/**
 * The end of a start. JSON: the "listening" line and, on the first start, the setup code line (what
 * operations scripts grep for). A terminal: a box with both, after every line logged before it.
 */
export function announceStart(options: {
  logger: Logger;
  format: 'pretty' | 'json';
  destination: NodeJS.WritableStream;
  facts: { url: string; version: string; setupCode?: string | null; engine: string; role: string; startupMs: number };
}): void {
  const { logger, facts } = options;
  if (options.format === 'json') {
    logger.info(
      { url: facts.url, engine: facts.engine, role: facts.role, startup_ms: facts.startupMs },
      `Switchboard ${facts.version} (${facts.role}) listening on ${facts.url}`,
    );
    if (facts.setupCode) logger.warn(`first run: no admin yet. Open ${facts.url}/setup and enter the setup code ${facts.setupCode}`);
    return;
  }
  logger.info(`Started in ${(facts.startupMs / 1000).toFixed(1)} s (${facts.engine}, role ${facts.role})`);
  // The logger writes a terminal synchronously (logger.ts), so the box comes after every line above.
  options.destination.write(startupBox(facts));
}

/** The port is taken, or needs privileges: one line that names the port and the fix, instead of a stack trace. */
export class PortUnavailableError extends Error {
  readonly port: number;
  constructor(port: number, code: string) {
    super(
      code === 'EACCES'
        ? `port ${port} needs administrator rights. Use a port above 1023 (PORT=3000 in .env) and put Caddy in front for 80/443 (see README).`
        : `port ${port} is already in use (another Switchboard, or another program). Stop it, or start on a free port: PORT=${port + 1} npm start (or set PORT in .env).`,
    );
    this.name = 'PortUnavailableError';
    this.port = port;
  }
}

/** Wraps a listen failure: a busy or forbidden port becomes PortUnavailableError, anything else is rethrown as is. */
export function explainListenError(error: unknown, port: number): never {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE' || code === 'EACCES') throw new PortUnavailableError(port, code);
  throw error;
}
