// The client portal as a Russian-speaking client meets it in an English browser: it speaks the
// client's language, and a status staff change shows up without a reload.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { createApiClient, signInWithToken, type ApiClient } from '../server/src/testing/api-client.ts';
import { acquireBrowserLock, startE2eApp, testAdmin, type E2eApp } from './support/app.ts';
import { artifactPath, browserSkipReason, launchChromium, type LaunchedBrowser } from './support/browser.ts';

const client = { name: 'Дина Ахметова', email: 'dina@example.com', password: 'dina-portal-7' };

describe('client portal: language and fresh statuses (browser)', { skip: browserSkipReason() }, () => {
  let release: () => void;
  let app: E2eApp;
  let browser: LaunchedBrowser;
  let page: Page;
  let staff: ApiClient;
  let ticketId: number;

  before(
    async () => {
      release = await acquireBrowserLock();
      app = await startE2eApp();
      staff = await signInWithToken(app.url, testAdmin);
      const created = await staff.post('/api/clients', { name: client.name, email: client.email, language: 'ru' });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const ticket = await staff.post('/api/tickets', { client_id: created.body.id, subject: 'Не работает интернет' });
      assert.equal(ticket.status, 201, JSON.stringify(ticket.body));
      ticketId = ticket.body.id;
      const invite = await staff.post(`/api/clients/${created.body.id}/invite`);
      assert.equal(invite.status, 200, JSON.stringify(invite.body));
      const accepted = await createApiClient(app.url).post('/api/portal/invitation/accept', {
        token: new URL(invite.body.invite_url).hash.replace('#token=', ''),
        password: client.password,
      });
      assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
      // An English browser: only the client's stored language can make the portal Russian.
      browser = await launchChromium({ locale: 'en-US' });
      page = await browser.context.newPage();
      page.setDefaultTimeout(30_000);
    },
    { timeout: 30 * 60_000 },
  );
  after(async () => {
    await browser?.close();
    await app?.stop();
    release?.();
  });

  test('a client whose language is Russian gets the portal in Russian in an English browser', async () => {
    await page.goto(`${app.url}/portal/login`);
    await page.getByLabel('E-mail').fill(client.email);
    await page.locator('input[type=password]').fill(client.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/portal$/);
    await page.getByRole('heading', { name: 'Мои заявки' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'ru');
    await page.screenshot({ path: artifactPath('portal-client-language-ru.png'), fullPage: true });
  });

  test('a status staff change shows in the ticket list when the client comes back to the tab, without a reload', async () => {
    const row = page.getByTestId('portal-ticket-row').filter({ hasText: 'Не работает интернет' });
    await row.getByText('Открыта', { exact: true }).waitFor();
    const changed = await staff.patch(`/api/tickets/${ticketId}`, { status: 'in_progress' });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    // The client switches back to this tab (the browser fires visibilitychange).
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange', { bubbles: true })));
    await row.getByText('В работе', { exact: true }).waitFor();
  });
});
