// Several instances started at once on one empty PostgreSQL database all come
// up: the migration lock, the first admin, the bot from TELEGRAM_BOT_TOKEN, the
// APP_SECRET fingerprint, pg-boss's queues and the first-run setup are each safe to race.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import { migrationSources } from './main.ts';
import {
  applyMigrations,
  checkAppSecretFingerprint,
  createAuth,
  createLogger,
  createSecretBox,
  hashToken,
  openDatabase,
  readSetting,
  type Database,
  type PlatformTables,
} from './platform/index.ts';
import { testAppSecret } from './testing/harness.ts';
import { createEmptyDatabase, startServerProcess, waitForHealthy, type ServerProcess } from './testing/server-process.ts';

const onPostgres = (process.env.SWITCHBOARD_TEST_ENGINES ?? 'pglite,postgres').includes('postgres');

describe('three instances started at once on an empty PostgreSQL database', { skip: !onPostgres && 'needs PostgreSQL' }, () => {
  let sim: Simulator;
  let database: { url: string; drop(): Promise<void> };
  let instances: ServerProcess[] = [];
  let client: pg.Client;
  before(async () => {
    sim = await startTelegramSimulator();
    database = await createEmptyDatabase();
    client = new pg.Client(database.url);
    await client.connect();
  });
  after(async () => {
    await Promise.all(instances.map((instance) => instance.stop()));
    await client.end();
    await database.drop();
    await sim.stop();
  });

  test('all become healthy with exactly one admin, one default bot and one fingerprint', async () => {
    const token = sim.createBot({ username: 'race_bot' }).token;
    const env = {
      DATABASE_URL: database.url,
      APP_SECRET: testAppSecret,
      ADMIN_EMAIL: 'owner@example.com',
      ADMIN_PASSWORD: 'owner-password-1',
      TELEGRAM_API_ROOT: sim.apiRoot,
      TELEGRAM_BOT_TOKEN: token,
      TELEGRAM_MODE: 'polling',
    };
    instances = await Promise.all([1, 2, 3].map(() => startServerProcess(env)));
    const healths = await Promise.all(instances.map((instance) => waitForHealthy(instance)));
    assert.deepEqual(
      healths.map((health) => [health.status, health.role]),
      [1, 2, 3].map(() => ['healthy', 'all']),
    );
    const admins = await client.query(`SELECT email FROM staff_users WHERE role = 'admin'`);
    assert.deepEqual(admins.rows, [{ email: 'owner@example.com' }]);
    const bots = await client.query(`SELECT username, is_default, token_from_env FROM channels`);
    assert.deepEqual(bots.rows, [{ username: 'race_bot', is_default: true, token_from_env: true }]);
    assert.equal((await client.query(`SELECT count(*)::int AS n FROM instances`)).rows[0].n, 3);
    const leases = await client.query(`SELECT count(*)::int AS n FROM channel_leases`);
    assert.equal(leases.rows[0].n, 1, 'one instance polls the bot');
    for (const instance of instances) {
      assert.doesNotMatch(instance.output(), /"level":(50|60)/, 'no instance logged an error while starting');
    }
    const codes = await Promise.all(instances.map((instance) => instance.stop()));
    assert.deepEqual(codes, [0, 0, 0]);
  });

  test('racing start-up writes: one fingerprint wins, every first-admin call and setup code holds', async () => {
    const fresh = await createEmptyDatabase();
    const logger = createLogger({ level: 'silent' });
    const handles: Array<Database<PlatformTables>> = [];
    try {
      const open = async () => {
        const handle = await openDatabase<PlatformTables>({ dataDir: '/nonexistent', databaseUrl: fresh.url, queryTimeoutMs: 10_000 });
        handles.push(handle);
        return handle;
      };
      const [first, second, third] = await Promise.all([open(), open(), open()]);
      await Promise.all([first, second, third].map((handle) => applyMigrations(handle, migrationSources)));

      const right = createSecretBox(testAppSecret);
      const wrong = createSecretBox('another-secret-another-secret-another-secret');
      const outcomes = await Promise.allSettled(
        [right, wrong, right, wrong].map((box, index) => checkAppSecretFingerprint(handles[index % 3]!.db, box)),
      );
      const accepted = outcomes.map((outcome, index) =>
        outcome.status === 'fulfilled' ? [right, wrong, right, wrong][index]!.fingerprint : null,
      );
      const winners = new Set(accepted.filter(Boolean));
      assert.equal(winners.size, 1, 'only one key is accepted');
      assert.equal(await readSetting(first.db, 'app_secret_fingerprint'), [...winners][0]);

      // Without ADMIN_EMAIL each instance prints its own setup code: each must work.
      const auths = handles.map((handle) => createAuth({ db: handle.db, logger }));
      const issued = await Promise.all(auths.map((auth) => auth.ensureFirstAdmin({})));
      const stored = await readSetting<{ hashes: string[] }>(first.db, 'setup_code');
      assert.deepEqual(new Set(stored!.hashes), new Set(issued.map((each) => hashToken(each.setupCode!))));
      const wrongCode = await auths[0]!
        .completeSetup('NOT-THE-CODE', { email: 'x@example.com', password: 'password-123' })
        .catch((error: Error) => error);
      assert.equal((wrongCode as { code?: string }).code, 'wrong_setup_code');
      // Three people finish the first-run page at once, each with a valid code: one admin is made.
      const setups = await Promise.allSettled(
        auths.map((auth, index) =>
          auth.completeSetup(issued[(index + 2) % 3]!.setupCode!, { email: `first${index}@example.com`, password: 'password-123' }),
        ),
      );
      const made = setups.filter((outcome) => outcome.status === 'fulfilled');
      assert.equal(made.length, 1, 'exactly one setup succeeds');
      for (const outcome of setups)
        if (outcome.status === 'rejected') assert.equal((outcome.reason as { code?: string }).code, 'setup_done');
      const firstAdmin = (made[0] as PromiseFulfilledResult<{ email: string }>).value.email;
      assert.equal(await readSetting(first.db, 'setup_code'), undefined, 'the setup codes are used up');

      const again = await Promise.all(
        auths.map((auth) => auth.ensureFirstAdmin({ email: 'second@example.com', password: 'password-456' })),
      );
      assert.deepEqual(again, [{}, {}, {}]);
      const admins = await first.db.selectFrom('staff_users').select('email').where('role', '=', 'admin').orderBy('email').execute();
      assert.deepEqual(admins, [{ email: firstAdmin }, { email: 'second@example.com' }]);
    } finally {
      await Promise.all(handles.map((handle) => handle.close()));
      await fresh.drop();
    }
  });
});
