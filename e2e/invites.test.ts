// Issue 26 in the browser: an admin makes an invite link on the operators page; the invited person opens it in
// another browser, sets a name and a password and lands in the inbox; the spent link and a withdrawn one each
// get a page that says why. English light on a laptop, Russian dark on a phone.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { signInWithToken, type ApiClient } from '../server/src/testing/api-client.ts';
import { acquireBrowserLock, startE2eApp, testAdmin, type E2eApp } from './support/app.ts';
import { artifactPath, browserSkipReason, launchChromium, type LaunchedBrowser } from './support/browser.ts';
import { layoutProblems } from './support/layout.ts';
import { signIn } from './support/pages.ts';

describe('staff invite links (browser)', { skip: browserSkipReason() }, () => {
  let release: () => void;
  let app: E2eApp;
  const browsers: LaunchedBrowser[] = [];
  let page: Page;
  let guest: Page;
  let staff: ApiClient;

  before(async () => {
    release = await acquireBrowserLock();
    app = await startE2eApp();
    staff = await signInWithToken(app.url, testAdmin);
    for (const signedIn of [true, false]) {
      const browser = await launchChromium();
      browsers.push(browser);
      const opened = await browser.context.newPage();
      opened.setDefaultTimeout(20_000);
      if (signedIn) {
        await signIn(opened, app.url);
        page = opened;
      } else guest = opened;
    }
  });
  after(async () => {
    for (const browser of browsers) await browser.close();
    await app?.stop();
    release?.();
  });

  test('an admin makes a link; the invited person joins with it once; a withdrawn link says so', async () => {
    await page.goto(`${app.url}/operators`);
    await page.getByTestId('invite-open').click();
    const dialog = page.getByRole('dialog', { name: 'Invite by link' });
    await dialog.getByLabel('E-mail').fill('dana.invited@example.com');
    await dialog.getByRole('button', { name: 'Make the link' }).click();
    const link = await dialog.getByTestId('invite-link').inputValue();
    assert.match(link, new RegExp(`^${app.url}/invite/[A-Za-z0-9_-]{40,}$`));
    await page.screenshot({ path: artifactPath('invites-link-en-light.png') });
    await dialog.getByRole('button', { name: 'Close' }).first().click();
    await page.getByTestId('invite-row').filter({ hasText: 'dana.invited@example.com' }).getByText('waiting', { exact: true }).waitFor();

    await guest.goto(link);
    await guest.getByText('You were invited to Switchboard as an operator with the e-mail dana.invited@example.com').waitFor();
    await guest.getByLabel('Your name').fill('Dana Invited');
    await guest.locator('input[type=password]').nth(0).fill('dana-password-1');
    await guest.locator('input[type=password]').nth(1).fill('dana-password-2');
    await guest.getByText('The passwords differ.').waitFor();
    await guest.locator('input[type=password]').nth(1).fill('dana-password-1');
    await guest.screenshot({ path: artifactPath('invites-join-en-light.png') });
    await guest.getByRole('button', { name: 'Join' }).click();
    await guest.waitForURL('**/inbox');
    const me = (await staff.get('/api/operators')).body.results.find((row: any) => row.email === 'dana.invited@example.com');
    assert.equal(me.name, 'Dana Invited');
    assert.equal(me.role, 'operator');

    // The link is spent: opening it again explains, instead of a form.
    await guest.goto(link);
    await guest.getByTestId('invite-gone').getByText('This invite link has been used already').waitFor();
    await page.reload();
    await page.getByTestId('invite-row').filter({ hasText: 'dana.invited@example.com' }).getByText('joined', { exact: true }).waitFor();

    // A withdrawn link.
    const second = await staff.post('/api/invites', { email: 'withdrawn@example.com' });
    await page.reload();
    await page.getByRole('button', { name: 'Withdraw the invite for withdrawn@example.com' }).click();
    await page.getByTestId('invite-row').filter({ hasText: 'withdrawn@example.com' }).getByText('withdrawn', { exact: true }).waitFor();
    await page.screenshot({ path: artifactPath('invites-list-en-light.png') });
    await guest.goto(`${app.url}/invite/${second.body.token}`);
    await guest.getByTestId('invite-gone').getByText('An admin withdrew this invite link').waitFor();
  });

  test('Russian, dark, on a phone: the join page and the gone page fit', async () => {
    const made = await staff.post('/api/invites', { email: 'aigerim@example.com', role: 'admin' });
    await guest.evaluate(() => {
      window.localStorage.setItem('sb.language', 'ru');
      window.localStorage.setItem('sb.color-scheme', 'dark');
    });
    await guest.setViewportSize({ width: 390, height: 844 });
    await guest.goto(`${app.url}/invite/${made.body.token}`);
    await guest.getByText('Вас пригласили в Switchboard как администратора').waitFor();
    assert.deepEqual(await layoutProblems(guest), []);
    await guest.screenshot({ path: artifactPath('invites-join-ru-dark-phone.png') });
    await guest.goto(`${app.url}/invite/${'x'.repeat(43)}`);
    await guest.getByTestId('invite-gone').getByText('Такой ссылки-приглашения нет').waitFor();
    assert.deepEqual(await layoutProblems(guest), []);
    await guest.screenshot({ path: artifactPath('invites-gone-ru-dark-phone.png') });
  });
});
