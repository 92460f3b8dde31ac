// Connecting a personal account in a real browser, on the network stub (mtcute's own login on top): the wizard's
// details → code → two-step password, with a wrong code and a wrong password shown in the page's language, in
// English and in Russian; then the account's connection panel and a chat started from it by @username (the
// conversation opens at once, its first message goes through the delivery queue) and the first import's progress;
// in the inbox the operator answers, changes the answer and deletes it from the message menu (Telegram gets both).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { createTelegramUserModule } from '../server/src/channels/telegram-user/module.ts';
import { createStubNetwork, testApiHash, testApiId } from '../server/src/testing/telegram-user.fixture.ts';
import { acquireBrowserLock, startE2eApp, type E2eApp } from './support/app.ts';
import { artifactPath, browserSkipReason, launchChromium, type LaunchedBrowser } from './support/browser.ts';
import { bubble, openChat, signIn, unnamedControls } from './support/pages.ts';
import { eventually } from './support/app.ts';

const words = {
  en: {
    add: 'Add personal account',
    name: 'Name in Switchboard',
    phone: 'Phone number',
    sendCode: 'Send the code',
    code: 'Login code',
    verify: 'Log in',
    password: 'Two-step verification password',
    wrongCode: 'The code is wrong',
    wrongPassword: 'The password is wrong',
    done: 'Logged in as',
    close: 'Close',
    connected: 'Connected',
    newChat: 'New chat',
    to: 'Phone number or @username',
    first: 'First message',
    send: 'Send',
    queued: 'Queued for',
    importing: 'Importing recent chats: 0 of 1',
    openChat: 'Open the conversation',
    message: 'Message',
    actions: 'Message actions',
    edit: 'Edit',
    save: 'Save',
    delete: 'Delete for everyone',
    confirmDelete: 'Delete',
    deleted: 'deleted',
  },
  ru: {
    add: 'Добавить личный аккаунт',
    name: 'Название в Switchboard',
    phone: 'Номер телефона',
    sendCode: 'Отправить код',
    code: 'Код входа',
    verify: 'Войти',
    password: 'Пароль двухэтапной проверки',
    wrongCode: 'Код неверный',
    wrongPassword: 'Пароль неверный',
    done: 'Вход выполнен',
    close: 'Закрыть',
    connected: 'Подключён',
    newChat: 'Новый чат',
    to: 'Номер телефона или @username',
    first: 'Первое сообщение',
    send: 'Отправить',
    queued: 'в очереди',
    importing: 'Импорт последних чатов: 0 из 1',
    openChat: 'Открыть переписку',
    message: 'Сообщение',
    actions: 'Действия с сообщением',
    edit: 'Изменить',
    save: 'Сохранить',
    delete: 'Удалить у всех',
    confirmDelete: 'Удалить',
    deleted: 'удалено',
  },
};

