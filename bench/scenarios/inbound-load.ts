// The two inbound loads: as fast as 100 connections go (throughput, ack
// latency under saturation) and a fixed rate (ack and webhook→WebSocket latency).
import { createHttpClient, runChatLoad } from '../lib/http-load.ts';
import { round, summarize } from '../lib/report.ts';
import { generateUpdates, type GeneratedUpdate } from '../lib/updates.ts';

export const webhookSecret = 'bench-webhook-secret';
let nextUpdateId = 300_000_000;
let runCounter = 0;

export interface WebhookTarget {
  url: string;
  path: string;
}

export function makeUpdates(count: number, chats: number, firstChat = 0): { run: string; updates: GeneratedUpdate[] } {
  const run = `r${process.pid.toString(36)}${(runCounter++).toString(36)}`;
  const updates = generateUpdates({ run, count, chats, firstUpdateId: nextUpdateId, firstChat });
  nextUpdateId += count;
  return { run, updates };
}

/** Posts the updates like Telegram: per-chat FIFO, at most `connections` requests at once. */
export async function postUpdates(
  target: WebhookTarget,
  updates: GeneratedUpdate[],
  options: { connections: number; ratePerSecond?: number; timeoutMs: number },
) {
  const client = createHttpClient(target.url, options.connections);
  const startedAtEpochMs = Date.now();
  try {
    const headers = { 'x-telegram-bot-api-secret-token': webhookSecret };
    const result = await runChatLoad({
      items: updates,
      connections: options.connections,
      ratePerSecond: options.ratePerSecond,
      timeoutMs: options.timeoutMs,
      send: async (update) => (await client.request('POST', target.path, { body: update.json, headers })).status,
    });
    const seconds = (result.finishedAt - result.startedAt) / 1000;
    const ack = summarize(result.records.map((record) => record.doneAt - record.sentAt));
    const ackFromDue = summarize(result.records.map((record) => record.doneAt - record.dueAt));
    return {
      updates: updates.length,
      errors: result.errors,
      seconds: round(seconds, 2),
      acked_per_second: round(updates.length / seconds, 0),
      ack_ms: ack,
      ack_from_due_ms: ackFromDue,
      startedAt: result.startedAt,
      startedAtEpochMs,
      records: result.records,
    };
  } finally {
    client.close();
  }
}

export type PostResult = Awaited<ReturnType<typeof postUpdates>>;

/** The figures of a post result without the per-update records. */
export function figuresOf(result: PostResult) {
  const { records: _records, startedAt: _startedAt, startedAtEpochMs: _epoch, ...figures } = result;
  return figures;
}
