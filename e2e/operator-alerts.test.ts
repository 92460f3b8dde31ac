// Issue 26 in the browser: notifications and a sound for new customer messages in the operator's own
// conversations and in the queue, as the operator chose in the bell's settings (notifications permission
// granted to the test browser). The page's Notification and AudioContext are watched, not replaced.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { signInWithToken, type ApiClient } from '../server/src/testing/api-client.ts';
import { eventually } from '../server/src/testing/ws-client.ts';
import { acquireBrowserLock, startE2eApp, testAdmin, type E2eApp } from './support/app.ts';
import { artifactPath, browserSkipReason, launchChromium, type LaunchedBrowser } from './support/browser.ts';
import { chatRow, signIn } from './support/pages.ts';

const anna = { email: 'anna@example.com', password: 'password-anna-1' };

type ShownAlert = { title: string; body: string };

describe('message alerts (browser)', { skip: browserSkipReason() }, () => {
  let release: () => void;
  let app: E2eApp;
  let browser: LaunchedBrowser;
  let page: Page;
  let admin: ApiClient;
  let annaId: number;

  before(async () => {
    release = await acquireBrowserLock();
    app = await startE2eApp();
    admin = await signInWithToken(app.url, testAdmin);
    assert.equal((await admin.put('/api/inbox/policy', { auto_assign: false, operators_see_unassigned: true })).status, 200);
    const created = await admin.post('/api/operators', { name: 'Anna', ...anna, max_chats: 5 });
    annaId = created.body.id;
    browser = await launchChromium();
    await browser.context.grantPermissions(['notifications'], { origin: app.url });
    await browser.context.addInitScript(() => {
      window.alertsShown = [];
      window.chimeTones = 0;
      const Original = window.Notification;
      class Watched extends Original {
        constructor(title: string, options?: { body?: string }) {
          super(title, options);
          window.alertsShown.push({ title, body: options?.body ?? '' });
        }
      }
      Object.defineProperty(window, 'Notification', { value: Watched, configurable: true, writable: true });
      const prototype = window.AudioContext.prototype;
      const createOscillator = prototype.createOscillator;
      prototype.createOscillator = function (this: unknown) {
        window.chimeTones += 1;
        return createOscillator.call(this);
      };
    });
    page = await browser.context.newPage();
    page.setDefaultTimeout(15_000);
    await signIn(page, app.url, anna);
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
    release?.();
  });

  const shown = (): Promise<ShownAlert[]> => page.evaluate(() => window.alertsShown);

  test('own conversations alert with a sound; the queue only while the operator wants it', async () => {
    await page.getByTestId('alert-settings').click();
    await page.getByTestId('alert-permission').filter({ hasText: 'Browser notifications are on.' }).waitFor();
    await page.screenshot({ path: artifactPath('operator-alerts-settings-en.png') });
    await page.getByRole('switch', { name: 'In the unassigned queue' }).click({ force: true });
    await page.keyboard.press('Escape');

    // Anna's choice is stored for Anna.
    const annaApi = await signInWithToken(app.url, anna);
    await eventually(async () => (await annaApi.get('/api/me/notification-settings')).body.queue === false, 10_000, 'queue off saved');

    // A queue message reaches Anna's list but not her alerts.
    const walkIn = app.sim.createUser({ first_name: 'Walk', last_name: 'In' });
    app.sim.sendText(app.bot.token, { from: walkIn.id, text: 'Anyone there?' });
    await chatRow(page, 'Walk In').waitFor();

    // A message in a conversation Anna holds alerts her, with the chime.
    const regular = app.sim.createUser({ first_name: 'Regular', last_name: 'Customer' });
    app.sim.sendText(app.bot.token, { from: regular.id, text: 'Hi, it is me again' });
    const chatId = await eventually(
      async () => (await admin.get('/api/chats?q=Regular')).body.results[0]?.id as number | undefined,
      15_000,
      'the conversation',
    );
    assert.equal((await admin.post(`/api/chats/${chatId}/assign`, { operator_id: annaId })).status, 200);
    app.sim.sendText(app.bot.token, { from: regular.id, text: 'Is my order ready?' });
    await page.waitForFunction(() => window.alertsShown.some((alert: ShownAlert) => alert.body === 'Is my order ready?'));
    // Events arrive in order: the queue message came before, and left no alert.
    assert.deepEqual(
      (await shown()).map((alert) => alert.title),
      ['Regular Customer'],
    );
    assert.ok((await page.evaluate(() => window.chimeTones)) >= 2, 'the chime played');

    // The queue switched back on: the next walk-in alerts too.
    await page.getByTestId('alert-settings').click();
    await page.getByRole('switch', { name: 'In the unassigned queue' }).click({ force: true });
    await eventually(async () => (await annaApi.get('/api/me/notification-settings')).body.queue === true, 10_000, 'queue on saved');
    await page.keyboard.press('Escape');
    const second = app.sim.createUser({ first_name: 'Second', last_name: 'Walker' });
    app.sim.sendText(app.bot.token, { from: second.id, text: 'Do you deliver?' });
    await page.waitForFunction(() => window.alertsShown.some((alert: ShownAlert) => alert.title === 'Second Walker'));
  });
});