describe('personal accounts (browser)', { skip: browserSkipReason() }, () => {
  const network = createStubNetwork();
  let release: () => void;
  let app: E2eApp;
  let browser: LaunchedBrowser;
  let page: Page;

  before(async () => {
    release = await acquireBrowserLock();
    app = await startE2eApp({}, { extraChannelModules: (context) => [createTelegramUserModule({ ...context, network })] });
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

  for (const language of ['en', 'ru'] as const) {
    test(`the wizard logs in with code and password, says what went wrong, then the account starts a chat (${language})`, async () => {
      const w = words[language];
      const phone = language === 'en' ? '+79994440001' : '+79994440002';
      network.addAccount({ phone, firstName: language === 'en' ? 'Olga' : 'Ольга', password: 'correct horse', codeTypes: ['sms', 'call'] });
      const customerName = language === 'en' ? 'Ruslan' : 'Руслан';
      const customer = network.addUser(customerName, { username: `ruslan_${language}` });
      // A chat from before: the first connection imports it, held at Telegram's answer so the progress can be seen.
      network.incoming(phone, network.addUser(language === 'en' ? 'Earlier buyer' : 'Прежний покупатель'), 'Is it still on sale?');
      const releaseHistory = network.hold('messages.getHistory');
      await page.evaluate((lang) => window.localStorage.setItem('sb.language', lang), language);
      await page.goto(`${app.url}/settings/messengers`);

      await page.getByRole('button', { name: w.add }).click();
      const wizard = page.getByRole('dialog');
      await wizard.getByLabel(w.name).fill(language === 'en' ? 'Olga’s phone' : 'Телефон Ольги');
      await wizard.getByLabel(w.phone).fill(phone);
      await wizard.getByLabel('api_id').fill(String(testApiId));
      await wizard.getByLabel('api_hash').fill(testApiHash);
      await page.screenshot({ path: artifactPath(`personal-account-details-${language}.png`), fullPage: true });
      await wizard.getByRole('button', { name: w.sendCode }).click();

      await wizard.getByLabel(w.code).waitFor();
      assert.deepEqual(await unnamedControls(page), [], 'every control has an accessible name');
      await wizard.getByLabel(w.code).fill('00000');
      await wizard.getByRole('button', { name: w.verify }).click();
      await wizard.getByRole('alert').filter({ hasText: w.wrongCode }).waitFor();
      await page.screenshot({ path: artifactPath(`personal-account-code-${language}.png`), fullPage: true });
      await wizard.getByLabel(w.code).fill(network.codeFor(phone)!);
      await wizard.getByRole('button', { name: w.verify }).click();

      await wizard.getByLabel(w.password).waitFor();
      await wizard.getByLabel(w.password).fill('wrong horse');
      await wizard.getByRole('button', { name: w.verify }).click();
      await wizard.getByRole('alert').filter({ hasText: w.wrongPassword }).waitFor();
      await wizard.getByLabel(w.password).fill('correct horse');
      await wizard.getByRole('button', { name: w.verify }).click();
      await wizard.getByRole('status').filter({ hasText: w.done }).waitFor();
      await page.screenshot({ path: artifactPath(`personal-account-done-${language}.png`), fullPage: true });
      await wizard.getByRole('button', { name: w.close }).last().click();
      await wizard.waitFor({ state: 'detached' });

      const row = page.getByRole('listitem').filter({ hasText: language === 'en' ? 'Olga’s phone' : 'Телефон Ольги' });
      const health = row.getByTestId('account-health');
      await health.getByText(w.connected, { exact: true }).waitFor();
      await health.getByTestId('import-progress').getByText(w.importing).waitFor();
      await page.screenshot({ path: artifactPath(`personal-account-importing-${language}.png`), fullPage: true });
      releaseHistory();
      await health.getByTestId('import-progress').waitFor({ state: 'detached', timeout: 20_000 });
      await health.getByRole('button', { name: w.newChat }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel(w.to).fill(`@ruslan_${language}`);
      await dialog.getByLabel(w.first).fill(language === 'en' ? 'Hello, your order is ready' : 'Здравствуйте, заказ готов');
      await dialog.getByRole('button', { name: w.send }).click();
      await dialog.getByRole('status').filter({ hasText: w.queued }).waitFor();
      await page.screenshot({ path: artifactPath(`personal-account-new-chat-${language}.png`), fullPage: true });
      // The conversation is there at once; the first message is the operator's, sent through the delivery queue.
      await dialog.getByRole('link', { name: w.openChat }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByTestId('conversation-title').filter({ hasText: customerName }).waitFor();
      const first = bubble(page, language === 'en' ? 'Hello, your order is ready' : 'Здравствуйте, заказ готов');
      await first.getByTestId('status-sent').waitFor();
      assert.equal(network.sentTo(phone, customer.id).length, 1, 'the first message went out through the account, once');
      await page.goto(`${app.url}/settings/messengers`);
      await row.getByTestId('account-health').getByText(w.connected, { exact: true }).waitFor();
      await page.screenshot({ path: artifactPath(`personal-account-card-${language}.png`), fullPage: true });

      // The customer answers; the operator replies from the inbox, then changes the reply and deletes it.
      network.incoming(phone, customer, language === 'en' ? 'Can I pick it up today?' : 'Можно забрать сегодня?');
      await page.goto(`${app.url}/inbox`);
      await openChat(page, customerName);
      const input = page.getByRole('textbox', { name: w.message });
      await input.fill(language === 'en' ? 'Yes, until 18:00' : 'Да, до 18:00');
      await input.press('Enter');
      const reply = bubble(page, language === 'en' ? 'Yes, until 18:00' : 'Да, до 18:00');
      await reply.getByTestId('status-sent').waitFor();
      await reply.getByRole('button', { name: w.actions }).click();
      await page.getByRole('menuitem', { name: w.edit }).click();
      const editor = page.getByRole('dialog');
      await editor.getByRole('textbox').fill(language === 'en' ? 'Yes, until 20:00' : 'Да, до 20:00');
      await page.screenshot({ path: artifactPath(`personal-account-edit-${language}.png`), fullPage: true });
      await editor.getByRole('button', { name: w.save }).click();
      await editor.waitFor({ state: 'detached' });
      const edited = bubble(page, language === 'en' ? 'Yes, until 20:00' : 'Да, до 20:00');
      await edited.getByTestId('edited-mark').waitFor();
      await eventually(
        async () =>
          network.sentTo(phone, customer.id).some((each) => each.message === (language === 'en' ? 'Yes, until 20:00' : 'Да, до 20:00')),
        5000,
        'the edit at Telegram',
      );
      await edited.getByRole('button', { name: w.actions }).click();
      await page.getByRole('menuitem', { name: w.delete }).click();
      await page.getByRole('dialog').getByRole('button', { name: w.confirmDelete }).click();
      await edited.getByTestId('deleted-mark').waitFor();
      assert.equal(await edited.getByRole('button', { name: w.actions }).count(), 0, 'a deleted message has no menu');
      assert.equal(
        network.sentTo(phone, customer.id).some((each) => each.message === (language === 'en' ? 'Yes, until 20:00' : 'Да, до 20:00')),
        false,
        'deleted for both sides',
      );
      await page.screenshot({ path: artifactPath(`personal-account-deleted-${language}.png`), fullPage: true });
    });
  }
});
