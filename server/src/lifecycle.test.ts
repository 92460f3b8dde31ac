// The whole server starts and stops three times in one process and leaves
// nothing behind: no handle keeping the event loop alive, and no interval of
// ours still ticking (unref'd ones included, which the handle list omits).
import assert from 'node:assert/strict';
import { createHook } from 'node:async_hooks';
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

/** Turns of the event loop (not time) until the handles are back to the baseline; closing sockets takes a few. */
async function settlesTo(baseline: Record<string, number>): Promise<Record<string, number>> {
  let now = countByType(process.getActiveResourcesInfo());
  for (let turn = 0; turn < 500 && !sameCounts(now, baseline); turn++) {
    await new Promise((resolve) => setImmediate(resolve));
    now = countByType(process.getActiveResourcesInfo());
  }
  return now;
}

function sameCounts(a: Record<string, number>, b: Record<string, number>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => (a[key] ?? 0) === (b[key] ?? 0));
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
        for (let run = 1; run <= 3; run++) {
          const server = await startTestServer(
            engine,
            { TELEGRAM_API_ROOT: sim.apiRoot, TELEGRAM_BOT_TOKEN: bot.token, TELEGRAM_MODE: 'polling' },
            database,
          );
          assert.ok(server.switchboard.running().includes('channels'), 'everything started, channels last');
          assert.ok(intervals.live.size > 0, 'the tracker sees the intervals the server runs');
          // Work that touches intake, the inbox, realtime and delivery's wakeups, so their parts are busy when stopped.
          const admin = await signInWithToken(server.url, testAdmin);
          const user = sim.createUser({ first_name: `Run ${run}`, language_code: 'en' });
          sim.sendText(bot.token, { from: user.id, text: `hello from run ${run}` });
          // The bot's welcome proves the update went through intake, the inbox and the flows, and a reply out.
          await sim.waitForSent(bot.token, user.id, () => true, 10_000);
          assert.equal((await admin.get('/api/chats')).status, 200);
          await server.stop({ keepData: run < 3 });
          assert.deepEqual(server.switchboard.running(), [], 'every part stopped');
          const after = await settlesTo(baseline);
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
