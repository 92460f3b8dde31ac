// One list of people (issue 25) in a real browser: a Telegram customer (through the simulator) is a contact; the
// admin gives them portal access from their contact page, where their tickets and invoices then show; the contacts
// list marks them and filters to people with portal access; "Clients" is no longer a second list. Checked at 1440
// and 390 wide, in Russian and English, light and dark (screenshots people-*.png), and for an operator who may not
// see the person.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { signInWithToken, type ApiClient } from '../server/src/testing/api-client.ts';
import { acquireBrowserLock, eventually, startE2eApp, testAdmin, type E2eApp } from './support/app.ts';
import { artifactPath, browserSkipReason, launchChromium, type LaunchedBrowser } from './support/browser.ts';
import { layoutProblems } from './support/layout.ts';
import { chooseSegment, signIn, unnamedControls } from './support/pages.ts';

const patient = 30_000;
const customer = 'Гульнара Ахметова';

describe('one list of people (browser)', { skip: browserSkipReason() }, () => {
  let release: () => void;
  let app: E2eApp;
  let browser: LaunchedBrowser;
  let page: Page;
  let api: ApiClient;
  let contactId = 0;

  before(
    async () => {
      release = await acquireBrowserLock();
      app = await startE2eApp();
      api = await signInWithToken(app.url, testAdmin);
      assert.equal((await api.put('/api/inbox/policy', { auto_assign: false, operators_see_unassigned: false })).status, 200);
      const user = app.sim.createUser({ first_name: 'Гульнара', last_name: 'Ахметова' });
      app.sim.sendText(app.bot.token, { from: user.id, text: 'Добрый день! Хочу подключить интернет' });
      const message = await eventually(
        async () =>
          (await api.get('/api/messages/?limit=200')).body.results.find(
            (item: any) => item.text === 'Добрый день! Хочу подключить интернет',
          ),
        patient,
        'the message in the inbox',
      );
      contactId = (await api.get(`/api/chats/${message.chat_id}`)).body.contact.id;
      // Someone else with portal access and no conversation, added from the portal side.
      assert.equal((await api.post('/api/clients', { name: 'ТОО «Северная звезда»', email: 'star@example.com' })).status, 201);
      browser = await launchChromium();
      page = await browser.context.newPage();
      page.setDefaultTimeout(patient);
      await signIn(page, app.url);
    },
    { timeout: 30 * 60_000 },
  );
  after(async () => {
    await browser?.close();
    await app?.stop();
    release?.();
  });

  const rowOf = (name: string) => page.getByTestId('contact-row').filter({ hasText: name });

  test('one list: everyone is a contact, and a client added from the portal side carries the portal mark', async () => {
    await page.goto(`${app.url}/contacts`);
    await rowOf(customer).waitFor();
    await rowOf('ТОО «Северная звезда»').getByTestId('contact-mark').filter({ hasText: 'Portal: not invited' }).waitFor();
    assert.equal(await rowOf(customer).getByTestId('contact-mark').count(), 0, 'no portal access yet');
    // The old Clients list leads to the same list, filtered.
    await page.goto(`${app.url}/clients`);
    await page.waitForURL('**/contacts?show=portal');
    await page.getByTestId('client-row').filter({ hasText: 'ТОО «Северная звезда»' }).waitFor();
    assert.equal(await page.getByTestId('client-row').filter({ hasText: customer }).count(), 0);
    assert.equal(await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Clients' }).count(), 0);
  });

  test('portal access given from the contact page; the same page then shows their tickets and invoices', async () => {
    await page.goto(`${app.url}/contacts/${contactId}`);
    const portal = page.getByTestId('portal-section');
    await portal.getByText(/No portal access yet/).waitFor();
    const give = portal.getByRole('form', { name: 'Give portal access' });
    await give.getByRole('textbox', { name: 'E-mail' }).fill('gulnara@example.com');
    await give.getByRole('button', { name: 'Give portal access' }).click();
    await portal.getByTestId('portal-status').filter({ hasText: 'Not invited' }).waitFor();
    const account = (await api.get(`/api/clients/${contactId}`)).body;
    assert.equal(account.id, contactId, 'the portal account is this contact');
    assert.equal(account.email, 'gulnara@example.com');

    // A ticket from the section's button; an invoice through the API: both show in the section.
    await portal.getByRole('button', { name: 'New ticket' }).click();
    const dialog = page.getByRole('dialog', { name: 'New ticket' });
    await dialog.getByRole('textbox', { name: 'Subject' }).fill('Подключение в новом офисе');
    await dialog.getByRole('button', { name: 'Open the ticket' }).click();
    await page.waitForURL(/\/tickets\/\d+$/);
    const invoice = await api.post('/api/invoices', {
      client_id: contactId,
      currency: 'KZT',
      due_date: '2030-01-31',
      lines: [{ description: 'Монтаж роутера', quantity: 1, unit_price: 15000 }],
    });
    assert.equal(invoice.status, 201, JSON.stringify(invoice.body));
    // The ticket's client link leads back to the one page.
    await page.getByRole('link', { name: customer }).first().click();
    await page.waitForURL(`**/contacts/${contactId}`);
    await portal.getByRole('region', { name: 'Tickets' }).getByText('Подключение в новом офисе').waitFor();
    await portal.getByRole('region', { name: 'Invoices' }).getByText(invoice.body.number).waitFor();
    // Conversations and the timeline are on the same page.
    await page.getByText('Добрый день! Хочу подключить интернет').first().waitFor();
    // Invite (a password reset is the same link) and switch access off and on.
    await portal.getByTestId('invite').click();
    await portal.getByTestId('portal-status').filter({ hasText: 'Invited' }).waitFor();
    await portal.getByRole('switch', { name: 'Portal access' }).click({ force: true });
    await portal.getByTestId('portal-status').filter({ hasText: 'Access off' }).waitFor();
    assert.equal((await api.get(`/api/clients/${contactId}`)).body.is_active, false);
    await portal.getByRole('switch', { name: 'Portal access' }).click({ force: true });
    await portal.getByTestId('portal-status').filter({ hasText: 'Invited' }).waitFor();
    assert.deepEqual(await unnamedControls(page), [], 'every control has an accessible name');

    await page.goto(`${app.url}/contacts`);
    await rowOf(customer).getByTestId('contact-mark').filter({ hasText: 'Portal: invited' }).waitFor();
    await chooseSegment(page, 'With portal access');
    await page.waitForURL('**/contacts?show=portal');
    await page.getByTestId('client-row').filter({ hasText: customer }).waitFor();
  });

  for (const width of [1440, 390])
    for (const language of ['ru', 'en'] as const)
      for (const theme of ['light', 'dark'] as const)
        test(`${width}, ${language}, ${theme}: the list, the filter and the contact page fit`, async () => {
          await page.setViewportSize({ width, height: width > 800 ? 900 : 844 });
          await page.evaluate(
            ([lang, scheme]) => {
              window.localStorage.setItem('sb.language', lang);
              window.localStorage.setItem('sb.color-scheme', scheme);
            },
            [language, theme],
          );
          const found: string[] = [];
          const portalMark = language === 'ru' ? 'Портал: приглашён' : 'Portal: invited';
          const views = [
            { name: 'list', path: '/contacts', ready: () => rowOf(customer).getByTestId('contact-mark').filter({ hasText: portalMark }) },
            { name: 'portal', path: '/contacts?show=portal', ready: () => page.getByTestId('client-row').filter({ hasText: customer }) },
            { name: 'contact', path: `/contacts/${contactId}`, ready: () => page.getByTestId('invoice-status').first() },
          ];
          for (const view of views) {
            await page.goto(`${app.url}${view.path}`);
            await view.ready().waitFor();
            // The page scrolls inside its main area: bring the portal's section into the picture.
            if (view.name === 'contact') await page.getByTestId('portal-section').scrollIntoViewIfNeeded();
            assert.equal(await page.evaluate(() => document.documentElement.lang), language);
            await page.screenshot({ path: artifactPath(`people-${view.name}-${width}-${language}-${theme}.png`), fullPage: true });
            for (const problem of await layoutProblems(page)) found.push(`${view.name}: ${problem}`);
          }
          assert.deepEqual(found, []);
        });

  test('an operator who may not see the person sees no contact, no portal account, no tickets and no invoices', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.evaluate(() => window.localStorage.setItem('sb.language', 'en'));
    const created = await api.post('/api/operators', { name: 'Olga', email: 'olga@example.com', password: 'operator-password-1' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await browser.context.clearCookies();
    await signIn(page, app.url, { email: 'olga@example.com', password: 'operator-password-1' });
    await page.goto(`${app.url}/contacts/${contactId}`);
    await page
      .getByRole('alert')
      .filter({ hasText: /not found|does not exist|no such/i })
      .waitFor();
    assert.equal(await page.getByTestId('portal-section').count(), 0);
    await page.goto(`${app.url}/contacts?show=portal`);
    await page.getByTestId('empty-state').waitFor();
    assert.equal(await page.getByTestId('client-row').count(), 0);
    await page.screenshot({ path: artifactPath('people-operator-hidden.png'), fullPage: true });
  });
});
