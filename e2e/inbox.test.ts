// The operator inbox in a real browser against a server wired to the Bot API simulator.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page, WebSocketRoute } from 'playwright-core';
import { signInWithToken, type ApiClient } from '../server/src/testing/api-client.ts';
import { acquireBrowserLock, eventually, startE2eApp, testAdmin, type E2eApp } from './support/app.ts';
import { artifactPath, browserSkipReason, launchChromium, type LaunchedBrowser } from './support/browser.ts';
import { bubble, chatRow, chooseSegment, openChat, signIn, unnamedControls } from './support/pages.ts';

const rtl = '\u200F';
const hostile = {
  limit: `${'Длинное сообщение. '.repeat(215)}`.slice(0, 4095) + '!',
  markup: '<img src=x onerror=alert(1)><script>alert(2)</script><b>bold?</b>',
  rtl: `${rtl}שלום עולם${rtl} — مرحبا بالعالم ${'\u202E'}reversed${'\u202C'} end`,
  emoji: 'Family 👨‍👩‍👧‍👦, flags 🇰🇿🇷🇺, skin 👋🏽, zwj 🧑‍💻 and a rocket 🚀',
  longWord: `W${'x'.repeat(198)}W`,
};

describe('inbox (browser)', { skip: browserSkipReason() }, () => {
  let release: () => void;
  let app: E2eApp;
  let browser: LaunchedBrowser;
  let page: Page;
  let api: ApiClient;
  const sockets: WebSocketRoute[] = [];
  let refuseSockets = false;
  let dialogs = 0;

  before(async () => {
    release = await acquireBrowserLock();
    app = await startE2eApp();
    api = await signInWithToken(app.url, testAdmin);
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('dialog', (dialog) => {
      dialogs += 1;
      void dialog.dismiss();
    });
    // Lets a test cut the realtime connection the way a flaky network would.
    await page.routeWebSocket(/\/ws\/messages/, (socket) => {
      if (refuseSockets) return socket.close({ code: 1006, reason: 'network down' });
      socket.connectToServer();
      sockets.push(socket);
    });
    await signIn(page, app.url);
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
    release?.();
  });

  test('a customer writes: the conversation and the message appear without a reload; opening it reads it', async () => {
    const user = app.sim.createUser({ first_name: 'Alice', last_name: 'Customer', username: 'alice_c' });
    app.sim.sendText(app.bot.token, { from: user.id, text: 'Hi! Do you have this dress in blue?' });
    const row = chatRow(page, 'Alice Customer');
    await row.waitFor();
    await row.getByText('Hi! Do you have this dress in blue?').waitFor();
    assert.equal(await row.getByTestId('unread-badge').innerText(), '1');

    await openChat(page, 'Alice Customer');
    await bubble(page, 'Hi! Do you have this dress in blue?').waitFor();
    await row.getByTestId('unread-badge').waitFor({ state: 'detached' });
    const chatId = await row.getAttribute('data-chat-id');
    await eventually(async () => (await api.get(`/api/chats/${chatId}`)).body.unread_count === 0, 5000, 'the server to count it read');
    await bubble(page, 'Hi! Do you have this dress in blue?').getByTestId('read-mark').waitFor();
    await page.getByTestId('contact-panel').getByText('@alice_c').first().waitFor();

    // A second message into the open conversation appears at once and is read right away.
    app.sim.sendText(app.bot.token, { from: user.id, text: 'Size M, please.' });
    await bubble(page, 'Size M, please.').waitFor();
    await eventually(async () => (await api.get(`/api/chats/${chatId}`)).body.unread_count === 0, 5000, 'the open chat to stay read');
  });

  test('the operator replies: Enter sends, Shift+Enter breaks the line, the simulator receives it, the status turns to sent', async () => {
    const user = app.sim.createUser({ first_name: 'Bob', last_name: 'Buyer' });
    app.sim.sendText(app.bot.token, { from: user.id, text: 'When do you open?' });
    await openChat(page, 'Bob Buyer');
    const input = page.getByRole('textbox', { name: 'Message' });
    await input.click();
    await input.pressSequentially('We open at 10:00.');
    await input.press('Shift+Enter');
    await input.pressSequentially('See you!');
    assert.equal(await input.inputValue(), 'We open at 10:00.\nSee you!');
    await input.press('Enter');
    assert.equal(await input.inputValue(), '', 'the box is cleared after sending');

    const received = await app.sim.waitForSent(app.bot.token, user.id, (message) => message.text === 'We open at 10:00.\nSee you!', 10_000);
    assert.ok(received);
    const mine = bubble(page, 'We open at 10:00.\nSee you!');
    await mine.getByTestId('status-sent').waitFor();
    assert.equal(await mine.getAttribute('data-status'), 'sent');
    await chatRow(page, 'Bob Buyer').getByText('You: We open at 10:00. See you!').waitFor();
  });

  test('drafts are kept per conversation, and the counter warns near 4,096 characters', async () => {
    const input = page.getByRole('textbox', { name: 'Message' });
    await openChat(page, 'Alice Customer');
    await input.fill('draft for Alice');
    await openChat(page, 'Bob Buyer');
    assert.equal(await input.inputValue(), '');
    await input.fill('x'.repeat(3600));
    await page.getByTestId('reply-counter').filter({ hasText: '3600 / 4096' }).waitFor();
    await input.fill('x'.repeat(4097));
    await page.getByText('Telegram takes at most 4,096 characters').waitFor();
    assert.equal(await page.getByTestId('send-button').isDisabled(), true);
    await input.fill('');

    // A refused send shows what the error's code means (never the server's English message) and gives the text back.
    await page.route('**/api/chats/*/messages', (route) =>
      route.fulfill({
        status: 422,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'text_too_long', message: 'Refused for the test: fix it and retry.' } }),
      }),
    );
    await input.fill('this one is refused');
    await input.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'The text is too long for this messenger. Shorten it.' }).waitFor();
    await eventually(async () => (await input.inputValue()) === 'this one is refused', 5000, 'the refused text to come back');
    await page.unroute('**/api/chats/*/messages');
    await input.fill('');

    await openChat(page, 'Alice Customer');
    assert.equal(await input.inputValue(), 'draft for Alice');
    await page.reload();
    await page.getByTestId('conversation-title').filter({ hasText: 'Alice Customer' }).waitFor();
    assert.equal(await page.getByRole('textbox', { name: 'Message' }).inputValue(), 'draft for Alice', 'the draft survives a reload');
    await page.getByRole('textbox', { name: 'Message' }).fill('');
  });

  test('a customer who blocked the bot: failed with the reason, and Retry delivers it once unblocked', async () => {
    const user = app.sim.createUser({ first_name: 'Carol', last_name: 'Blocker' });
    app.sim.sendText(app.bot.token, { from: user.id, text: 'Thanks, bye' });
    await openChat(page, 'Carol Blocker');
    app.sim.blockBot(app.bot.token, user.id);
    const input = page.getByRole('textbox', { name: 'Message' });
    await input.fill('One more thing: your order is ready.');
    await input.press('Enter');
    const mine = bubble(page, 'One more thing: your order is ready.');
    await mine.getByTestId('status-failed').waitFor();
    assert.match(await mine.getByTestId('failure-reason').innerText(), /Not delivered: Forbidden: bot was blocked by the user/);

    app.sim.unblockBot(app.bot.token, user.id);
    await mine.getByRole('button', { name: 'Send this message again' }).click();
    await mine.getByTestId('status-sent').waitFor();
    await app.sim.waitForSent(app.bot.token, user.id, (message) => message.text === 'One more thing: your order is ready.', 10_000);
    assert.equal(await mine.getByTestId('message-failed').count(), 0);
  });

  test('a hostile message renders as plain text, wraps, and breaks nothing', async () => {
    const user = app.sim.createUser({ first_name: `${rtl}Eve`, last_name: '<b>Hacker</b> 🦊' });
    for (const text of Object.values(hostile)) app.sim.sendText(app.bot.token, { from: user.id, text });
    await openChat(page, 'Hacker');
    for (const text of Object.values(hostile)) {
      const node = page.getByTestId('message-text').filter({ hasText: text.slice(0, 30) });
      await node.first().waitFor();
      assert.equal(await node.first().textContent(), text, 'shown exactly, as text');
    }
    assert.equal(
      await page.locator('[data-testid=message-list] img, [data-testid=message-list] script, [data-testid=message-list] b').count(),
      0,
      'no markup from a message reaches the DOM',
    );
    assert.equal(dialogs, 0, 'no script ran');
    const overflow = await page.getByTestId('message-list').evaluate((list) => {
      const bubbles = [...list.querySelectorAll<HTMLElement>('[data-testid=message]')];
      const listBox = list.getBoundingClientRect();
      return {
        scroll: list.scrollWidth - list.clientWidth,
        outside: bubbles.filter((item) => item.getBoundingClientRect().right > listBox.right + 1).length,
        page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      };
    });
    assert.deepEqual(overflow, { scroll: 0, outside: 0, page: 0 }, 'long words wrap inside their bubble');
    await page.screenshot({ path: artifactPath('inbox-hostile-message.png') });
  });

  test('filters: unread only, search by name, and the Chat menu opens the inbox for one messenger', async () => {
    const dave = app.sim.createUser({ first_name: 'Dave', last_name: 'Unread' });
    app.sim.sendText(app.bot.token, { from: dave.id, text: 'Are you there?' });
    await chatRow(page, 'Dave Unread').waitFor();
    await chooseSegment(page, 'Unread');
    await page.waitForURL('**/inbox/*filter=unread*');
    // The list reloads under the filter: the read conversation leaves it, the unread one stays.
    await chatRow(page, 'Bob Buyer').waitFor({ state: 'detached' });
    await chatRow(page, 'Dave Unread').waitFor();
    await chooseSegment(page, 'All');
    await page.waitForURL((url) => !url.search.includes('filter='));

    await page.getByRole('textbox', { name: 'Search conversations by name' }).fill('bob');
    await eventually(async () => (await page.getByTestId('chat-row').count()) === 1, 5000, 'only Bob to be listed');
    await chatRow(page, 'Bob Buyer').waitFor();
    await page.getByRole('button', { name: 'Clear the search' }).click();
    await chatRow(page, 'Dave Unread').waitFor();

    await page.getByTestId('chat-menu-telegram').click();
    await page.waitForURL('**/inbox?messenger=telegram');
    await chatRow(page, 'Dave Unread').waitFor();
    assert.deepEqual(await unnamedControls(page), [], 'every control has an accessible name');
  });

  test('after a dropped connection the page says so, catches up on what it missed, and says it resynced', async () => {
    const user = app.sim.createUser({ first_name: 'Frank', last_name: 'Offline' });
    app.sim.sendText(app.bot.token, { from: user.id, text: 'first, while online' });
    await openChat(page, 'Frank Offline');
    const frankChatId = Number(/\/inbox\/(\d+)/.exec(page.url())?.[1]);
    refuseSockets = true;
    for (const socket of sockets.splice(0)) await socket.close({ code: 1006, reason: 'network down' });
    await page.getByTestId('connection-lost').waitFor();
    app.sim.sendText(app.bot.token, { from: user.id, text: 'second, while the operator was offline' });
    const otherUser = app.sim.createUser({ first_name: 'Grace', last_name: 'Meanwhile' });
    app.sim.sendText(app.bot.token, { from: otherUser.id, text: 'a new conversation during the outage' });
    // Once the server holds the message, the page (its socket refused) must still not show it.
    await eventually(
      async () =>
        (await api.get(`/api/messages/by_chat?chat_id=${frankChatId}`)).body.results.some(
          (message: { text?: string }) => message.text === 'second, while the operator was offline',
        ),
      10_000,
      'the server to store the message sent during the outage',
    );
    assert.equal(await bubble(page, 'second, while the operator was offline').count(), 0, 'nothing arrives while offline');

    refuseSockets = false;
    await page.getByRole('button', { name: 'Retry now' }).click();
    await page.getByTestId('connection-recovered').waitFor();
    await bubble(page, 'second, while the operator was offline').waitFor();
    await chatRow(page, 'Grace Meanwhile').waitFor();
  });

  test('median time from a simulated message to the page (20 samples)', async (t) => {
    const user = app.sim.createUser({ first_name: 'Latency', last_name: 'Probe' });
    app.sim.sendText(app.bot.token, { from: user.id, text: 'start' });
    await openChat(page, 'Latency Probe');
    await page.evaluate(() => {
      const seen: Record<string, number> = {};
      (window as unknown as { seen: typeof seen }).seen = seen;
      new MutationObserver(() => {
        for (const node of document.querySelectorAll('[data-testid=message-text]')) {
          const text = node.textContent ?? '';
          if (text.startsWith('probe-') && !(text in seen)) seen[text] = Date.now();
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    const samples: number[] = [];
    for (let index = 0; index < 20; index++) {
      const text = `probe-${index}`;
      const sentAt = Date.now();
      app.sim.sendText(app.bot.token, { from: user.id, text });
      await page.waitForFunction((key) => key in (window as unknown as { seen: Record<string, number> }).seen, text);
      samples.push((await page.evaluate((key) => (window as unknown as { seen: Record<string, number> }).seen[key]!, text)) - sentAt);
    }
    samples.sort((a, b) => a - b);
    const median = (samples[9]! + samples[10]!) / 2;
    const line = `message→page latency over 20 samples: median ${median} ms, p90 ${samples[17]} ms, max ${samples[19]} ms (simulator update → Bot API polling → intake → WebSocket → DOM)`;
    t.diagnostic(line);
    process.stdout.write(`e2e diagnostic: ${line}\n`);
    assert.equal(samples.length, 20);
  });

  test('screenshots: the inbox on a laptop, and on a phone (list, then conversation)', async () => {
    await page.goto(`${app.url}/inbox`);
    await openChat(page, 'Alice Customer');
    await page.screenshot({ path: artifactPath('inbox.png') });
    await page.getByRole('button', { name: 'Switch to the dark theme' }).click();
    assert.equal(await page.evaluate(() => document.documentElement.getAttribute('data-mantine-color-scheme')), 'dark');
    await page.screenshot({ path: artifactPath('inbox-dark.png') });
    await page.getByRole('button', { name: 'Switch to the light theme' }).click();
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.getByRole('button', { name: 'Show contact details' }).click();
    await page.getByRole('dialog', { name: 'Contact' }).getByText('@alice_c').first().waitFor();
    // Let the drawer finish sliding in (a cancelled transition rejects `finished`; that is fine too).
    await page.evaluate(() =>
      Promise.allSettled(document.getAnimations().map((animation: { finished: Promise<unknown> }) => animation.finished)),
    );
    await page.screenshot({ path: artifactPath('inbox-laptop-contact-drawer.png') });
    await page.getByRole('button', { name: 'Close' }).click();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${app.url}/inbox`);
    await chatRow(page, 'Alice Customer').waitFor();
    await page.screenshot({ path: artifactPath('inbox-phone-list.png') });
    await chatRow(page, 'Alice Customer').click();
    await bubble(page, 'Size M, please.').waitFor();
    assert.equal(await page.getByTestId('chat-list').count(), 0, 'on a phone the conversation takes the screen');
    await page.screenshot({ path: artifactPath('inbox-phone.png') });
    await page.getByRole('link', { name: 'Back to conversations' }).click();
    await page.getByTestId('chat-list').waitFor();
    await page.setViewportSize({ width: 1440, height: 900 });
  });
});
