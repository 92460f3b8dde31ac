import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { installWebhookReplies } from './bot-api-dispatch.ts';
import { createControlSurface } from './control-surface.ts';
import { createRequestHandler } from './http-server.ts';
import { createSimCore } from './sim-core.ts';
import { readSequences, writeSequences } from './state-file.ts';
import type { RateModel, Simulator } from './simulator-types.ts';

export interface StartOptions {
  port?: number;
  host?: string;
  /** Multiplies every rate and divides every simulator-side wait; 10 = ten times faster. */
  timeScale?: number;
  rates?: Partial<RateModel>;
  /** Seeds fault injection and other random choices so runs repeat. */
  seed?: number;
  /**
   * A JSON file that keeps each bot's update_id and each chat's message_id sequence across restarts, as
   * Telegram does (a demo restarted on the same data must not repeat ids the CRM already has).
   */
  stateFile?: string;
}

export async function startTelegramSimulator(options: StartOptions = {}): Promise<Simulator> {
  const timeScale = options.timeScale ?? 1;
  if (!(timeScale > 0)) throw new Error('timeScale must be a positive number');
  const stateFile = options.stateFile;
  let savePending = false;
  // Written at most once per turn of the event loop, right after the ids were used.
  const saveSoon = () => {
    if (!stateFile || savePending) return;
    savePending = true;
    setImmediate(() => {
      savePending = false;
      writeSequences(stateFile, core.sequences());
    });
  };
  const core = createSimCore({
    timeScale,
    rates: options.rates ?? {},
    seed: options.seed ?? 1,
    sequences: stateFile ? readSequences(stateFile) : undefined,
    onSequenceUsed: saveSoon,
  });
  if (stateFile) core.world.onSent(saveSoon);
  installWebhookReplies(core);
  const control = createControlSurface(core);
  const server = createServer(createRequestHandler(core, control));
  // Long polls last up to 50 s; Node's defaults would cut idle keep-alive sockets sooner, which is fine,
  // but a request must never be timed out by the server itself.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  let stopping: Promise<void> | null = null;

  return {
    ...control,
    url,
    apiRoot: url,
    timeScale,
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        if (stateFile) writeSequences(stateFile, core.sequences());
        control.closeWaiters('simulator stopped');
        core.stopRuntimes();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopping;
    },
  };
}
