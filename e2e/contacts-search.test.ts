// Contacts, the contact page (seed 000's messenger buttons, merging duplicates) and search, in a real
// browser against a server wired to the Bot API simulator.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { signInWithToken, type ApiClient } from '../server/src/testing/api-client.ts';
import { acquireBrowserLock, eventually, startE2eApp, testAdmin, type E2eApp } from './support/app.ts';
import { artifactPath, browserSkipReason, launchChromium, type LaunchedBrowser } from './support/browser.ts';
import { bubble, signIn, unnamedControls } from './support/pages.ts';

describe('contacts and search (browser)', { skip: browserSkipReason() }, () => {
  let release: () => void;
  let app: E2eApp;
  let browser: LaunchedBrowser;
  let page: Page;
  let api: ApiClient;

  before(
    async () => {
      release = await acquireBrowserLock();
      app = await startE2eApp();
      api = await signInWithToken(app.url, testAdmin);
      // Assignments in this file are made on purpose, not by round robin.
      assert.equal((await api.put('/api/inbox/policy', { auto_assign: false })).status, 200);
      assert.equal((await api.put('/api/messengers/settings/whatsapp', { is_enabled: true })).status, 200);
      browser = await launchChromium();
      page = await browser.context.newPage();
      page.setDefaultTimeout(30_000);
      await signIn(page, app.url);
    },
    // Waiting for the browser lock behind other files can take longer than one test may.
    { timeout: 20 * 60_000 },
  );
  after(async () => {
    await browser?.close();
    await app?.stop();
    release?.();
  });

  /** A customer writes to a bot; resolves with the conversation and the contact the server made. */
  async function customerWrites(
    person: { first_name: string; last_name?: string; username?: string },
    text: string,
    token = app.bot.token,
  ) {
    const user = app.sim.createUser(person);
    return { user, ...(await writesAgain(user.id, text, token)) };
  }
  async function writesAgain(userId: number, text: string, token = app.bot.token) {
    app.sim.sendText(token, { from: userId, text });
    const message = await eventually(
      async () => (await api.get('/api/messages/?limit=200')).body.results.find((item: any) => item.text === text),
      30_000,
      `"${text}" in the inbox`,
    );
    const chat = (await api.get(`/api/chats/${message.chat_id}`)).body;
    return { chatId: chat.id as number, contactId: chat.contact.id as number, messageId: message.id as number };
  }

  async function searchFor(target: Page, text: string) {
    const box = target.getByRole('searchbox', { name: 'Search messages and contacts' });
    await box.fill(text);
    await target.waitForURL((url) => url.searchParams.get('q') === text);
  }

  test('search finds a Russian message by another word form and a contact by part of the name; the back button keeps the query', async () => {
    const svetlana = await customerWrites(
      { first_name: 'Светлана', last_name: 'Кузнецова', username: 'sveta_k' },
      'Где мои заказы? Жду уже неделю',
    );
    await customerWrites({ first_name: 'Noise', last_name: 'Person' }, 'Просто спасибо за помощь');

    await page.goto(`${app.url}/search`);
    await page.getByText('Type something to search.').waitFor();
    await searchFor(page, 'заказ');
    const result = page.getByTestId('search-message').filter({ hasText: 'Жду уже неделю' });
    await result.waitFor();
    assert.equal(await result.locator('mark').first().innerText(), 'заказы', 'the other word form is highlighted');
    assert.equal(await page.getByTestId('search-message').filter({ hasText: 'спасибо' }).count(), 0);
    await result.getByText('Светлана Кузнецова').waitFor();
    await page.screenshot({ path: artifactPath('search-results.png') });

    await searchFor(page, 'Кузнец');
    const contact = page.getByTestId('search-contact').filter({ hasText: 'Светлана Кузнецова' });
    await contact.waitFor();
    assert.equal(await contact.locator('mark').first().innerText(), 'Кузнецова');

    await searchFor(page, 'zqxwv nothing');
    await page.getByTestId('search-nothing').filter({ hasText: 'Nothing found for “zqxwv nothing”' }).waitFor();
    assert.deepEqual(await unnamedControls(page), []);

    // A result opens the conversation at the message; back returns to the same results.
    await searchFor(page, 'заказ');
    await result.click();
    await page.waitForURL(`**/inbox/${svetlana.chatId}#message-${svetlana.messageId}`);
    const target = page.locator(`[data-testid="message"][data-message-id="${svetlana.messageId}"]`);
    await target.waitFor();
    await eventually(
      async () => (await target.getAttribute('data-search-target')) === 'true',
      30_000,
      'the message to be brought into view',
    );
    await page.goBack();
    await page.waitForURL((url) => url.pathname === '/search' && url.searchParams.get('q') === 'заказ');
    assert.equal(await page.getByRole('searchbox', { name: 'Search messages and contacts' }).inputValue(), 'заказ');
    await result.waitFor();
  });

  test('an operator finds only the messages of conversations assigned to them', async () => {
    const hidden = await customerWrites({ first_name: 'Павел', last_name: 'Скрытный' }, 'Секретный заказ номер семь');
    const theirs = await customerWrites({ first_name: 'Анна', last_name: 'Своя' }, 'Мой заказ номер восемь');
    const operators: Array<{ id: number; email: string }> = [];
    for (const name of ['Olga', 'Boris']) {
      const email = `${name.toLowerCase()}@example.com`;
      const created = await api.post('/api/operators', { name, email, password: 'operator-pass-1', role: 'operator' });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      operators.push({ id: created.body.id, email });
    }
    const [olga, boris] = operators as [{ id: number; email: string }, { id: number; email: string }];
    assert.equal((await api.post(`/api/chats/${theirs.chatId}/assign`, { operator_id: olga.id })).status, 200);
    assert.equal((await api.post(`/api/chats/${hidden.chatId}/assign`, { operator_id: boris.id })).status, 200);
    // The admin sees both: the search itself can find the hidden message.
    const adminResults = (await api.get(`/api/search?q=${encodeURIComponent('заказ номер')}`)).body.messages.map((item: any) => item.text);
    assert.ok(adminResults.includes('Секретный заказ номер семь') && adminResults.includes('Мой заказ номер восемь'));

    const second = await launchChromium();
    try {
      const operatorPage = await second.context.newPage();
      operatorPage.setDefaultTimeout(30_000);
      await signIn(operatorPage, app.url, { email: olga.email, password: 'operator-pass-1' });
      await operatorPage.goto(`${app.url}/search`);
      await searchFor(operatorPage, 'заказ номер');
      await operatorPage.getByTestId('search-message').filter({ hasText: 'Мой заказ номер восемь' }).waitFor();
      assert.equal(await operatorPage.getByTestId('search-message').filter({ hasText: 'Секретный' }).count(), 0, 'not assigned: not found');
      await searchFor(operatorPage, 'Скрытн');
      await operatorPage.getByTestId('search-nothing').waitFor();
      // Nor by its address.
      await operatorPage.goto(`${app.url}/contacts/${hidden.contactId}`);
      await operatorPage.getByRole('alert').filter({ hasText: 'does not exist' }).waitFor();
    } finally {
      await second.close();
    }
  });

  test('contacts list → contact page: profile edits are checked in place and saved; WhatsApp opens wa.me with the digits', async () => {
    const { contactId } = await customerWrites(
      { first_name: 'Маргарита', last_name: 'Профильная', username: 'rita_p' },
      'Здравствуйте, хочу оформить заказ',
    );
    await page.goto(`${app.url}/contacts`);
    await page.getByRole('searchbox', { name: 'Search contacts' }).fill('ргарит');
    await page.waitForURL((url) => url.searchParams.get('q') === 'ргарит');
    const row = page.getByTestId('contact-row').filter({ hasText: 'Маргарита Профильная' });
    await row.waitFor();
    await eventually(async () => (await page.getByTestId('contact-row').count()) === 1, 30_000, 'only the match listed');
    await page.getByRole('searchbox', { name: 'Search contacts' }).fill('');
    await page.waitForURL((url) => !url.searchParams.has('q'));
    await eventually(async () => (await page.getByTestId('contact-row').count()) > 3, 30_000, 'the whole list back');
    await page.getByRole('searchbox', { name: 'Search contacts' }).fill('nobody-like-this');
    await page.getByTestId('contacts-empty').filter({ hasText: 'Nobody matches “nobody-like-this”' }).waitFor();

    await page.goto(`${app.url}/contacts/${contactId}`);
    await page.getByTestId('contact-name').filter({ hasText: 'Маргарита Профильная' }).waitFor();
    await page.getByText('@rita_p').first().waitFor();
    // No phone yet: WhatsApp is on but explains what it needs.
    await page.getByText('WhatsApp needs the contact’s phone number').waitFor();
    assert.equal(await page.getByTestId('whatsapp-button').count(), 0);

    const phone = page.getByRole('textbox', { name: 'Phone' });
    await phone.fill('call me');
    await phone.blur();
    await page.getByText('Use digits, spaces, brackets, dashes and a leading +.').waitFor();
    // Save does not send a number the server would refuse; the typed text stays for fixing.
    await phone.fill('+7 12');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('An international number has 7 to 15 digits').waitFor();
    assert.equal(await phone.inputValue(), '+7 12');
    assert.equal((await api.get(`/api/contacts/${contactId}`)).body.phone, null);

    await phone.fill('+7 (701) 555-12-34');
    const tags = page.getByRole('combobox', { name: 'Tags' });
    await tags.fill('vip');
    await tags.press('Enter');
    await tags.fill('опт');
    await tags.press('Enter');
    await page.getByRole('textbox', { name: 'Notes' }).fill('Любит утренние записи');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('profile-saved').waitFor();
    const saved = (await api.get(`/api/contacts/${contactId}`)).body;
    assert.equal(saved.phone, '+7 (701) 555-12-34');
    assert.deepEqual(saved.tags, ['vip', 'опт']);
    assert.equal(saved.notes, 'Любит утренние записи');

    await page.reload();
    assert.equal(await page.getByRole('textbox', { name: 'Notes' }).inputValue(), 'Любит утренние записи');
    const whatsApp = page.getByTestId('whatsapp-button');
    await whatsApp.waitFor();
    assert.equal(await whatsApp.getAttribute('href'), 'https://wa.me/77015551234');
    assert.equal(await whatsApp.getAttribute('target'), '_blank');
    assert.deepEqual(await unnamedControls(page), []);
    await page.screenshot({ path: artifactPath('contact-page.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('whatsapp-button').scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('contact-page-phone.png') });
    await page.setViewportSize({ width: 1440, height: 900 });

    // The list shows what was saved.
    await page.goto(`${app.url}/contacts?q=${encodeURIComponent('Профильная')}`);
    const listed = page.getByTestId('contact-row').filter({ hasText: 'Маргарита Профильная' });
    await listed.getByText('опт').waitFor();
    await listed.getByRole('cell', { name: '+7 (701) 555-12-34' }).waitFor();
    await page.goto(`${app.url}/contacts`);
    await page.getByTestId('contact-row').nth(4).waitFor();
    await page.screenshot({ path: artifactPath('contacts-list.png') });
  });

  test('the Telegram button sends through the chosen bot; the simulator receives it and it is in the inbox conversation', async () => {
    const secondBot = app.sim.createBot({ username: 'second_shop_bot', first_name: 'Second' });
    const connected = await api.post('/api/accounts', { name: 'Second shop', bot_token: secondBot.token, intake_mode: 'polling' });
    assert.equal(connected.status, 201, JSON.stringify(connected.body));
    const first = await customerWrites({ first_name: 'Тимур', last_name: 'Двухботов' }, 'Пишу первому боту');
    const second = await writesAgain(first.user.id, 'А теперь второму', secondBot.token);
    assert.equal(second.contactId, first.contactId, 'one person, two bots, one contact');

    await page.goto(`${app.url}/contacts/${first.contactId}`);
    await page.getByTestId('contact-conversation').nth(1).waitFor();
    await page.getByTestId('telegram-button').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: 'Bot' }).click();
    await page.getByRole('option', { name: 'Second shop (@second_shop_bot)' }).click();
    await dialog.getByRole('textbox', { name: 'Message' }).fill('Ваш заказ готов, заберите сегодня');
    await dialog.getByRole('button', { name: 'Send' }).click();
    const received = await app.sim.waitForSent(
      secondBot.token,
      first.user.id,
      (message) => message.text === 'Ваш заказ готов, заберите сегодня',
      30_000,
    );
    assert.ok(received);
    assert.equal(
      app.sim.sentMessages(app.bot.token, first.user.id).filter((message) => message.text === 'Ваш заказ готов, заберите сегодня').length,
      0,
      'not through the other bot',
    );
    await dialog.getByTestId('message-sent').waitFor();
    await dialog.getByRole('link', { name: 'Open the conversation' }).click();
    await page.waitForURL(`**/inbox/${second.chatId}`);
    await bubble(page, 'Ваш заказ готов, заберите сегодня').getByTestId('status-sent').waitFor();
  });

  test('the inbox contact panel links to the contact page and edits tags and notes in place', async () => {
    const { chatId, contactId } = await customerWrites({ first_name: 'Panel', last_name: 'Person' }, 'Hello from the panel test');
    await page.goto(`${app.url}/inbox/${chatId}`);
    const panel = page.getByTestId('contact-panel');
    const tags = panel.getByRole('combobox', { name: 'Tags' });
    await tags.fill('wholesale');
    await tags.press('Enter');
    await panel.getByText('Tags saved').waitFor();
    await panel.getByRole('textbox', { name: 'Notes' }).fill('Calls after 18:00');
    await panel.getByRole('textbox', { name: 'Notes' }).blur();
    await panel.getByText('Notes saved').waitFor();
    const saved = (await api.get(`/api/contacts/${contactId}`)).body;
    assert.deepEqual([saved.tags, saved.notes], [['wholesale'], 'Calls after 18:00']);
    await panel.getByTestId('telegram-button').waitFor();
    await page.screenshot({ path: artifactPath('inbox-contact-panel.png') });
    await panel.getByTestId('open-contact-page').click();
    await page.waitForURL(`**/contacts/${contactId}`);
    await page.getByTestId('contact-name').filter({ hasText: 'Panel Person' }).waitFor();
  });

  test('merging two duplicate contacts leaves one with both conversations', async () => {
    const keep = await customerWrites({ first_name: 'Дмитрий', last_name: 'Дублев', username: 'dima_one' }, 'Я пишу с первого аккаунта');
    const duplicate = await customerWrites(
      { first_name: 'Дмитрий', last_name: 'Дублев', username: 'dima_two' },
      'А это мой второй аккаунт',
    );
    await api.patch(`/api/contacts/${duplicate.contactId}`, { tags: ['from-second'] });

    await page.goto(`${app.url}/contacts/${keep.contactId}`);
    await page.getByRole('button', { name: 'Merge with another contact…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Find the other contact' }).fill('Дублев');
    const candidate = dialog.getByTestId('merge-candidate').filter({ hasText: `#${duplicate.contactId}` });
    await candidate.click();
    const preview = dialog.getByTestId('merge-preview');
    await preview.getByText('1 conversation(s) and 1 identity(ies) move').waitFor();
    await preview.getByText('from-second').waitFor();
    await page.screenshot({ path: artifactPath('contact-merge.png') });
    await dialog.getByRole('button', { name: 'Merge', exact: true }).click();
    await page.waitForURL(`**/contacts/${keep.contactId}`);
    await eventually(
      async () => (await page.getByTestId('contact-conversation').count()) === 2,
      30_000,
      'both conversations on the kept contact',
    );
    assert.equal((await api.get(`/api/contacts/${duplicate.contactId}`)).status, 404);
    const kept = (await api.get(`/api/contacts/${keep.contactId}`)).body;
    assert.deepEqual(kept.conversations.map((item: any) => item.id).sort(), [keep.chatId, duplicate.chatId].sort());
    assert.deepEqual(kept.tags, ['from-second']);
  });
});
