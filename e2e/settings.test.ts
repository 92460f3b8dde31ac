// Settings → Messengers (seed 000) in a real browser: switches, bots, tokens and welcome texts that
// survive a reload, and WhatsApp's click-to-chat button on contact panels.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { signInWithToken, type ApiClient } from '../server/src/testing/api-client.ts';
import { acquireBrowserLock, eventually, startE2eApp, testAdmin, type E2eApp } from './support/app.ts';
import { artifactPath, browserSkipReason, launchChromium, type LaunchedBrowser } from './support/browser.ts';
import { openChat, signIn, unnamedControls } from './support/pages.ts';

describe('settings → messengers (browser)', { skip: browserSkipReason() }, () => {
  let release: () => void;
  let app: E2eApp;
  let browser: LaunchedBrowser;
  let page: Page;
  let api: ApiClient;

  const card = (type: string) => page.getByTestId(`messenger-card-${type}`);
  const telegramSwitch = () => page.getByRole('switch', { name: 'Switch Telegram on or off' });
  const openSettings = async () => {
    await page.goto(`${app.url}/settings/messengers`);
    await card('telegram').getByTestId('bot-row').first().waitFor();
  };

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

  test('a card per messenger; TikTok says plainly it is not built, the API refuses it; Instagram connects accounts', async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.waitForURL('**/settings/messengers');
    for (const type of ['instagram', 'whatsapp', 'telegram', 'tiktok']) await card(type).waitFor();
    await card('tiktok').getByText('Not built yet', { exact: true }).waitFor();
    assert.equal(await card('tiktok').getByRole('switch').isDisabled(), true, 'tiktok cannot be switched on');
    const refused = await api.put('/api/messengers/settings/tiktok', { is_enabled: true });
    assert.equal(refused.status, 422);
    assert.equal(await card('instagram').getByRole('switch').isDisabled(), false, 'Instagram is built');
    await card('instagram').getByTestId('add-account-instagram').click();
    const dialog = page.getByRole('dialog');
    for (const label of ['Instagram account ID', 'Access token', 'Instagram app secret', 'Verify token'])
      await dialog.getByLabel(label, { exact: false }).first().waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await telegramSwitch().isChecked(), true, 'the bot from TELEGRAM_BOT_TOKEN switches Telegram on');
    assert.deepEqual(await unnamedControls(page), [], 'every control has an accessible name');
    await card('telegram').getByTestId('bot-row').first().waitFor();
    await page.screenshot({ path: artifactPath('settings-messengers.png'), fullPage: true });
  });

  test('the Telegram switch survives a reload and drives the sidebar’s Chat menu', async () => {
    await openSettings();
    await telegramSwitch().click({ force: true });
    await eventually(async () => !(await telegramSwitch().isChecked()), 5000, 'the switch to turn off');
    await page.getByTestId('chat-menu-telegram').waitFor({ state: 'detached' });
    await page.reload();
    await card('telegram').waitFor();
    assert.equal(await telegramSwitch().isChecked(), false);
    assert.equal((await api.get('/api/messengers/enabled')).body.enabled_messengers.length, 0);

    await telegramSwitch().click({ force: true });
    await page.getByTestId('chat-menu-telegram').waitFor();
    await page.reload();
    await card('telegram').waitFor();
    assert.equal(await telegramSwitch().isChecked(), true);
  });

  test('the default bot’s dialog: masked token from the environment, Test shows getMe, webhook status', async () => {
    await openSettings();
    await card('telegram').getByTestId('bot-row').first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('token-source').filter({ hasText: 'from the environment' }).waitFor();
    const masked = await dialog.getByTestId('token-masked').innerText();
    assert.ok(!masked.includes(app.bot.token.split(':')[1]!), 'the token is masked');
    await dialog.getByTestId('bot-test').click();
    await dialog.getByTestId('bot-test-result').filter({ hasText: '@shop_bot' }).waitFor();
    await dialog.getByTestId('webhook-status').getByText('Pending updates').waitFor();
    await dialog.getByTestId('webhook-status').getByText('none (updates are polled or forwarded)').waitFor();
    await page.screenshot({ path: artifactPath('settings-bot-dialog.png') });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  test('a bot is added with its token and welcome text; both survive a reload; a bad token is refused; the bot can be removed', async () => {
    await openSettings();
    await page.getByTestId('add-bot').click();
    const dialog = page.getByRole('dialog', { name: 'Add a Telegram bot' });
    await dialog.getByLabel('Name').fill('Second shop');
    await dialog.locator('input[type=password]').fill('123456:not-a-real-token');
    await dialog.getByRole('button', { name: 'Check token and add' }).click();
    await dialog.getByRole('alert').waitFor();
    assert.match(await dialog.getByRole('alert').innerText(), /The bot was not added/);

    const second = app.sim.createBot({ username: 'second_shop_bot', first_name: 'Second' });
    await dialog.locator('input[type=password]').fill(second.token);
    await dialog.getByLabel('Welcome text').fill('Welcome to the second shop! 👋');
    await dialog.getByRole('button', { name: 'Check token and add' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = card('telegram').getByTestId('bot-row').filter({ hasText: 'Second shop' });
    await row.waitFor();

    await page.reload();
    await row.waitFor();
    await row.getByText('@second_shop_bot').waitFor();
    await row.click();
    const botDialog = page.getByRole('dialog');
    await botDialog.getByTestId('token-source').filter({ hasText: 'stored in the database' }).waitFor();
    assert.equal(await botDialog.getByTestId('bot-welcome').inputValue(), 'Welcome to the second shop! 👋');
    assert.match(await botDialog.getByTestId('token-masked').innerText(), /^\d+:/);
    await botDialog.getByTestId('bot-welcome').fill('Hello from the second shop.');
    await botDialog.getByTestId('bot-save').click();
    await botDialog.waitFor({ state: 'detached' });
    await page.reload();
    await row.click();
    assert.equal(await page.getByRole('dialog').getByTestId('bot-welcome').inputValue(), 'Hello from the second shop.');

    await page.getByRole('dialog').getByRole('button', { name: 'Remove bot' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove it for good' }).click();
    await row.waitFor({ state: 'detached' });
    const accounts = (await api.get('/api/accounts/')).body.results as Array<{ bot_username: string }>;
    assert.ok(!accounts.some((account) => account.bot_username === 'second_shop_bot'));
  });

  test('WhatsApp’s switch puts a click-to-chat button with the phone’s digits on contact panels', async () => {
    const user = app.sim.createUser({ first_name: 'Wanda', last_name: 'Phone' });
    app.sim.sendText(app.bot.token, { from: user.id, text: 'Call me maybe' });
    const chat = await eventually(async () => (await api.get('/api/chats?q=Wanda')).body.results[0], 10_000, 'the chat');
    await app.server.switchboard.database.db
      .updateTable('contacts' as never)
      .set({ phone: '8 (701) 234-56-78' } as never)
      .where('id' as never, '=', chat.contact.id as never)
      .execute();

    await openSettings();
    const whatsapp = page.getByRole('switch', { name: 'Switch WhatsApp on or off' });
    if (await whatsapp.isChecked()) await whatsapp.click({ force: true });
    await page.goto(`${app.url}/inbox`);
    await openChat(page, 'Wanda Phone');
    await page.getByTestId('contact-panel').getByText('8 (701) 234-56-78').waitFor();
    assert.equal(await page.getByTestId('whatsapp-button').count(), 0, 'no WhatsApp button while WhatsApp is off');

    await openSettings();
    await whatsapp.click({ force: true });
    await page.getByTestId('chat-menu-whatsapp').waitFor();
    await page.reload();
    await card('whatsapp').waitFor();
    assert.equal(await whatsapp.isChecked(), true, 'the switch survives a reload');
    await page.goto(`${app.url}/inbox`);
    await openChat(page, 'Wanda Phone');
    const button = page.getByTestId('whatsapp-button');
    await button.waitFor();
    assert.equal(await button.getAttribute('href'), 'https://wa.me/77012345678');
    assert.equal(await button.getAttribute('rel'), 'noopener noreferrer');
  });

  test('Settings → Apps: one form per running app, drawn from its schema; a change is saved and a bad one refused', async () => {
    await page.goto(`${app.url}/settings/apps`);
    const linking = page.getByRole('form', { name: 'Telegram linking' });
    const invoices = page.getByRole('form', { name: 'Invoices' });
    await linking.waitFor();
    await invoices.waitFor();
    assert.equal(await page.getByRole('tab', { name: 'Apps' }).getAttribute('aria-selected'), 'true');
    await invoices.getByRole('textbox', { name: 'Issuer details' }).fill('Almaty, Abay 1');
    await page.getByTestId('save-tickets-settings').click();
    await eventually(
      async () => (await api.get('/api/apps/tickets/settings')).body.business_details === 'Almaty, Abay 1',
      10_000,
      'the details saved',
    );
    await linking.getByRole('textbox', { name: 'Link lifetime, minutes' }).fill('5000');
    await page.getByTestId('save-linking-settings').click();
    await linking.getByRole('alert').waitFor();
    assert.match(
      (await linking.getByRole('alert').textContent()) ?? '',
      /Link lifetime, minutes: at most 1440/,
      'the refusal names the field and its limit',
    );
    await page.screenshot({ path: artifactPath('settings-apps-refused.png') });
    assert.equal((await api.get('/api/apps/linking/settings')).body.token_ttl_minutes, 15, 'nothing half-saved');
  });
});
