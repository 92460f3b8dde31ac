// Broadcasts in a real browser (issue 22 "Proof"): compose → live progress → stats, through the Bot API simulator.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { signInWithToken, type ApiClient } from '../server/src/testing/api-client.ts';
import { acquireBrowserLock, eventually, startE2eApp, testAdmin, type E2eApp } from './support/app.ts';
import { artifactPath, browserSkipReason, launchChromium, type LaunchedBrowser } from './support/browser.ts';
import { signIn } from './support/pages.ts';

/** A 1×1 PNG: enough for the server to recognise a picture by its bytes. */
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

describe('broadcasts (browser)', { skip: browserSkipReason() }, () => {
  let release: () => void;
  let app: E2eApp;
  let browser: LaunchedBrowser;
  let page: Page;
  let api: ApiClient;
  const users: number[] = [];

  before(
    async () => {
      release = await acquireBrowserLock();
      app = await startE2eApp();
      api = await signInWithToken(app.url, testAdmin);
      for (const name of ['Ann', 'Bob', 'Chen', 'Dana']) {
        const user = app.sim.createUser({ first_name: name, language_code: 'en' });
        app.sim.sendText(app.bot.token, { from: user.id, text: `Hi, I am ${name}` });
        users.push(user.id);
      }
      const db = app.server.switchboard.database.db;
      const contacts = await eventually(async () => {
        const rows = await sql<{ contact_id: number }>`SELECT contact_id FROM contact_identities`.execute(db);
        return rows.rows.length === users.length ? rows.rows.map((row) => row.contact_id) : undefined;
      });
      // Three of the four agreed to news on a paper form.
      const consent = await api.put('/api/broadcasts/consents', { contact_ids: contacts.slice(0, 3), state: 'given', basis: 'paper form' });
      assert.equal(consent.status, 200);
      browser = await launchChromium();
      page = await browser.context.newPage();
      page.setDefaultTimeout(30_000);
      await signIn(page, app.url);
    },
    { timeout: 40 * 60_000 },
  );
  after(async () => {
    await browser?.close();
    await app?.stop();
    release?.();
  });

  test('an admin composes a marketing broadcast, sees its reach, sends it and watches it finish', async () => {
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Broadcasts' }).click();
    await page.waitForURL('**/broadcasts');
    const form = page.getByRole('form', { name: 'New broadcast' });
    await form.getByRole('textbox', { name: 'Name' }).fill('Spring news');
    await form.getByRole('textbox', { name: 'Text', exact: true }).fill('Hello {{name|friend}}, spring hours start Monday.');
    await page.getByTestId('broadcast-reach').filter({ hasText: 'Reaches 3 contacts now' }).waitFor();
    // A picture, sent with the text as its caption: uploaded when chosen, recognised by its bytes.
    await form.locator('input[type="file"]').setInputFiles({ name: 'spring.png', mimeType: 'image/png', buffer: png });
    await form.getByText('Picture spring.png: the text goes as its caption.').waitFor();
    await form.getByRole('button', { name: 'Send now' }).click();
    const progress = page.getByRole('region', { name: 'Progress' });
    await progress.getByTestId('broadcast-state').filter({ hasText: 'Done' }).waitFor();
    assert.equal(await progress.getByTestId('broadcast-sent').textContent(), '3');
    assert.equal(await progress.getByTestId('broadcast-remaining').textContent(), '0');
    await page.screenshot({ path: artifactPath('broadcasts-done.png'), fullPage: true });
    const photos = (id: number) =>
      app.sim.sentMessages(app.bot.token, id).filter((message) => message.kind === 'photo' && /spring hours/.test(message.caption ?? ''));
    assert.deepEqual(
      users.map((id) => photos(id).length),
      [1, 1, 1, 0],
    );
    const annCopy = photos(users[0]!)[0]!;
    assert.match(annCopy.caption!, /^Hello Ann,/);
    await page.getByRole('table', { name: 'Broadcasts' }).getByText('Spring news').waitFor();

    // Ann presses the unsubscribe button under the picture, Bob types it: the stats count them apart.
    app.sim.pressButton(app.bot.token, { from: users[0]!, message_id: annCopy.message_id, data: 'broadcasts:unsubscribe' });
    await app.sim.waitForSent(app.bot.token, users[0]!, (message) => /unsubscribed/i.test(message.text ?? ''));
    app.sim.sendText(app.bot.token, { from: users[1]!, text: 'unsubscribe' });
    await app.sim.waitForSent(app.bot.token, users[1]!, (message) => /unsubscribed/i.test(message.text ?? ''));
    await page.reload();
    await page.getByRole('table', { name: 'Broadcasts' }).getByText('Spring news').click();
    await progress.getByTestId('broadcast-unsubscribed_by_button').filter({ hasText: '1' }).waitFor();
    assert.equal(await progress.getByTestId('broadcast-unsubscribed_by_word').textContent(), '1');
    await progress.screenshot({ path: artifactPath('broadcasts-stats-en.png') });
    await page.evaluate(() => window.localStorage.setItem('sb.language', 'ru'));
    await page.reload();
    await page.getByRole('table', { name: 'Рассылки' }).getByText('Spring news').click();
    const ruProgress = page.getByRole('region', { name: 'Ход отправки' });
    await ruProgress.getByText('Отписались кнопкой').waitFor();
    await page.getByText('Картинка или документ (необязательно)').waitFor();
    await ruProgress.screenshot({ path: artifactPath('broadcasts-stats-ru.png') });
    await page.getByText('Картинка или документ (необязательно)').screenshot({ path: artifactPath('broadcasts-media-field-ru.png') });
    await page.evaluate(() => window.localStorage.setItem('sb.language', 'en'));
  });
});
