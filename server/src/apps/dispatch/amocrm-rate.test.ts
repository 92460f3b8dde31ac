// AmoCRM's 7 requests a second hold for the integration, not per process: two instances (two pools on
// one PostgreSQL database; on the embedded engine, two clients of its one handle) share the budget row,
// and the fake AmoCRM, which refuses an eighth request within a second with 429, counts what arrived.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import { startFakeAmocrm, type FakeAmocrm } from '@switchboard/fake-amocrm';
import { createSecretBox, type Database, type SwitchboardTables } from '../../platform/index.ts';
import { createTestDatabase, testAppSecret, testEngines, type TestDatabase } from '../../testing/harness.ts';
import { openTestDatabase, quietLogger } from '../../testing/simulated-bot.fixture.ts';
import { createAmocrmClient } from './amocrm-client.ts';
import { createSharedRateBudget } from './amocrm-rate.ts';
import { createTokenStore } from './amocrm-tokens.ts';
import type { DispatchTables } from './tables.ts';

/** The most requests any one-second window held, by the fake's arrival times. */
function busiestSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let start = 0, end = 0; end < sorted.length; end += 1) {
    while (sorted[end]! - sorted[start]! >= 1000) start += 1;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

for (const engine of testEngines()) {
  describe(`AmoCRM's request budget shared by two instances on ${engine}`, () => {
    const logger = quietLogger();
    let testDb: TestDatabase;
    let amo: FakeAmocrm;
    const databases: Database<SwitchboardTables>[] = [];

    before(async () => {
      testDb = await createTestDatabase(engine);
      amo = await startFakeAmocrm();
    });
    after(async () => {
      await Promise.all(databases.map((database) => database.close()));
      await testDb.drop();
      await amo.stop();
    });

    test('together they stay within 7 requests a second at AmoCRM, one request of slack for jitter', async () => {
      const { access_token: longLivedToken } = amo.control.issueLongLivedToken();
      const contact = amo.control.seedContact({ name: 'Пётр', phones: ['+77015550000'] });
      const lead = amo.control.seedLead({ name: 'Окна', contacts: [contact.id] });
      const connection = { baseUrl: amo.url, longLivedToken };
      const first = await openTestDatabase(testDb);
      databases.push(first);
      // PGlite is one process's database: there the second instance is a second client of the same handle.
      const second = engine === 'postgres' ? await openTestDatabase(testDb) : first;
      if (second !== first) databases.push(second);
      const clients = [first, second].map((database) => {
        const db = database.db as unknown as Kysely<DispatchTables>;
        const tokens = createTokenStore({ db, secretBox: createSecretBox(testAppSecret), logger, connection });
        return createAmocrmClient({ connection, tokens, logger, slot: createSharedRateBudget(db) });
      });
      amo.control.clearRequests();
      const perInstance = 18;
      const answers = await Promise.all(
        clients.flatMap((client) =>
          Array.from({ length: perInstance }, (_, index) => (index % 2 ? client.getContact(contact.id) : client.getLead(lead.id))),
        ),
      );
      assert.equal(answers.filter((answer) => answer !== null).length, 2 * perInstance, 'every request answered');
      const arrived = amo.control.requests({ pathPrefix: '/api/v4/' });
      const refused = arrived.filter((request) => request.status === 429).length;
      assert.equal(arrived.length - refused, 2 * perInstance, 'each request answered once');
      // Turns are reserved 1/6 s apart across both instances; the fake runs in this same loaded process, so one
      // late request can arrive close to the next. Slack of one request (and so at most a retried 429 or two);
      // two per-process limits of 7 a second would put about 14 in a second and get half of them refused.
      const most = busiestSecond(arrived.map((request) => request.at));
      assert.ok(most <= 8, `at most 7 (+1 for jitter) requests in any second at AmoCRM, saw ${most}`);
      assert.ok(refused <= 2, `AmoCRM refused ${refused} of ${arrived.length}`);
    });
  });
}
