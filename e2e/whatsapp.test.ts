// WhatsApp in a real browser against tools/fake-meta: an admin connects a number from the Messengers tab (a
// refused token first, then the right one), the card shows it working; a customer's signed webhook reaches the
// inbox live and the operator answers inside the 24-hour window; with the window closed (the server's clock moved
// a day on) the composer says so and the operator sends an approved template with its variables (an empty one
// is pointed out first); the card's "Check" shows a token Meta stopped taking as the number's status and last
// error; a page on a controlled clock switches to "cannot reply / send a template" the moment the window ends, with
// the server unasked; an empty template variable shows as a placeholder. Screenshots in Russian and English, light
// and dark, at 1440 and 390 px, checked for layout problems.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startFakeMeta, whatsappMessage, type FakeMeta, type PhoneNumber } from '@switchboard/fake-meta';
import type { Page } from 'playwright-core';
import { acquireBrowserLock, eventually, startE2eApp, type E2eApp } from './support/app.ts';
import { artifactPath, browserSkipReason, launchChromium, type LaunchedBrowser } from './support/browser.ts';
import { inEveryLook, layoutProblems } from './support/layout.ts';
import { bubble, chatRow, openChat, signIn, unnamedControls } from './support/pages.ts';

const appSecret = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const customer = { waId: '77015550123', name: 'Aruzhan Bekova' };
const day = 24 * 3600_000;

