// Telegram Business in a real browser: a business account that connected the bot shows under it on the
// accounts page (owner, rights, enabled), its customer's chat is answered from the inbox as the account,
// and a paused connection tells the operator why the chat cannot be answered; in Russian, a read-only connection
// (no can_reply right) says so on the page and in the composer until its owner allows replies.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { signInWithToken, type ApiClient } from '../server/src/testing/api-client.ts';
import { acquireBrowserLock, eventually, startE2eApp, testAdmin, type E2eApp } from './support/app.ts';
import { artifactPath, browserSkipReason, launchChromium, type LaunchedBrowser } from './support/browser.ts';
import { bubble, openChat, signIn, unnamedControls } from './support/pages.ts';

describe('Telegram Business (browser)', { skip: browserSkipReason() }, () => {
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

  test('the business account under its bot; its chat answered as the account; paused → the composer says why', async () => {
    const { sim, bot } = app;
    sim.setBusinessMode(bot.token, true);
    const owner = sim.createUser({ first_name: 'Olga', last_name: 'Flowers', username: 'olga_flowers' });
    const customer = sim.createUser({ first_name: 'Boris', last_name: 'Buyer' });
    const connection = sim.connectBusiness(bot.token, { user: owner.id, rights: { can_reply: true, can_read_messages: true } });

    await page.goto(`${app.url}/settings/messengers`);
    const sub = page.getByTestId('messenger-card-telegram').getByTestId('sub-account').filter({ hasText: 'Olga Flowers' });
    await sub.waitFor();
    await sub.getByText('@olga_flowers').waitFor();
    await sub.getByTestId('sub-account-state').filter({ hasText: 'enabled' }).waitFor();
    assert.match(await sub.getByTestId('sub-account-rights').innerText(), /reply, read messages/);
    assert.deepEqual(await unnamedControls(page), [], 'every control has an accessible name');
    await page.screenshot({ path: artifactPath('business-accounts.png'), fullPage: true });
    // The bot's dialog says how an account connects it (that is done in Telegram).
    await page.getByTestId('messenger-card-telegram').getByTestId('bot-row').first().click();
    await page.getByRole('dialog').getByTestId('business-connect-hint').getByText('@shop_bot', { exact: false }).first().waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    sim.sendBusinessText(bot.token, { connection: connection.id, from: customer.id, text: 'Are the tulips fresh?' });
    await page.getByRole('link', { name: 'Inbox' }).first().click();
    await openChat(page, 'Boris Buyer');
    await page.getByTestId('reply-via').filter({ hasText: 'Olga Flowers' }).waitFor();
    const input = page.getByRole('textbox', { name: 'Message' });
    await input.fill('Delivered this morning');
    await input.press('Enter');
    const received = await sim.waitForSent(bot.token, customer.id, (message) => message.text === 'Delivered this morning', 10_000);
    assert.equal(received.business_connection_id, connection.id, 'the reply went through the business connection');
    await bubble(page, 'Delivered this morning').waitFor();

    sim.updateBusinessConnection(bot.token, connection.id, { is_enabled: false });
    const chatId = /\/inbox\/(\d+)/.exec(page.url())?.[1];
    assert.ok(chatId, 'the conversation is open at /inbox/:id');
    await eventually(
      async () => (await api.get(`/api/chats/${chatId}/reply-status`)).body.can_reply === false,
      10_000,
      'the pause to reach the server',
    );
    // The composer reads the chat's state when it opens: the notice names the account and the way back. (The live
    // update without a reload is proven by the Russian test's rights change and business.test.ts's WebSocket check.)
    await page.reload();
    await page.getByTestId('cannot-reply').waitFor();
    assert.match(await page.getByTestId('cannot-reply').innerText(), /paused the bot/);
    await page.screenshot({ path: artifactPath('business-paused.png'), fullPage: true });

    await page.goto(`${app.url}/settings/messengers`);
    await sub.getByTestId('sub-account-state').filter({ hasText: 'paused' }).waitFor();
  });

  test('in Russian: a read-only connection says so on the accounts page and in the composer; a sent reply is refused with the reason; allowed → answered', async () => {
    const { sim, bot } = app;
    sim.setBusinessMode(bot.token, true);
    const owner = sim.createUser({ first_name: 'Вера', last_name: 'Цветы', username: 'vera_flowers' });
    const customer = sim.createUser({ first_name: 'Глеб', last_name: 'Покупатель' });
    const connection = sim.connectBusiness(bot.token, { user: owner.id, rights: { can_read_messages: true } });
    await page.evaluate(() => window.localStorage.setItem('sb.language', 'ru'));

    await page.goto(`${app.url}/settings/messengers`);
    const sub = page.getByTestId('messenger-card-telegram').getByTestId('sub-account').filter({ hasText: 'Вера Цветы' });
    await sub.getByTestId('sub-account-state').filter({ hasText: 'включён' }).waitFor();
    await sub.getByText('не может отвечать', { exact: true }).waitFor();
    assert.match(await sub.getByTestId('sub-account-rights').innerText(), /Права: читать сообщения$/);
    assert.match(await sub.getByTestId('sub-account-reason').innerText(), /Вера Цветы разрешил боту только читать/);
    await sub.scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('business-accounts-read-only-1440-ru.png') });

    sim.sendBusinessText(bot.token, { connection: connection.id, from: customer.id, text: 'Есть ли розы?' });
    await page.getByRole('link', { name: 'Входящие' }).first().click();
    await openChat(page, 'Глеб Покупатель');
    const notice = page.getByTestId('cannot-reply');
    await notice.getByText('Сейчас в этот чат ответить нельзя').waitFor();
    assert.match(await notice.innerText(), /Вера Цветы разрешил боту только читать/);
    // Sending anyway: the server refuses before anything is written; the composer points at the notice and keeps the text.
    const input = page.getByRole('textbox', { name: 'Сообщение' });
    await input.fill('Да, красные');
    await input.press('Enter');
    await page.getByTestId('composer-error').filter({ hasText: 'причина указана над полем ответа' }).waitFor();
    assert.equal(await input.inputValue(), 'Да, красные', 'the refused text is given back');
    assert.equal(await bubble(page, 'Да, красные').count(), 0, 'the refused reply is not in the conversation');
    await input.fill('');
    await page.screenshot({ path: artifactPath('business-read-only-1440-ru.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.evaluate(() => window.localStorage.setItem('sb.color-scheme', 'dark'));
    await page.reload();
    await page.getByTestId('cannot-reply').waitFor();
    await page.screenshot({ path: artifactPath('business-read-only-390-ru-dark.png') });
    await page.evaluate(() => window.localStorage.removeItem('sb.color-scheme'));
    await page.setViewportSize({ width: 1440, height: 900 });

    // The owner allows replies in Telegram: the composer names the account again and the reply goes through the connection.
    sim.updateBusinessConnection(bot.token, connection.id, { rights: { can_reply: true, can_read_messages: true } });
    // Live, with no reload: the notice gives way to "replies go as …".
    await page
      .getByTestId('reply-via')
      .filter({ hasText: 'Ответы уходят от имени бизнес-аккаунта Вера Цветы' })
      .waitFor({ timeout: 10_000 });
    assert.equal(await page.getByTestId('cannot-reply').count(), 0);
    await input.fill('Да, красные и белые');
    await input.press('Enter');
    const received = await sim.waitForSent(bot.token, customer.id, (message) => message.text === 'Да, красные и белые', 10_000);
    assert.equal(received.business_connection_id, connection.id);
    await bubble(page, 'Да, красные и белые').getByTestId('status-sent').waitFor();
    await page.screenshot({ path: artifactPath('business-answered-1440-ru.png') });
    await page.evaluate(() => window.localStorage.setItem('sb.language', 'en'));
  });
});
