// Switchboard as `npm start` runs it, plus an IPC channel for the benchmarks:
// enqueue into the delivery engine in transactions, read its counters, run SQL
// (PGlite has one connection, owned by this process).
//
// Workaround: startSwitchboard() takes no delivery limits yet, so
// BENCH_DELIVERY_LIMITS overrides the engine's defaults before start. The fix
// is a `deliveryLimits` start option passed on to createDelivery (see README).
import { sql } from 'kysely';
import { defaultDeliveryLimits, deliveryTables, type EnqueueInput } from '../server/src/delivery/index.ts';
import { startSwitchboard } from '../server/src/main.ts';
import { loadConfig } from '../server/src/platform/index.ts';

if (process.env.BENCH_DELIVERY_LIMITS) Object.assign(defaultDeliveryLimits, JSON.parse(process.env.BENCH_DELIVERY_LIMITS));

const switchboard = await startSwitchboard(loadConfig(process.env));
const { database, delivery } = switchboard;

type Command = { id: number; command: string; args?: any };

const commands: Record<string, (args: any) => Promise<unknown> | unknown> = {
  async enqueue(args: { inputs: EnqueueInput[] }) {
    const { created, channelIds } = await database.db
      .transaction()
      .execute((trx) => delivery.enqueueMany(deliveryTables(trx), args.inputs));
    for (const channelId of channelIds) delivery.wake(channelId);
    return { created };
  },
  deliveryStats: () => delivery.stats(),
  deliveryLimits: () => delivery.limits,
  /** Where the resident memory goes (after a full GC when --expose-gc is on). */
  memory() {
    (globalThis as { gc?: () => void }).gc?.();
    const mb = (bytes: number) => Math.round(bytes / 104857.6) / 10;
    const usage = process.memoryUsage();
    return {
      rss: mb(usage.rss),
      heapTotal: mb(usage.heapTotal),
      heapUsed: mb(usage.heapUsed),
      external: mb(usage.external),
      arrayBuffers: mb(usage.arrayBuffers),
    };
  },
  async query(args: { text: string }) {
    return (await sql.raw(args.text).execute(database.db)).rows;
  },
};

process.on('message', (message: Command) => {
  const handler = commands[message.command];
  Promise.resolve()
    .then(() => {
      if (!handler) throw new Error(`unknown command ${message.command}`);
      return handler(message.args);
    })
    .then(
      (result) => process.send?.({ id: message.id, result }),
      (error: unknown) => process.send?.({ id: message.id, error: (error as Error).stack ?? String(error) }),
    );
});

let stopping = false;
process.on('SIGTERM', () => {
  if (stopping) return;
  stopping = true;
  switchboard.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