describe('WhatsApp: the Messengers tab and a conversation (browser)', { skip: browserSkipReason() }, () => {
  let release: () => void;
  let meta: FakeMeta;
  let phone: PhoneNumber;
  let app: E2eApp;
  let browser: LaunchedBrowser;
  let page: Page;
  // The server's clock (the reply window reads it); the test moves it instead of waiting a day.
  let shiftMs = 0;

  const card = () => page.getByTestId('messenger-card-whatsapp');
  const numberRow = () => card().getByTestId('account-of-whatsapp').filter({ hasText: 'Aksai clinic' });
  const webhook = (payload: Record<string, unknown>, signature?: string | null) =>
    meta.control.sendWebhook({ url: `${app.url}/webhooks/whatsapp`, payload, appSecret, signature });
  const customerWrites = (text: string) =>
    meta.control.whatsappInbound({
      phoneNumberId: phone.id,
      senders: [{ name: customer.name, wa_id: customer.waId }],
      messages: [whatsappMessage.text(customer.waId, text)],
    });

  before(async () => {
    release = await acquireBrowserLock();
    meta = await startFakeMeta();
    phone = meta.control.seedWhatsAppNumber({ display_phone_number: '+7 701 555 0100', verified_name: 'Aksai Clinic' });
    meta.control.seedTemplate({
      wabaId: phone.wabaId,
      name: 'visit_reminder',
      language: 'en',
      category: 'UTILITY',
      components: [
        { type: 'HEADER', format: 'TEXT', text: 'Clinic {{1}}' },
        { type: 'BODY', text: 'Hello, {{1}}! Your visit is {{2}}.' },
        { type: 'FOOTER', text: 'Reply to write to us' },
      ],
    });
    meta.control.seedTemplate({ wabaId: phone.wabaId, name: 'spring_sale', language: 'en', category: 'MARKETING', status: 'PENDING' });
    meta.control.seedTemplate({
      wabaId: phone.wabaId,
      name: 'holiday_notice',
      language: 'en',
      components: [{ type: 'BODY', text: '{{1}}, the clinic is closed on 16 December.' }],
    });
    app = await startE2eApp({ META_GRAPH_URL: meta.whatsappUrl }, { clock: () => new Date(Date.now() + shiftMs) });
    meta.control.setStatusWebhookTarget({ url: `${app.url}/webhooks/whatsapp`, appSecret });
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.setDefaultTimeout(15_000);
    await signIn(page, app.url);
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
    await meta?.stop();
    release?.();
  });

  test('an admin connects a number through the dialog: a refused token is said, the right one shows the number working', async () => {
    await page.goto(`${app.url}/settings/messengers`);
    const toggle = page.getByRole('switch', { name: 'Switch WhatsApp on or off' });
    if (!(await toggle.isChecked())) await toggle.click({ force: true });
    await card()
      .getByText(/^No number connected/)
      .waitFor();

    await card().getByRole('button', { name: 'Add WhatsApp number' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name in Switchboard').fill('Aksai clinic');
    await dialog.getByLabel('Phone number ID').fill(phone.id);
    await dialog.getByLabel('WhatsApp Business Account ID').fill(phone.wabaId);
    await dialog.getByLabel('Access token').fill('EAAGnot-a-token-meta-knows-000');
    await dialog.getByLabel('App secret').fill(appSecret);
    await dialog.getByLabel('Verify token').fill('aksai-verify');
    assert.deepEqual(await unnamedControls(page), [], 'every control has an accessible name');
    await dialog.getByRole('button', { name: 'Connect', exact: true }).click();
    await dialog
      .getByRole('alert')
      .filter({ hasText: 'The number was not connected' })
      .filter({ hasText: 'The token was refused' })
      .waitFor();

    await dialog.getByLabel('Access token').fill(phone.accessToken);
    await dialog.getByRole('button', { name: 'Connect', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await numberRow().getByTestId('account-status').getByText('Working', { exact: true }).waitFor();
    await numberRow().getByText('+7 701 555 0100').waitFor();
    assert.equal(
      await card()
        .getByText(/^No number connected/)
        .count(),
      0,
      'the fallback note goes once a number is connected',
    );
    assert.ok(
      meta.control.requests({ method: 'GET' }).some((request) => request.path.includes(`/${phone.id}`)),
      'the token was checked with the Graph API',
    );
  });

  test('a signed customer message appears live; the operator answers inside the window and Meta gets it', async () => {
    // The message must come after the page's realtime connection is ready (its "ready" frame), or it is not live.
    const ready = page
      .waitForEvent('websocket', (socket) => socket.url().includes('/ws/messages'))
      .then((socket) => socket.waitForEvent('framereceived', (frame) => String(frame.payload).includes('"type":"ready"')));
    await page.goto(`${app.url}/inbox`);
    await ready;
    // A body signed with another secret is refused and never shows.
    const forged = await webhook(customerWrites('Forged: send me the records'), 'sha256=' + '0'.repeat(64));
    assert.ok(forged.status === 401 || forged.status === 403, `forged webhook answered ${forged.status}`);
    assert.equal((await webhook(customerWrites('Hello, can I come tomorrow?'))).status, 200);
    await chatRow(page, customer.name).waitFor();
    await openChat(page, customer.name);
    await bubble(page, 'Hello, can I come tomorrow?').waitFor();
    assert.equal(await page.getByText('Forged: send me the records').count(), 0);
    await page
      .getByTestId('window-left')
      .getByText(/for 23 h \d+ min more/)
      .waitFor();
    // The customer's WhatsApp id is their phone number: the contact has it, and the number shows without an "@".
    const panel = page.getByTestId('contact-panel');
    await panel.getByText('WhatsApp · +7 701 555 0100').waitFor();
    await panel.getByRole('link', { name: `+${customer.waId}` }).waitFor();
    await page.screenshot({ path: artifactPath('whatsapp-window-open.png'), fullPage: true });

    const input = page.getByRole('textbox', { name: 'Message' });
    await input.fill('Yes, at 10:00');
    await input.press('Enter');
    await bubble(page, 'Yes, at 10:00').locator('[data-testid="status-sent"], [data-testid="status-delivered"]').first().waitFor();
    const sent = meta.control.whatsappSent({ to: customer.waId });
    assert.deepEqual(
      sent.map((message) => [message.type, (message.payload as any).text?.body]),
      [['text', 'Yes, at 10:00']],
    );
  });

  test('with the window closed the composer says so and an approved template goes with its variables', async () => {
    shiftMs = day + 3600_000;
    await page.reload();
    await page.getByTestId('conversation-title').filter({ hasText: customer.name }).waitFor();
    await page
      .getByTestId('cannot-reply')
      .getByText(/reply window/)
      .waitFor();
    assert.equal(await page.getByTestId('window-left').count(), 0);

    await page.getByRole('button', { name: 'Send a template' }).click();
    const dialog = page.getByRole('dialog', { name: 'Message template' });
    await dialog.getByRole('combobox', { name: 'Template' }).click();
    assert.equal(await page.getByRole('option', { name: /spring_sale/ }).count(), 0, 'a pending template is not offered');
    await page.getByRole('option', { name: 'visit_reminder (en) · UTILITY' }).click();
    await dialog.getByLabel('Header variable 1').fill('Aksai');
    await dialog.getByLabel('Variable 1', { exact: true }).fill('Aruzhan');
    // An empty variable shows as a placeholder in the user's language, not as {{2}}.
    assert.equal(
      await dialog.getByTestId('template-preview').textContent(),
      'Clinic Aksai\n\nHello, Aruzhan! Your visit is [variable 2].\n\nReply to write to us',
    );
    await dialog.getByTestId('template-gap').getByText('[variable 2]').waitFor();
    await dialog.getByRole('button', { name: 'Send template' }).click();
    await dialog.getByText('Fill in this variable: the template cannot go with a gap').waitFor();
    assert.equal(meta.control.whatsappSent({ to: customer.waId }).length, 1, 'nothing went with a gap');

    await dialog.getByLabel('Variable 2', { exact: true }).fill('tomorrow at 10:00');
    assert.equal(
      await dialog.getByTestId('template-preview').textContent(),
      'Clinic Aksai\n\nHello, Aruzhan! Your visit is tomorrow at 10:00.\n\nReply to write to us',
    );
    assert.equal(await dialog.getByText('Fill in this variable: the template cannot go with a gap').count(), 0);
    assert.deepEqual(await unnamedControls(page), [], 'every control has an accessible name');
    await page.screenshot({ path: artifactPath('whatsapp-template-filled.png'), fullPage: true });
    await dialog.getByRole('button', { name: 'Send template' }).click();
    await dialog.waitFor({ state: 'detached' });

    const template = await eventually(
      () => meta.control.whatsappSent({ to: customer.waId }).find((message) => message.type === 'template'),
      60_000,
      'the template at Meta',
    );
    assert.deepEqual((template.payload as any).template, {
      name: 'visit_reminder',
      language: { code: 'en' },
      components: [
        { type: 'header', parameters: [{ type: 'text', text: 'Aksai' }] },
        {
          type: 'body',
          parameters: [
            { type: 'text', text: 'Aruzhan' },
            { type: 'text', text: 'tomorrow at 10:00' },
          ],
        },
      ],
    });
    await page.getByTestId('message').filter({ hasText: 'Hello, Aruzhan! Your visit is tomorrow at 10:00.' }).waitFor();
  });

  test('the card’s check shows a token Meta stopped taking as the number’s status and last error, and clears it', async () => {
    await page.goto(`${app.url}/settings/messengers`);
    await numberRow().getByTestId('account-status').getByText('Working', { exact: true }).waitFor();
    meta.control.seedWhatsAppToken({ token: phone.accessToken, expiresAt: Date.now() - 60_000 });
    await numberRow().getByRole('button', { name: 'Check the token of Aksai clinic with Meta' }).click();
    await numberRow().getByTestId('account-status').getByText('Error', { exact: true }).waitFor();
    await numberRow()
      .getByTestId('account-last-error')
      .getByText(/^Last error: .*access token/)
      .waitFor();
    for (const problem of await layoutProblems(page)) assert.fail(problem);
    await page.screenshot({ path: artifactPath('whatsapp-card-error.png'), fullPage: true });

    meta.control.seedWhatsAppToken({ token: phone.accessToken, expiresAt: null });
    await numberRow().getByRole('button', { name: 'Check the token of Aksai clinic with Meta' }).click();
    await numberRow().getByTestId('account-status').getByText('Working', { exact: true }).waitFor();
    assert.equal(await numberRow().getByTestId('account-last-error').count(), 0);
  });

  test('screenshots: the card, the connect dialog and the template picker in Russian and English, light and dark, 1440 and 390 px', async () => {
    const found: string[] = [];
    const chatId = await page.evaluate(async () => {
      const chats = (await (await fetch('/api/chats?messenger=whatsapp')).json()) as { results: Array<{ id: number }> };
      return chats.results[0]!.id;
    });
    await inEveryLook(page, async ({ viewport, language, theme }) => {
      const name = (what: string) => `whatsapp-${what}-${viewport.width}-${language}-${theme}`;
      const shoot = async (what: string) => {
        await page.screenshot({ path: artifactPath(`${name(what)}.png`), fullPage: true });
        for (const problem of await layoutProblems(page)) found.push(`${name(what)}: ${problem}`);
      };
      await page.goto(`${app.url}/settings/messengers`);
      await numberRow().getByTestId('account-status').waitFor();
      await card().scrollIntoViewIfNeeded();
      await shoot('card');
      await card().getByTestId('add-account-whatsapp').click();
      await page.getByRole('dialog').getByRole('textbox').first().waitFor();
      await shoot('connect');
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'detached' });

      await page.goto(`${app.url}/inbox/${chatId}`);
      await page.getByTestId('open-templates').click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('combobox').first().click();
      await page.getByRole('option', { name: /visit_reminder/ }).click();
      await dialog.getByTestId('template-preview').waitFor();
      await shoot('template');
    });
    assert.deepEqual(found, []);
  });

  test('a broadcast through the number names an approved template: customers outside the window get it with their first name', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.evaluate(() => window.localStorage.setItem('sb.language', 'en'));
    await page.goto(`${app.url}/broadcasts`);
    const form = page.getByRole('form', { name: 'New broadcast' });
    await form.getByRole('textbox', { name: 'Name' }).fill('Holiday');
    await form.getByRole('combobox', { name: 'Kind' }).click();
    await page.getByRole('option', { name: /^Service/ }).click();
    await form.getByRole('combobox', { name: 'Account' }).click();
    await page.getByRole('option', { name: /Aksai clinic/ }).click();
    const template = form.getByTestId('broadcast-template');
    await template.getByRole('combobox', { name: 'Approved template' }).click();
    // The header-variable and pending templates are not offered.
    const offered = (await page.getByRole('option').allTextContents()).filter((option) => /\((en|ru)\)$/.test(option));
    assert.deepEqual(offered, ['holiday_notice (en)']);
    await page.getByRole('option', { name: 'holiday_notice (en)' }).click();
    await template.getByText('{{1}}, the clinic is closed on 16 December.').waitFor();
    await template.getByRole('combobox', { name: 'Value for {{1}}' }).click();
    await page.getByRole('option', { name: 'First name' }).click();
    await form.getByRole('textbox', { name: 'Text', exact: true }).fill('{{first_name|Hello}}, the clinic is closed on 16 December.');
    await page
      .getByTestId('broadcast-reach')
      .filter({ hasText: /^Reaches \d+ contacts? now$/ })
      .waitFor();
    // Who gets the text and who the template, and what the number's messaging limit leaves.
    await page
      .getByTestId('broadcast-reach-details')
      .filter({
        hasText:
          /^Wrote within the reply window: \d+, they get the text; the other \d+ get the template\. Messaging limit: \d+ of 250 new conversations left\.$/,
      })
      .waitFor();
    await page.screenshot({ path: artifactPath('whatsapp-broadcast-template-1440-en-light.png'), fullPage: true });
    // A day on: every customer's window has closed, so only the template reaches them.
    shiftMs = day + 3600_000;
    await form.getByRole('button', { name: 'Send now' }).click();
    const sent = await eventually(
      () =>
        meta.control
          .whatsappSent({ to: customer.waId })
          .find((message) => message.type === 'template' && (message.payload as any).template.name === 'holiday_notice'),
      60_000,
      'the template reached the customer',
    );
    assert.deepEqual((sent.payload as any).template.components, [{ type: 'body', parameters: [{ type: 'text', text: 'Aruzhan' }] }]);
    shiftMs = 0;
  });

  test('the composer turns to "cannot reply / send a template" the moment the window ends, on the browser’s clock, without asking the server', async () => {
    shiftMs = 0;
    const late = { waId: '77015550999', name: 'Dana Omarova' };
    const writes = meta.control.whatsappInbound({
      phoneNumberId: phone.id,
      senders: [{ name: late.name, wa_id: late.waId }],
      messages: [whatsappMessage.text(late.waId, 'Are you open on Sunday?')],
    });
    assert.equal((await webhook(writes)).status, 200);
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.evaluate(() => window.localStorage.setItem('sb.language', 'en'));
    await page.goto(`${app.url}/inbox`);
    await chatRow(page, late.name).waitFor();
    const status = await page.evaluate(async (name) => {
      const chats = (await (await fetch('/api/chats?messenger=whatsapp')).json()) as { results: Array<{ id: number; title: string }> };
      const id = chats.results.find((chat) => chat.title === name)!.id;
      return { id, ...((await (await fetch(`/api/chats/${id}/reply-status`)).json()) as { can_reply: boolean; until: string }) };
    }, late.name);
    assert.equal(status.can_reply, true);
    const until = Date.parse(status.until);

    // A page whose clock stands two minutes before the window's end (this test's server clock agrees: it is real).
    const clocked = await browser.context.newPage();
    try {
      await clocked.clock.install({ time: until - 120_000 });
      await clocked.setViewportSize({ width: 1440, height: 900 });
      await clocked.goto(`${app.url}/inbox/${status.id}`);
      await clocked
        .getByTestId('window-left')
        .getByText(/for 0 h 1 min more/)
        .waitFor();
      assert.equal(await clocked.getByTestId('cannot-reply').count(), 0);
      // From here the server is not asked again: the switch must come from the window's end alone.
      await clocked.route(/\/api\/chats\/\d+\/(reply-status|templates)$/, (route) => route.abort());
      // Stopped 5 s before the end (page loading let the clock run meanwhile), then moved on by hand.
      await clocked.clock.pauseAt(until - 5_000);
      await clocked.clock.runFor(4_900);
      assert.equal(await clocked.getByTestId('cannot-reply').count(), 0, 'still open a tenth of a second before the end');
      await clocked.getByTestId('window-left').waitFor();
      await clocked.clock.runFor(200);
      await clocked
        .getByTestId('cannot-reply')
        .getByText(/reply window/)
        .waitFor();
      await clocked.getByRole('button', { name: 'Send a template' }).waitFor();
      assert.equal(await clocked.getByTestId('window-left').count(), 0);
      await clocked.screenshot({ path: artifactPath('whatsapp-window-closed-on-clock.png'), fullPage: true });
    } finally {
      await clocked.close();
    }
  });
});
