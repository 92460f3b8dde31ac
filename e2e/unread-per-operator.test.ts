// Unread is per operator (issue 25): one operator opening a chat clears it for them alone, in the list and the tab title.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { signInWithToken } from '../server/src/testing/api-client.ts';
import { acquireBrowserLock, startE2eApp, testAdmin, type E2eApp } from './support/app.ts';
import { browserSkipReason, launchChromium, type LaunchedBrowser } from './support/browser.ts';
import { chatRow, openChat, signIn } from './support/pages.ts';

const credentials = {
  a: { email: 'anna@example.com', password: 'password-anna-1' },
  b: { email: 'boris@example.com', password: 'password-boris-1' },
};

async function titleBecomes(page: Page, title: string): Promise<void> {
  await page
    .waitForFunction((expected) => document.title === expected, title, { timeout: 10_000 })
    .catch(async () => {
      throw new Error(`tab title stayed "${await page.title()}", expected "${title}"`);
    });
}

describe('unread per operator (browser)', { skip: browserSkipReason() }, () => {
  let release: () => void;
  let app: E2eApp;
  const browsers: LaunchedBrowser[] = [];
  const pages: Record<'a' | 'b', Page> = {} as never;

  before(async () => {
    release = await acquireBrowserLock();
    app = await startE2eApp();
    const admin = await signInWithToken(app.url, testAdmin);
    assert.equal((await admin.put('/api/inbox/policy', { auto_assign: false, operators_see_unassigned: true })).status, 200);
    for (const name of ['a', 'b'] as const) {
      const created = await admin.post('/api/operators', { name: `Operator ${name}`, ...credentials[name], max_chats: 5 });
      assert.equal(created.status, 201);
      const browser = await launchChromium();
      browsers.push(browser);
      pages[name] = await browser.context.newPage();
      pages[name].setDefaultTimeout(10_000);
      await signIn(pages[name], app.url, credentials[name]);
    }
  });
  after(async () => {
    for (const browser of browsers) await browser.close();
    await app?.stop();
    release?.();
  });

  test('operator A opening a chat leaves it unread for operator B: list badge and tab title', async () => {
    const first = app.sim.createUser({ first_name: 'Zhanna', last_name: 'First' });
    app.sim.sendText(app.bot.token, { from: first.id, text: 'Hello, is anyone there?' });
    await Promise.all([titleBecomes(pages.a, '(1) Switchboard'), titleBecomes(pages.b, '(1) Switchboard')]);

    await openChat(pages.a, 'Zhanna First');
    await chatRow(pages.a, 'Zhanna First').getByTestId('unread-badge').waitFor({ state: 'detached' });
    await titleBecomes(pages.a, 'Switchboard');

    // A second customer: B's title counts both (A's read never reached B), A's only the new one.
    const second = app.sim.createUser({ first_name: 'Yerlan', last_name: 'Second' });
    app.sim.sendText(app.bot.token, { from: second.id, text: 'Price list, please' });
    await Promise.all([titleBecomes(pages.b, '(2) Switchboard'), titleBecomes(pages.a, '(1) Switchboard')]);
    assert.equal(await chatRow(pages.b, 'Zhanna First').getByTestId('unread-badge').innerText(), '1');

    // B's badge survives a reload: the server keeps B's count, not just B's tab.
    await pages.b.reload();
    assert.equal(await chatRow(pages.b, 'Zhanna First').getByTestId('unread-badge').innerText(), '1');
    await titleBecomes(pages.b, '(2) Switchboard');
  });
});
