// Telegram Business in a real browser: a business account that connected the bot shows under it on the
// accounts page (owner, rights, enabled), its customer's chat is answered from the inbox as the account,
// and a paused connection tells the operator why the chat cannot be answered.
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
    // The composer reads the chat's state when it opens: the notice names the account and the way back.
    await page.reload();
    await page.getByTestId('cannot-reply').waitFor();
    assert.match(await page.getByTestId('cannot-reply').innerText(), /paused the bot/);
    await page.screenshot({ path: artifactPath('business-paused.png'), fullPage: true });

    await page.goto(`${app.url}/settings/messengers`);
    await sub.getByTestId('sub-account-state').filter({ hasText: 'paused' }).waitFor();
  });
});
