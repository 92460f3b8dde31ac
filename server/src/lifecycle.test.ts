// The whole server starts and stops three times in one process and leaves
// nothing behind: no handle keeping the event loop alive, and no interval of
// ours still ticking (unref'd ones included, which the handle list omits).
import assert from 'node:assert/strict';
import { createHook } from 'node:async_hooks';
import { once } from 'node:events';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import { signInWithToken } from './testing/api-client.ts';
import { createTestDatabase, startTestServer, testAdmin, testEngines } from './testing/harness.ts';

const serverSource = /\/server\/src\/(?!.*\.test\.ts)/;

/** Intervals created by server code (not the simulator's or the test runner's), by async id, with where they were set. */
function trackServerIntervals() {
  const live = new Map<number, string>();
  const hook = createHook({
    init(asyncId, type, _trigger, resource) {
      if (type !== 'Timeout' || (resource as { _repeat?: number | null })._repeat == null) return;
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 30;
      const stack = new Error().stack ?? '';
      Error.stackTraceLimit = limit;
      const frame = stack.split('\n').find((line) => serverSource.test(line) && !line.includes('node:'));
      if (frame && !/telegram-sim|tools\//.test(frame)) live.set(asyncId, frame.trim());
    },
    destroy(asyncId) {
      live.delete(asyncId);
    },
  });
  hook.enable();
  return { live, disable: () => hook.disable() };
}

function countByType(resources: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const type of resources) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}

const activeHandles = () => (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();

/**
 * Waits for the 'close' of every socket opened since the baseline that is still shutting down (a FIN
 * on its way), then reads the handles. A socket that never closes fails the test, naming its ends.
 */
async function settled(baselineHandles: Set<unknown>): Promise<Record<string, number>> {
  const closing = activeHandles().filter((handle): handle is net.Socket => handle instanceof net.Socket && !baselineHandles.has(handle));
  let timer: NodeJS.Timeout | undefined;
  const named = closing.map((socket) => `${socket.localPort} → ${socket.remoteAddress}:${socket.remotePort}`).join(', ');
  await Promise.race([
    Promise.all(closing.map((socket) => (socket.destroyed ? Promise.resolve() : once(socket, 'close')))),
    new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`sockets left open: ${named}`)), 10_000))),
  ]).finally(() => clearTimeout(timer));
  return countByType(process.getActiveResourcesInfo());
}

for (const engine of testEngines()) {
  describe(`the server's lifecycle on ${engine}`, () => {
    let sim: Simulator;
    before(async () => {
      sim = await startTelegramSimulator({ timeScale: 10 });
    });
    after(() => sim?.stop());

    test('starts and stops three times in one process, leaving no open handle and no interval of its own', async () => {
      const bot = sim.createBot({ username: 'lifecycle_bot' });
      const database = await createTestDatabase(engine);
      const intervals = trackServerIntervals();
      try {
        // The baseline: the simulator and the test runner, before any server.
        const baseline = countByType(process.getActiveResourcesInfo());
        const baselineHandles = new Set(activeHandles());
        for (let run = 1; run <= 3; run++) {
          const server = await startTestServer(
            engine,
            { TELEGRAM_API_ROOT: sim.apiRoot, TELEGRAM_BOT_TOKEN: bot.token, TELEGRAM_MODE: 'polling' },
            database,
          );
          try {
            assert.equal(server.switchboard.running().at(-1), 'channels', 'everything started, channels last');
            assert.ok(intervals.live.size > 0, 'the tracker sees the intervals the server runs');
            // Work that touches intake, the inbox, the flows and a reply out, so their parts are busy when stopped.
            const admin = await signInWithToken(server.url, testAdmin);
            const user = sim.createUser({ first_name: `Run ${run}`, language_code: 'en' });
            sim.sendText(bot.token, { from: user.id, text: '/start' });
            await sim.waitForSent(bot.token, user.id, (message) => /Hello! Write your question/.test(message.text ?? ''), 10_000);
            assert.equal((await admin.get('/api/chats')).status, 200);
          } finally {
            await server.stop({ keepData: run < 3 });
          }
          assert.deepEqual(server.switchboard.running(), [], 'every part stopped');
          const after = await settled(baselineHandles);
          assert.deepEqual(after, baseline, `handles left open after stop number ${run}`);
          assert.deepEqual([...intervals.live.values()], [], `intervals still set after stop number ${run}`);
        }
      } finally {
        intervals.disable();
        await database.drop().catch(() => undefined);
      }
    });
  });
}
