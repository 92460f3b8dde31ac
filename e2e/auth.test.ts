// First run, sign-in, sign-out, the language switch, and an expired session that keeps the draft.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { acquireBrowserLock, eventually, setupCodeFrom, startE2eApp, type E2eApp } from './support/app.ts';
import { signInWithToken } from '../server/src/testing/api-client.ts';
import { artifactPath, browserSkipReason, launchChromium, type LaunchedBrowser } from './support/browser.ts';
import { chooseSegment, unnamedControls } from './support/pages.ts';

// Mantine's label text carries the required asterisk; the password box is the one password input.
const passwordField = (page: Page) => page.locator('input[type=password]');

const owner = { name: 'Aigerim Owner', email: 'owner@example.com', password: 'owner-password-1' };

const logoPng = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

describe('sign-in and first run (browser)', { skip: browserSkipReason() }, () => {
  let release: () => void;
  let app: E2eApp;
  let browser: LaunchedBrowser;
  let page: Page;

  before(async () => {
    release = await acquireBrowserLock();
    // No ADMIN_EMAIL: a fresh install that prints a setup code.
    app = await startE2eApp({ ADMIN_EMAIL: '', ADMIN_PASSWORD: '' });
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.setDefaultTimeout(10_000);
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
    release?.();
  });

  test('first run: the page asks for the setup code from the log and creates the admin', async () => {
    await page.goto(app.url);
    await page.waitForURL('**/setup');
    await page.getByRole('heading', { name: 'Create the first admin' }).waitFor();
    await page.getByLabel('Setup code').fill('WRONGCODE123');
    await page.getByLabel('Your name').fill(owner.name);
    await page.getByLabel('E-mail').fill(owner.email);
    await passwordField(page).fill(owner.password);
    await page.getByRole('button', { name: 'Create admin and sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'The setup code is wrong' }).waitFor();

    await page.getByLabel('Setup code').fill(setupCodeFrom(app.server));
    await page.getByRole('button', { name: 'Create admin and sign in' }).click();
    // Second step: the business's details, as fields, printed on every document.
    await page.getByRole('heading', { name: 'Your business' }).waitFor();
    const midway = (await (await fetch(`${app.url}/api/setup/status`)).json()) as { needs_business_details: boolean };
    assert.equal(midway.needs_business_details, true);
    // A reload keeps the admin on this step: the server, not the page's memory, says it is still to do.
    await page.reload();
    await page.getByRole('heading', { name: 'Your business' }).waitFor();
    assert.ok(page.url().endsWith('/setup'));
    await page.getByLabel('Business name').fill('Alma Service LLP');
    await page.getByLabel('Tax number (BIN)').fill('123456789012');
    await page.getByLabel('Address').fill('Almaty, Abay Ave 10');
    await page.getByLabel('Bank', { exact: true }).fill('Halyk Bank');
    await page.getByLabel('BIC').fill('HSBKKZKX');
    await page.getByLabel('Account (IBAN)').fill('KZ12601A871001726091');
    await page.locator('input[type=file]').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: logoPng });
    await page.getByRole('img', { name: 'Logo' }).waitFor();
    await page.screenshot({ path: artifactPath('setup-business-1440-en-light.png') });
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.waitForURL('**/settings/messengers');
    const business = (await (await signInWithToken(app.url, owner)).get('/api/settings/business')).body;
    assert.deepEqual(
      { ...business, logo: business.logo?.slice(0, 22) },
      {
        name: 'Alma Service LLP',
        tax_number: '123456789012',
        address: 'Almaty, Abay Ave 10',
        bank_name: 'Halyk Bank',
        bank_code: 'HSBKKZKX',
        account: 'KZ12601A871001726091',
        logo: 'data:image/png;base64,',
      },
    );
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    await page.getByText(owner.name).first().waitFor();
    const status = (await (await fetch(`${app.url}/api/setup/status`)).json()) as { needs_setup: boolean; needs_business_details: boolean };
    assert.deepEqual(status, { needs_setup: false, needs_business_details: false });
  });

  test('sign out; a wrong password is refused with the server’s message; the right one signs in', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/login');
    await page.goto(`${app.url}/inbox`);
    await page.waitForURL('**/login?next=%2Finbox');
    await page.getByLabel('E-mail').fill(owner.email);
    await passwordField(page).fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Could not sign in' }).waitFor();
    assert.deepEqual(await unnamedControls(page), [], 'every control on the sign-in page has an accessible name');
    await passwordField(page).fill(owner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/inbox');
    await page.getByRole('textbox', { name: 'Search conversations by name' }).waitFor();
  });

  test('the language switch changes the UI and is remembered after a reload', async () => {
    await chooseSegment(page, 'RU');
    await page.getByRole('textbox', { name: 'Поиск диалогов по имени' }).waitFor();
    await page.getByRole('button', { name: 'Выйти' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'ru');
    await page.reload();
    await page.getByRole('link', { name: 'Входящие' }).waitFor();
    await chooseSegment(page, 'EN');
    await page.getByRole('link', { name: 'Inbox' }).waitFor();
  });

  // The session's end reaches the page three ways, whichever comes first: this Enter's 401, a background request's 401,
  // or the realtime socket closed by the server (4401). Each must take the page to sign-in once, with `expired=1`.
  test('an expired session returns to sign-in, and the draft being typed is still there after signing in', {}, async () => {
    const user = app.sim.createUser({ first_name: 'Dana', last_name: 'Draft' });
    app.sim.sendText(app.bot.token, { from: user.id, text: 'Hello, is anyone there?' });
    const row = page.getByTestId('chat-row').filter({ hasText: 'Dana Draft' });
    await row.waitFor();
    await row.click();
    const input = page.getByRole('textbox', { name: 'Message' });
    await input.fill('A long answer I do not want to type twice');
    const chatUrl = page.url();

    // A socket opened after the session ended would be a reconnect loop against a refused upgrade.
    let socketsAfterEnd = 0;
    const countSocket = () => void (socketsAfterEnd += 1);
    // The session ends on the server (expired or revoked) while the operator types.
    await app.server.switchboard.database.db.deleteFrom('staff_sessions' as never).execute();
    page.on('websocket', countSocket);
    // Whatever reaches the server first finds the session gone: this Enter, or one of the page's own background
    // requests (unread counts, reply status), which may take the page to sign-in before the key is pressed.
    await input.press('Enter').catch((error: unknown) => {
      if (!page.url().includes('/login?expired=1')) throw error;
    });
    await page.waitForURL('**/login?expired=1&next=*');
    await page.getByText('Your session has ended').first().waitFor();
    page.off('websocket', countSocket);
    assert.equal(socketsAfterEnd, 0, 'the realtime socket did not reconnect once access had ended');
    await page.getByLabel('E-mail').fill(owner.email);
    await passwordField(page).fill(owner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(chatUrl);
    await eventually(
      async () => (await page.getByRole('textbox', { name: 'Message' }).inputValue()) === 'A long answer I do not want to type twice',
      5000,
      'the draft to come back',
    );
    const sent = app.sim
      .sentMessages(app.bot.token, user.id)
      .filter((message) => message.text === 'A long answer I do not want to type twice');
    assert.equal(sent.length, 0, 'nothing was sent without a session');
  });

  test('access ending closes the realtime socket (4401) and the page goes to sign-in without reconnecting', async () => {
    // The inbox list with no conversation open sends no requests of its own: only the socket can carry the news.
    // The list can show before its socket opens: count only sockets opened after this first one.
    const firstSocket = page.waitForEvent('websocket');
    await page.goto(`${app.url}/inbox`);
    await page.getByRole('textbox', { name: 'Search conversations by name' }).waitFor();
    await firstSocket;
    let socketsAfterEnd = 0;
    const countSocket = () => void (socketsAfterEnd += 1);
    page.on('websocket', countSocket);
    await app.server.switchboard.database.db.deleteFrom('staff_sessions' as never).execute();
    await page.waitForURL('**/login?expired=1&next=%2Finbox');
    await page.getByText('Your session has ended').first().waitFor();
    page.off('websocket', countSocket);
    assert.equal(socketsAfterEnd, 0, 'no reconnect against a refused upgrade');
  });
});
