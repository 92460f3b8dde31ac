// Widths people actually use — a 13" laptop, a 15" laptop, a phone — in Russian (the longest
// labels) and English, light and dark: no page scrolls sideways and no toolbar wraps onto a second line.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { signInWithToken, type ApiClient } from '../server/src/testing/api-client.ts';
import { acquireBrowserLock, eventually, startE2eApp, testAdmin, type E2eApp } from './support/app.ts';
import { artifactPath, browserSkipReason, launchChromium, type LaunchedBrowser } from './support/browser.ts';
import { layoutProblems } from './support/layout.ts';
import { signIn } from './support/pages.ts';

const viewports = [
  { width: 1280, height: 800 },
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
];
const languages = ['ru', 'en'] as const;
const themes = ['light', 'dark'] as const;

describe('layout at common widths (browser)', { skip: browserSkipReason() }, () => {
  let release: () => void;
  let app: E2eApp;
  let browser: LaunchedBrowser;
  let page: Page;
  let chatId: number;
  let staff: ApiClient;

  /** The pages to check, each with what shows it has loaded its data. */
  const pages = (): Array<{ name: string; path: string; ready: (on: Page) => Locator }> => [
    { name: 'conversation', path: `/inbox/${chatId}`, ready: (on) => on.getByTestId('chat-workflow') },
    { name: 'contacts', path: '/contacts', ready: (on) => on.getByTestId('contact-row').first() },
    { name: 'tickets', path: '/tickets', ready: (on) => on.getByTestId('ticket-row').first() },
    { name: 'invoices', path: '/invoices', ready: (on) => on.getByTestId('invoice-row').first() },
    { name: 'settings-messengers', path: '/settings/messengers', ready: (on) => on.getByRole('tabpanel') },
    { name: 'settings-inbox', path: '/settings/inbox', ready: (on) => on.getByRole('tabpanel') },
    { name: 'settings-business', path: '/settings/business', ready: (on) => on.locator('form input').first() },
  ];

  before(
    async () => {
      release = await acquireBrowserLock();
      app = await startE2eApp();
      staff = await signInWithToken(app.url, testAdmin);
      // A conversation with everything its toolbar can show: an assignee with a long name, two labels, resolved.
      const user = app.sim.createUser({ first_name: 'Александра', last_name: 'Константинопольская' });
      app.sim.sendText(app.bot.token, { from: user.id, text: 'Здравствуйте! Когда будет готов мой заказ?' });
      chatId = await eventually(
        async () => (await staff.get('/api/chats')).body.results.find((chat: { id: number }) => chat.id)?.id,
        30_000,
        'the conversation',
      );
      const operator = await staff.post('/api/operators', {
        name: 'Екатерина Александровна Верхоланцева',
        email: 'long-name@example.com',
        password: 'long-name-password-1',
        max_chats: 10,
      });
      assert.equal(operator.status, 201, JSON.stringify(operator.body));
      assert.equal((await staff.post(`/api/chats/${chatId}/assign`, { operator_id: operator.body.id })).status, 200);
      const labelIds: number[] = [];
      for (const [name, color] of [
        ['Постоянный клиент', 'green'],
        ['Срочно', 'red'],
      ]) {
        const label = await staff.post('/api/labels', { name, color });
        assert.equal(label.status, 201, JSON.stringify(label.body));
        labelIds.push(label.body.id);
      }
      assert.equal((await staff.put(`/api/chats/${chatId}/labels`, { label_ids: labelIds })).status, 200);
      assert.equal((await staff.post(`/api/chats/${chatId}/resolve`)).status, 200);

      const client = await staff.post('/api/clients', { name: 'ТОО «Северная звезда»', email: 'star@example.com', language: 'ru' });
      assert.equal(client.status, 201, JSON.stringify(client.body));
      const ticket = await staff.post('/api/tickets', { client_id: client.body.id, subject: 'Роутер перезагружается каждый час' });
      assert.equal(ticket.status, 201, JSON.stringify(ticket.body));
      const invoice = await staff.post('/api/invoices', {
        client_id: client.body.id,
        currency: 'KZT',
        due_date: '2030-01-31',
        lines: [{ description: 'Монтаж роутера', quantity: 1, unit_price: 15000 }],
      });
      assert.equal(invoice.status, 201, JSON.stringify(invoice.body));

      browser = await launchChromium();
      page = await browser.context.newPage();
      page.setDefaultTimeout(30_000);
      await signIn(page, app.url);
    },
    { timeout: 30 * 60_000 },
  );
  after(async () => {
    await browser?.close();
    await app?.stop();
    release?.();
  });

  for (const viewport of viewports)
    for (const language of languages)
      for (const theme of themes) {
        const size = `${viewport.width}×${viewport.height}`;
        test(`${size}, ${language}, ${theme}: no sideways scrolling, no wrapped toolbar`, async () => {
          await page.setViewportSize(viewport);
          await page.evaluate(
            ([lang, scheme]) => {
              window.localStorage.setItem('sb.language', lang);
              window.localStorage.setItem('sb.color-scheme', scheme);
            },
            [language, theme],
          );
          const found: string[] = [];
          for (const { name, path, ready } of pages()) {
            await page.goto(`${app.url}${path}`);
            await ready(page).waitFor();
            assert.equal(await page.evaluate(() => document.documentElement.lang), language);
            assert.equal(await page.evaluate(() => document.documentElement.getAttribute('data-mantine-color-scheme')), theme);
            await page.screenshot({ path: artifactPath(`layout-${name}-${viewport.width}-${language}-${theme}.png`) });
            for (const problem of await layoutProblems(page)) found.push(`${name}: ${problem}`);
          }
          assert.deepEqual(found, []);
        });
      }

  test("a name staff gave the contact shows, with the messenger's name beside it", async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.evaluate(() => window.localStorage.setItem('sb.language', 'ru'));
    const contactId = (await staff.get(`/api/chats/${chatId}`)).body.contact.id;
    assert.equal((await staff.patch(`/api/contacts/${contactId}`, { display_name: 'Саша (опт)' })).status, 200);
    await page.goto(`${app.url}/inbox/${chatId}`);
    const panel = page.getByTestId('contact-panel');
    await panel.getByTestId('profile-name').filter({ hasText: 'В мессенджере: Александра Константинопольская' }).waitFor();
    await page.getByTestId('conversation-title').filter({ hasText: 'Саша (опт)' }).waitFor();
    await page.screenshot({ path: artifactPath('contact-profile-name-ru.png') });
  });
});
