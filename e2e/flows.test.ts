// A bot flow in a real browser: the conversation header shows the wizard's step; the operator
// takes the conversation over (the bot stays quiet) and hands it back (the bot asks its step again).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { bookingApp } from '../server/src/testing/booking-app.fixture.ts';
import { signInWithToken, type ApiClient } from '../server/src/testing/api-client.ts';
import { acquireBrowserLock, eventually, startE2eApp, testAdmin, type E2eApp } from './support/app.ts';
import { artifactPath, browserSkipReason, launchChromium, type LaunchedBrowser } from './support/browser.ts';
import { openChat, signIn, unnamedControls } from './support/pages.ts';

const slow = 30_000;
const release = browserSkipReason() ? () => undefined : await acquireBrowserLock();

describe('bot flows in the inbox (browser)', { skip: browserSkipReason() }, () => {
  let app: E2eApp;
  let admin: ApiClient;
  let browser: LaunchedBrowser;
  let page: Page;

  before(async () => {
    app = await startE2eApp({}, { apps: [bookingApp] });
    admin = await signInWithToken(app.url, testAdmin);
    browser = await launchChromium({ viewport: { width: 1280, height: 800 } });
    page = await browser.context.newPage();
    page.setDefaultTimeout(slow);
    await signIn(page, app.url);
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
    release?.();
  });

  test('the header shows the step; take over silences the bot, hand back makes it ask again', async () => {
    const ann = app.sim.createUser({ first_name: 'Ann', last_name: 'Patient', language_code: 'en' });
    app.sim.sendText(app.bot.token, { from: ann.id, text: '/book' });
    await app.sim.waitForSent(app.bot.token, ann.id, (message) => message.text === 'Which day?', slow);
    await openChat(page, 'Ann Patient');
    const indicator = page.getByTestId('chat-flow');
    await indicator.filter({ hasText: 'Bot: bookings · booking · step “day”' }).waitFor();
    assert.deepEqual(await unnamedControls(page), []);

    await indicator.getByRole('button', { name: 'Take over' }).click();
    await indicator.filter({ hasText: 'Bot paused at “day”' }).waitFor();
    const chatId = (await admin.get('/api/chats?q=Ann')).body.results[0].id;
    assert.equal((await admin.get(`/api/chats/${chatId}/flow`)).body.flow.paused, true);
    await page.getByTestId('chat-flow').screenshot({ path: artifactPath('flows-taken-over.png') });

    await indicator.getByRole('button', { name: 'Hand back to the bot' }).click();
    await indicator.filter({ hasText: 'step “day”' }).getByRole('button', { name: 'Take over' }).waitFor();
    await eventually(
      () => app.sim.sentMessages(app.bot.token, ann.id).filter((message) => message.text === 'Which day?').length === 2,
      slow,
      'the bot to ask its step again',
    );
  });
});
