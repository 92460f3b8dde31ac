import { CONTROL_METHODS } from './http-server.ts';
import type { SentMessage, SimulatorClient } from './simulator-types.ts';
import { fromWire, toWire } from './wire-codec.ts';

/** Drives a simulator in another process through its /control routes, with the in-process method names. */
export function createSimulatorClient(url: string): SimulatorClient {
  const base = url.replace(/\/+$/, '');
  async function call(name: string, args: unknown[]): Promise<unknown> {
    const response = await fetch(`${base}/control/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ args: toWire(args) }),
    });
    const body = (await response.json()) as { ok: boolean; result?: unknown; error?: string };
    if (!body.ok) throw new Error(`telegram-sim ${name}: ${body.error ?? response.statusText}`);
    return fromWire(body.result);
  }
  const client: Record<string, unknown> = { url: base, apiRoot: base };
  for (const name of CONTROL_METHODS) client[name] = (...args: unknown[]) => call(name, args);
  client.waitForSent = async (
    token: string,
    chatId: number,
    predicate: (message: SentMessage, all: SentMessage[]) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<SentMessage> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const all = (await call('sentMessages', [token, chatId])) as SentMessage[];
      const found = all.find((message) => predicate(message, all));
      if (found) return found;
      if (Date.now() >= deadline) throw new Error(`waitForSent: no matching message in chat ${chatId} within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  return client as unknown as SimulatorClient;
}
