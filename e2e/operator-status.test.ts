// Issue 26 in the browser: snoozing a conversation, the status filter, a saved view in the sidebar, and the
// snooze ending by the jobs system on a controlled clock while the page watches.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { signInWithToken, type ApiClient } from '../server/src/testing/api-client.ts';
import { eventually } from '../server/src/testing/ws-client.ts';
import { acquireBrowserLock, startE2eApp, testAdmin, type E2eApp } from './support/app.ts';
import { artifactPath, browserSkipReason, launchChromium, type LaunchedBrowser } from './support/browser.ts';
import { layoutProblems } from './support/layout.ts';
import { chatRow, openChat, signIn } from './support/pages.ts';

describe('status, snooze and saved views (browser)', { skip: browserSkipReason() }, () => {
  let release: () => void;
  let app: E2eApp;
  let browser: LaunchedBrowser;
  let page: Page;
  let staff: ApiClient;
  let clockMs = Date.now();
  const clock = () => new Date(clockMs);

  before(async () => {
    release = await acquireBrowserLock();
    app = await startE2eApp({}, { clock });
    staff = await signInWithToken(app.url, testAdmin);
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.setDefaultTimeout(15_000);
    await signIn(page, app.url);
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
    release?.();
  });

  async function chooseStatus(label: string): Promise<void> {
    await page.getByTestId('status-filter').click();
    await page.getByRole('option', { name: label, exact: true }).click();
  }

  test('snooze for an hour: out of the open list, into the snoozed one and a saved view; the clock ends it', async () => {
    const customer = app.sim.createUser({ first_name: 'Marat', last_name: 'Snoozer' });
    app.sim.sendText(app.bot.token, { from: customer.id, text: 'Call me back in an hour, please' });
    await openChat(page, 'Marat Snoozer');
    await page.getByTestId('status-menu').click();
    await page.getByRole('menuitem', { name: 'For an hour' }).click();
    const badge = page.getByTestId('chat-status-badge');
    await badge.waitFor();
    assert.match((await badge.textContent()) ?? '', /^Snoozed until /);
    await page
      .getByTestId('message')
      .filter({ hasText: /^Snoozed until .* by / })
      .waitFor();
    // The list shows open conversations by default: the snoozed one leaves it.
    await chatRow(page, 'Marat Snoozer').waitFor({ state: 'detached' });

    await chooseStatus('Snoozed');
    await chatRow(page, 'Marat Snoozer').waitFor();
    assert.match(page.url(), /status=snoozed/);

    await page.getByTestId('save-view').click();
    await page.getByLabel('Name of the view').fill('Call backs');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const view = page.getByTestId('saved-views').getByRole('link', { name: 'Call backs' });
    await view.waitFor();
    const saved = (await staff.get('/api/views')).body.results;
    assert.deepEqual(
      saved.map((item: { name: string; filters: unknown }) => [item.name, item.filters]),
      [['Call backs', { status: 'snoozed' }]],
    );

    // Another list, then the view brings the snoozed one back.
    await chooseStatus('Resolved');
    await chatRow(page, 'Marat Snoozer').waitFor({ state: 'detached' });
    await view.click();
    await openChat(page, 'Marat Snoozer');
    await badge.waitFor();
    await page.screenshot({ path: artifactPath('operator-status-snoozed-en-light.png') });

    // An hour passes on the server's clock; the wake-up job runs; the page learns it over the WebSocket.
    clockMs += 61 * 60_000;
    await app.server.switchboard.jobs.send('inbox-snooze-wake', {});
    await badge.waitFor({ state: 'detached' });
    await page.getByTestId('message').filter({ hasText: 'The snooze ended' }).waitFor();
    await chatRow(page, 'Marat Snoozer').waitFor({ state: 'detached' });
    const chatId = Number(/\/inbox\/(\d+)/.exec(page.url())?.[1]);
    assert.equal((await staff.get(`/api/chats/${chatId}`)).body.status, 'open');
  });

  test('until the customer writes, and mark pending: Russian, dark, on a phone; the header stays on one line', async () => {
    const customer = app.sim.createUser({ first_name: 'Асель', last_name: 'Ожидающая' });
    app.sim.sendText(app.bot.token, { from: customer.id, text: 'Пришлю фото чека позже' });
    const chatId = await eventually(
      async () => (await staff.get('/api/chats?q=' + encodeURIComponent('Асель'))).body.results[0]?.id,
      15_000,
      'the conversation',
    );
    await page.evaluate(() => {
      window.localStorage.setItem('sb.language', 'ru');
      window.localStorage.setItem('sb.color-scheme', 'dark');
    });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${app.url}/inbox/${chatId}`);
    await page.getByTestId('status-menu').click();
    await page.getByRole('menuitem', { name: 'До ответа клиента' }).click();
    await page.getByTestId('message').filter({ hasText: 'отложен до ответа клиента' }).waitFor();
    assert.equal((await staff.get(`/api/chats/${chatId}`)).body.status, 'snoozed');
    assert.deepEqual(await layoutProblems(page), []);
    await page.screenshot({ path: artifactPath('operator-status-snoozed-ru-dark-phone.png') });

    app.sim.sendText(app.bot.token, { from: customer.id, text: 'Вот фото' });
    await eventually(async () => (await staff.get(`/api/chats/${chatId}`)).body.status === 'open', 15_000, 'the customer ends the snooze');
    await page.getByTestId('status-menu').click();
    await page.getByRole('menuitem', { name: 'Пометить «ожидает»' }).click();
    await page.getByTestId('message').filter({ hasText: 'помечен «ожидает»' }).waitFor();
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByTestId('chat-status-badge').filter({ hasText: 'Ожидает' }).waitFor();
    assert.deepEqual(await layoutProblems(page), []);
    await page.screenshot({ path: artifactPath('operator-status-pending-ru-dark.png') });
    await page.evaluate(() => {
      window.localStorage.setItem('sb.language', 'en');
      window.localStorage.setItem('sb.color-scheme', 'light');
    });
  });
});
