// Settings → System in a real browser: a stuck bot shows why on its card and on the system page, and a
// parked update goes back to its chat with "Retry".
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { signInWithToken, type ApiClient } from '../server/src/testing/api-client.ts';
import { acquireBrowserLock, eventually, startE2eApp, testAdmin, type E2eApp } from './support/app.ts';
import { artifactPath, browserSkipReason, launchChromium, type LaunchedBrowser } from './support/browser.ts';
import { signIn, unnamedControls } from './support/pages.ts';

describe('settings → system (browser)', { skip: browserSkipReason() }, () => {
  let release: () => void;
  let app: E2eApp;
  let browser: LaunchedBrowser;
  let page: Page;
  let api: ApiClient;

  before(async () => {
    release = await acquireBrowserLock();
    app = await startE2eApp();
    api = await signInWithToken(app.url, testAdmin);
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.setDefaultTimeout(10_000);
    await signIn(page, app.url);
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
    release?.();
  });

  test('a stuck bot is degraded on its card and the system page; a parked update is retried into its chat', async () => {
    const db = app.server.switchboard.database.db;
    const channel = (await app.server.switchboard.registry.defaultChannel('telegram_bot'))!;
    const user = app.sim.createUser({ first_name: 'Parked' });
    const update = {
      update_id: 555,
      message: {
        message_id: 1,
        date: 1_750_000_000,
        chat: { id: user.id, type: 'private', first_name: 'Parked' },
        from: user,
        text: 'parked then retried',
      },
    };
    await sql`INSERT INTO intake_journal (channel_id, event_id, chat_key, body, state, attempts, error, processed_at)
      VALUES (${channel.id}, '555', ${`chat:${user.id}`}, ${JSON.stringify(update)}, 'parked', 5, 'poison refused by the database', now())`.execute(
      db,
    );
    // Another live instance holds a chat for five minutes: the bot's intake is not advancing.
    await sql`INSERT INTO instances (id, last_seen_at) VALUES ('holder', now())`.execute(db);
    await sql`INSERT INTO intake_journal (channel_id, event_id, chat_key, body, state, claimed_by, claimed_at, received_at)
      VALUES (${channel.id}, 'held', 'chat:1', '{}', 'processing', 'holder', now(), now() - interval '5 minutes')`.execute(db);

    await page.goto(`${app.url}/settings/messengers`);
    await page
      .getByTestId('bot-degraded')
      .filter({ hasText: /Degraded: intake has not advanced for \d+ s while 1 update\(s\) wait/ })
      .waitFor();

    await page.getByRole('tab', { name: 'System' }).click();
    await page.waitForURL('**/settings/system');
    await page.getByTestId('intake-health').filter({ hasText: 'degraded' }).waitFor();
    const row = page.getByTestId('parked-update').filter({ hasText: 'poison refused by the database' });
    await row.waitFor();
    assert.deepEqual(await unnamedControls(page), [], 'every control has an accessible name');
    await page.screenshot({ path: artifactPath('settings-system.png'), fullPage: true });

    await sql`DELETE FROM intake_journal WHERE event_id = 'held'`.execute(db);
    await row.getByRole('button', { name: 'Retry update 555' }).click();
    await row.waitFor({ state: 'detached' });
    await page.getByText('Nothing parked: every update was processed.').waitFor();
    await eventually(
      async () =>
        (await api.get('/api/messages/?limit=50')).body.results.some((message: { text: string }) => message.text === 'parked then retried'),
      10_000,
      'the retried message in the inbox',
    );
  });
});
