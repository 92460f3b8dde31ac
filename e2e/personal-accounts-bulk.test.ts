// The accounts page's bulk selection of personal accounts in a real browser, on the network stub: select some,
// stop them, start them, remove one (after confirming), each account's outcome listed (one removed meanwhile
// fails with its reason, the others go on); and an admin's live alert when an account hits PEER_FLOOD, in the
// page's language. English and Russian, light and dark, desktop and phone.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { createTelegramUserModule } from '../server/src/channels/telegram-user/module.ts';
import { signInWithToken, type ApiClient } from '../server/src/testing/api-client.ts';
import { connectAccount, createStubNetwork } from '../server/src/testing/telegram-user.fixture.ts';
import { acquireBrowserLock, eventually, startE2eApp, testAdmin, type E2eApp } from './support/app.ts';
import { artifactPath, browserSkipReason, launchChromium, type LaunchedBrowser } from './support/browser.ts';
import { signIn } from './support/pages.ts';

const words = {
  en: {
    selectAll: 'Select all',
    select: (name: string) => `Select ${name}`,
    stop: 'Stop',
    start: 'Start',
    remove: 'Remove',
    confirmTitle: 'Remove the selected accounts',
    cancel: 'Cancel',
    stopped: 'stopped',
    started: 'started',
    removed: 'removed',
    failed: 'failed:',
    stoppedBadge: 'Stopped',
    activeBadge: 'Active',
    alert: 'needs an admin',
    alertText: 'outgoing messages are paused',
  },
  ru: {
    selectAll: 'Выбрать все',
    select: (name: string) => `Выбрать ${name}`,
    stop: 'Остановить',
    start: 'Запустить',
    remove: 'Удалить',
    confirmTitle: 'Удалить выбранные аккаунты',
    cancel: 'Отмена',
    stopped: 'остановлен',
    started: 'запущен',
    removed: 'удалён',
    failed: 'ошибка:',
    stoppedBadge: 'Остановлен',
    activeBadge: 'Работает',
    alert: 'нужен администратор',
    alertText: 'исходящие сообщения приостановлены',
  },
};

