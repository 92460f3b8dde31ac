// One customer across messengers (issue 24) in a real browser: a Telegram customer and a WhatsApp customer
// (tools/fake-meta) share a phone number; the contact page suggests the merge, the admin merges, and the page
// shows one timeline with each message's channel, replying through the channel picked (screenshots RU/EN).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startFakeMeta, whatsappMessage, type FakeMeta } from '@switchboard/fake-meta';
import type { Page } from 'playwright-core';
import { signInWithToken, type ApiClient } from '../server/src/testing/api-client.ts';
import { acquireBrowserLock, eventually, startE2eApp, testAdmin, type E2eApp } from './support/app.ts';
import { artifactPath, browserSkipReason, launchChromium, type LaunchedBrowser } from './support/browser.ts';
import { signIn } from './support/pages.ts';

const appSecret = '5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d';

describe('a merged contact’s timeline (browser)', { skip: browserSkipReason() }, () => {
  let release: () => void;
  let meta: FakeMeta;
  let app: E2eApp;
  let browser: LaunchedBrowser;
  let page: Page;
  let api: ApiClient;

  before(
    async () => {
      release = await acquireBrowserLock();
      meta = await startFakeMeta();
      app = await startE2eApp({ META_GRAPH_URL: meta.whatsappUrl });
      api = await signInWithToken(app.url, testAdmin);
      assert.equal((await api.put('/api/inbox/policy', { auto_assign: false })).status, 200);
      browser = await launchChromium();
      page = await browser.context.newPage();
      page.setDefaultTimeout(30_000);
      await signIn(page, app.url);
    },
    { timeout: 20 * 60_000 },
  );
  after(async () => {
    await browser?.close();
    await app?.stop();
    await meta?.stop();
    release?.();
  });

  async function chatOf(text: string) {
    const message = await eventually(
      async () => (await api.get('/api/messages/?limit=200')).body.results.find((item: any) => item.text === text),
      30_000,
      `"${text}" in the inbox`,
    );
    const chat = (await api.get(`/api/chats/${message.chat_id}`)).body;
    return { chatId: chat.id as number, contactId: chat.contact.id as number };
  }

  test('suggested by the shared phone, merged, one timeline marked by channel, a reply through the chosen one', async () => {
    const phone = meta.control.seedWhatsAppNumber({ verified_name: 'Clinic WhatsApp' });
    const account = await api.post('/api/accounts', {
      name: 'Clinic WhatsApp',
      account_type: 'whatsapp',
      phone_number_id: phone.id,
      waba_id: phone.wabaId,
      access_token: phone.accessToken,
      app_secret: appSecret,
      verify_token: 'timeline-verify',
    });
    assert.equal(account.status, 201, JSON.stringify(account.body));
    await eventually(async () => (await api.get(`/api/accounts/${account.body.id}`)).body.status === 'active', 30_000, 'WhatsApp active');

    const user = app.sim.createUser({ first_name: 'Айгерим', last_name: 'Сапарова' });
    app.sim.sendText(app.bot.token, { from: user.id, text: 'Здравствуйте! Запишите меня на приём' });
    const telegram = await chatOf('Здравствуйте! Запишите меня на приём');
    assert.equal((await api.patch(`/api/contacts/${telegram.contactId}`, { phone: '+7 701 555 00 11' })).status, 200);
    const inbound = meta.control.whatsappInbound({
      phoneNumberId: phone.id,
      senders: [{ name: 'Aigerim S', wa_id: '77015550011' }],
      messages: [whatsappMessage.text('77015550011', 'Можно на пятницу?')],
    });
    assert.equal((await meta.control.sendWebhook({ url: `${app.url}/webhooks/whatsapp`, payload: inbound, appSecret })).status, 200);
    const whatsapp = await chatOf('Можно на пятницу?');

    await page.goto(`${app.url}/contacts/${telegram.contactId}`);
    const suggestion = page.getByTestId('merge-suggestions').getByRole('listitem').filter({ hasText: 'Aigerim S' });
    await suggestion.getByText('same phone number').waitFor();
    await suggestion.getByRole('button', { name: 'Merge…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Merge', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });

    const timeline = page.getByTestId('contact-timeline');
    const fromWhatsApp = timeline.getByTestId('timeline-message').filter({ hasText: 'Можно на пятницу?' });
    await fromWhatsApp.waitFor();
    assert.equal(await fromWhatsApp.getAttribute('data-messenger'), 'whatsapp');
    assert.match(await fromWhatsApp.getByTestId('timeline-channel').innerText(), /WhatsApp · Clinic WhatsApp/);
    const fromTelegram = timeline.getByTestId('timeline-message').filter({ hasText: 'Запишите меня на приём' });
    assert.equal(await fromTelegram.getAttribute('data-messenger'), 'telegram');
    assert.match(await fromTelegram.getByTestId('timeline-channel').innerText(), /Telegram · /);

    // The reply goes where the customer wrote last (WhatsApp) unless the operator picks Telegram.
    const select = timeline.getByTestId('timeline-channel-select');
    assert.match(await select.inputValue(), /WhatsApp · Clinic WhatsApp \(the customer wrote here last\)/);
    await select.click();
    await page.getByRole('option', { name: /^Telegram/ }).click();
    await timeline.getByRole('textbox', { name: 'Write a reply…' }).fill('Записали вас на пятницу, 10:00');
    await timeline.getByRole('button', { name: 'Send' }).click();
    const reply = timeline.getByTestId('timeline-message').filter({ hasText: 'Записали вас на пятницу, 10:00' });
    await reply.waitFor();
    assert.equal(await reply.getAttribute('data-messenger'), 'telegram');
    await eventually(
      () => app.sim.sentMessages(app.bot.token, user.id).some((message) => message.text === 'Записали вас на пятницу, 10:00'),
      30_000,
      'the reply at the Telegram simulator',
    );
    assert.equal(meta.control.whatsappSent({ to: '77015550011' }).length, 0, 'nothing went to WhatsApp');
    assert.equal((await api.get(`/api/contacts/${whatsapp.contactId}`)).status, 404, 'the duplicate was merged away');
    await timeline.screenshot({ path: artifactPath('contact-timeline-en.png') });
    await page.screenshot({ path: artifactPath('contact-page-merged-en.png'), fullPage: true });

    await page.evaluate(() => window.localStorage.setItem('sb.language', 'ru'));
    await page.reload();
    await timeline.getByText('WhatsApp · Clinic WhatsApp').first().waitFor();
    await page.getByText('Все сообщения').waitFor();
    await timeline.screenshot({ path: artifactPath('contact-timeline-ru.png') });
    await page.screenshot({ path: artifactPath('contact-page-merged-ru.png'), fullPage: true });
    await page.evaluate(() => window.localStorage.setItem('sb.language', 'en'));
  });
});
