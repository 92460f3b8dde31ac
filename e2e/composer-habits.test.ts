// The composer as people type in it: a saved answer in the middle of a sentence, Enter on a phone's
// keyboard, and the same conversation open in two tabs.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { signInWithToken } from '../server/src/testing/api-client.ts';
import { acquireBrowserLock, eventually, startE2eApp, testAdmin, type E2eApp } from './support/app.ts';
import { artifactPath, browserSkipReason, launchChromium, type LaunchedBrowser } from './support/browser.ts';
import { openChat, signIn } from './support/pages.ts';

const patient = 30_000;

describe('composer habits (browser)', { skip: browserSkipReason() }, () => {
  let release: () => void;
  let app: E2eApp;
  let browser: LaunchedBrowser;
  let page: Page;

  const input = (on: Page = page) => on.getByRole('textbox', { name: 'Message' });
  async function customer(on: Page, first: string, last: string) {
    const user = app.sim.createUser({ first_name: first, last_name: last });
    app.sim.sendText(app.bot.token, { from: user.id, text: `Hello from ${first}` });
    await openChat(on, `${first} ${last}`);
    return user;
  }

  before(
    async () => {
      release = await acquireBrowserLock();
      app = await startE2eApp();
      const api = await signInWithToken(app.url, testAdmin);
      for (const [shortcut, text] of [
        ['hours', 'We are open 10:00–20:00 every day.'],
        ['delivery', 'Delivery takes 1–2 days.'],
      ]) {
        const created = await api.post('/api/canned-responses', { shortcut, text });
        assert.equal(created.status, 201, JSON.stringify(created.body));
      }
      browser = await launchChromium();
      page = await browser.context.newPage();
      page.setDefaultTimeout(patient);
      await signIn(page, app.url);
    },
    { timeout: 30 * 60_000 },
  );
  after(async () => {
    await browser?.close();
    await app?.stop();
    release?.();
  });

  test('a saved answer typed as /word in the middle of a sentence replaces just that word, and goes out as the answer', async () => {
    const user = await customer(page, 'Mira', 'Middle');
    const list = page.getByRole('listbox', { name: 'Saved answers' });
    await input().pressSequentially('Hi Mira! /hou');
    await list.getByRole('option', { name: /hours/ }).waitFor();
    await input().press('Enter');
    await list.waitFor({ state: 'detached' });
    assert.equal(await input().inputValue(), 'Hi Mira! We are open 10:00–20:00 every day.');

    // In the middle: the caret after "/del", text on both sides stays.
    await input().fill('Thanks. /del See you!');
    await input().evaluate((field) => field.setSelectionRange(12, 12));
    await input().press('ArrowRight');
    await input().press('ArrowLeft');
    await list.getByRole('option', { name: /delivery/ }).waitFor();
    await page.screenshot({ path: artifactPath('composer-canned-midtext.png') });
    await input().press('Tab');
    assert.equal(await input().inputValue(), 'Thanks. Delivery takes 1–2 days. See you!');
    await list.waitFor({ state: 'detached' });
    assert.equal(
      await input().evaluate((field) => field.selectionStart),
      'Thanks. Delivery takes 1–2 days.'.length,
      'the caret is after the answer',
    );

    // A slash inside a word ("and/or", a link) is text, not a shortcut.
    await input().fill('Pickup and/or delivery, see https://shop.example/hours');
    await input().press('Enter');
    await app.sim.waitForSent(
      app.bot.token,
      user.id,
      (message) => message.text === 'Pickup and/or delivery, see https://shop.example/hours',
      patient,
    );
    assert.equal(await list.count(), 0);
  });

  test('on a touch screen Enter adds a line and the send button sends', async () => {
    const phone = await launchChromium({ touch: true, viewport: { width: 390, height: 844 } });
    try {
      const other = await phone.context.newPage();
      other.setDefaultTimeout(patient);
      assert.equal(await other.evaluate(() => window.matchMedia('(pointer: coarse)').matches), true, 'the context emulates a finger');
      await signIn(other, app.url);
      const user = await customer(other, 'Tara', 'Touch');
      await input(other).click();
      await input(other).pressSequentially('First line');
      await input(other).press('Enter');
      await input(other).pressSequentially('Second line');
      assert.equal(await input(other).inputValue(), 'First line\nSecond line');
      await other.screenshot({ path: artifactPath('composer-touch-phone.png') });
      await other.getByRole('button', { name: 'Send' }).tap();
      const sent = await app.sim.waitForSent(app.bot.token, user.id, (message) => message.method === 'sendMessage', patient);
      assert.equal(sent.text, 'First line\nSecond line', 'the first message out is the whole text: Enter sent nothing');
    } finally {
      await phone.close();
    }
  });

  test('two tabs on one conversation share its draft: the newest wins and an old tab cannot write its draft back', async () => {
    await customer(page, 'Dana', 'Drafts');
    await input().fill('An early draft');
    const second = await browser.context.newPage();
    second.setDefaultTimeout(patient);
    await second.goto(page.url());
    await eventually(async () => (await input(second).inputValue()) === 'An early draft', patient, 'the draft in the second tab');

    await input(second).fill('The newer draft, typed in the second tab');
    await eventually(
      async () => (await input().inputValue()) === 'The newer draft, typed in the second tab',
      patient,
      'the first tab showing the newer draft',
    );
    await input().fill('Newest, from the first tab again');
    await eventually(
      async () => (await input(second).inputValue()) === 'Newest, from the first tab again',
      patient,
      'the second tab following',
    );
    await second.close({ runBeforeUnload: true });

    await page.reload();
    await eventually(
      async () => (await input().inputValue()) === 'Newest, from the first tab again',
      patient,
      'the newest draft after a reload',
    );
    await input().fill('');
  });
});