describe('personal accounts in bulk (browser)', { skip: browserSkipReason() }, () => {
  const network = createStubNetwork();
  let release: () => void;
  let app: E2eApp;
  let browser: LaunchedBrowser;
  let page: Page;
  let admin: ApiClient;

  before(async () => {
    release = await acquireBrowserLock();
    app = await startE2eApp({}, { extraChannelModules: (context) => [createTelegramUserModule({ ...context, network })] });
    admin = await signInWithToken(app.url, testAdmin);
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

  const row = (name: string) => page.getByTestId('personal-account-row').filter({ hasText: name });
  const badge = (name: string, text: string) => row(name).getByText(text, { exact: true }).first();

  for (const [index, language] of (['en', 'ru'] as const).entries()) {
    test(`select, stop, start and remove personal accounts, each outcome listed; PEER_FLOOD alerts the admin (${language})`, async () => {
      const w = words[language];
      const theme = language === 'en' ? 'light' : 'dark';
      const names = [`Anna ${language}`, `Boris ${language}`, `Vera ${language}`];
      const ids: number[] = [];
      for (const [n, name] of names.entries()) ids.push(await connectAccount(admin, network, `+7999555${index}${n}01`, name));
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.evaluate(
        ([lang, scheme]) => {
          window.localStorage.setItem('sb.language', lang);
          window.localStorage.setItem('sb.color-scheme', scheme);
        },
        [language, theme],
      );
      await page.goto(`${app.url}/settings/messengers`);
      for (const name of names) await badge(name, w.activeBadge).waitFor();

      // Two selected and stopped; the third stays on.
      await page.getByRole('checkbox', { name: w.select(names[0]!) }).check();
      await page.getByRole('checkbox', { name: w.select(names[1]!) }).check();
      const bar = page.getByTestId('personal-bulk-bar');
      await bar.getByRole('button', { name: w.stop, exact: true }).click();
      const results = page.getByTestId('personal-bulk-results');
      await results.getByText(`${names[0]}: ${w.stopped}`).waitFor();
      await results.getByText(`${names[1]}: ${w.stopped}`).waitFor();
      await badge(names[0]!, w.stoppedBadge).waitFor();
      await badge(names[1]!, w.stoppedBadge).waitFor();
      assert.equal((await admin.get(`/api/accounts/${ids[2]}`)).body.status, 'active', 'the unselected account is left alone');
      await page.screenshot({ path: artifactPath(`personal-bulk-stopped-${language}-${theme}.png`), fullPage: true });

      // All selected and started; one of them is removed elsewhere meanwhile, so its outcome is a failure.
      const boris = page.getByRole('checkbox', { name: w.select(names[1]!) });
      await page.getByRole('checkbox', { name: w.selectAll }).check();
      assert.equal((await admin.delete(`/api/accounts/${ids[1]}`)).status, 204);
      await bar.getByRole('button', { name: w.start, exact: true }).click();
      await results.getByText(`${names[0]}: ${w.started}`).waitFor();
      await results.getByText(`${names[2]}: ${w.started}`).waitFor();
      await results.getByText(`${names[1]}: ${w.failed}`).waitFor();
      await boris.waitFor({ state: 'detached' });
      await badge(names[0]!, w.activeBadge).waitFor();
      await page.screenshot({ path: artifactPath(`personal-bulk-started-${language}-${theme}.png`), fullPage: true });

      // Remove asks first; cancelling removes nothing.
      await page.getByRole('checkbox', { name: w.selectAll }).uncheck();
      await page.getByRole('checkbox', { name: w.select(names[2]!) }).check();
      await bar.getByRole('button', { name: w.remove, exact: true }).click();
      const confirm = page.getByRole('dialog').filter({ hasText: w.confirmTitle });
      await confirm.getByText(names[2]!).waitFor();
      await page.screenshot({ path: artifactPath(`personal-bulk-confirm-${language}-${theme}.png`), fullPage: true });
      await confirm.getByRole('button', { name: w.cancel }).click();
      await confirm.waitFor({ state: 'detached' });
      assert.equal((await admin.get(`/api/accounts/${ids[2]}`)).status, 200);
      await bar.getByRole('button', { name: w.remove, exact: true }).click();
      await confirm.getByRole('button', { name: w.remove, exact: true }).click();
      await results.getByText(`${names[2]}: ${w.removed}`).waitFor();
      await row(names[2]!).waitFor({ state: 'detached' });
      assert.equal((await admin.get(`/api/accounts/${ids[2]}`)).status, 404);

      // PEER_FLOOD on the remaining account: the admin's page says so at once, in its language.
      const phone = `+7999555${index}001`;
      const hello = `Hello? (${language})`;
      network.incoming(phone, network.addUser(`Customer ${language}`), hello);
      const chat = await eventually(
        async () =>
          (await admin.get('/api/messages?limit=100')).body.results.find((each: any) => each.text === hello && each.chat_id)?.chat_id,
        15_000,
        'the customer’s chat',
      );
      network.failNext('messages.sendMessage', 'PEER_FLOOD');
      assert.equal((await admin.post(`/api/chats/${chat}/messages`, { text: 'Hi there' })).status, 201);
      const alert = page.getByTestId('account-alert');
      await alert.filter({ hasText: w.alertText }).waitFor();
      await page.getByText(`${names[0]}`).filter({ hasText: w.alert }).first().waitFor();
      await page.screenshot({ path: artifactPath(`personal-bulk-peer-flood-${language}-${theme}.png`), fullPage: true });

      // On a phone the bar and the rows fit.
      await page.setViewportSize({ width: 390, height: 844 });
      await page.getByRole('checkbox', { name: w.selectAll }).check();
      await page.screenshot({ path: artifactPath(`personal-bulk-phone-${language}-${theme}.png`), fullPage: true });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `no sideways scrolling on a phone (${overflow} px)`);
      await page.getByRole('checkbox', { name: w.selectAll }).uncheck();
      // Tidy up for the next language: the account stays paused, so stop it.
      await admin.post(`/api/accounts/${ids[0]}/stop`);
    });
  }
});
