// Issue 26 in the browser: an admin makes a team in Settings → Inbox and switches the rating question on; a
// conversation goes to the team's queue from the assignee menu; the list filters by team; a member sees the team's
// queue; the customer's rating shows in the conversation. English light at 1440, Russian dark at 390.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { signInWithToken, type ApiClient } from '../server/src/testing/api-client.ts';
import { eventually } from '../server/src/testing/ws-client.ts';
import { acquireBrowserLock, startE2eApp, testAdmin, type E2eApp } from './support/app.ts';
import { artifactPath, browserSkipReason, launchChromium, type LaunchedBrowser } from './support/browser.ts';
import { layoutProblems } from './support/layout.ts';
import { chatRow, openChat, signIn, unnamedControls } from './support/pages.ts';

describe('teams and CSAT (browser)', { skip: browserSkipReason() }, () => {
  let release: () => void;
  let app: E2eApp;
  let browser: LaunchedBrowser;
  let page: Page;
  let staff: ApiClient;
  let olgaId: number;
  let chatId: number;
  let customerId: number;
  const slow = 20_000;

  before(async () => {
    release = await acquireBrowserLock();
    app = await startE2eApp();
    staff = await signInWithToken(app.url, testAdmin);
    await staff.put('/api/inbox/policy', { auto_assign: false, operators_see_unassigned: false });
    olgaId = (
      await staff.post('/api/operators', { name: 'Olga Billing', email: 'olga@example.com', password: 'password-olga', max_chats: 5 })
    ).body.id;
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.setDefaultTimeout(15_000);
    await page.setViewportSize({ width: 1440, height: 900 });
    await signIn(page, app.url);
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
    release?.();
  });

  test('settings: make a team with a member, switch the rating question on (English, light, 1440)', async () => {
    await page.goto(`${app.url}/settings/inbox`);
    await page.getByLabel('New team').fill('Billing');
    await page.getByTestId('team-members').click();
    await page.getByRole('option', { name: 'Olga Billing' }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Add team' }).click();
    await page.getByTestId('team-row').filter({ hasText: 'Billing' }).waitFor();
    const teams = (await staff.get('/api/teams')).body.results;
    assert.deepEqual(
      teams.map((team: any) => [team.name, team.member_ids]),
      [['Billing', [olgaId]]],
    );
    const csat = page.getByRole('switch', { name: /rate a conversation/ });
    await eventually(async () => !(await csat.isDisabled()), slow, 'the CSAT setting to load');
    await csat.click({ force: true });
    await eventually(async () => (await staff.get('/api/inbox/csat')).body.enabled === true, slow, 'CSAT on');
    assert.deepEqual(await unnamedControls(page), []);
    assert.deepEqual(await layoutProblems(page), []);
    await page.screenshot({ path: artifactPath('teams-settings-en-light.png'), fullPage: true });
  });

  test("the assignee menu moves a conversation to the team's queue; the team filter finds it; a member sees it", async () => {
    const customer = app.sim.createUser({ first_name: 'Timur', last_name: 'Invoice', language_code: 'ru' });
    customerId = customer.id;
    // Another customer's conversation stays in the general queue, so the team filter has something to leave out.
    const other = app.sim.createUser({ first_name: 'Aigerim', last_name: 'Delivery', language_code: 'ru' });
    app.sim.sendText(app.bot.token, { from: other.id, text: 'When will it arrive?' });
    app.sim.sendText(app.bot.token, { from: customer.id, text: 'Where is my invoice?' });
    await page.goto(`${app.url}/inbox`);
    await openChat(page, 'Timur Invoice');
    chatId = Number(/\/inbox\/(\d+)/.exec(page.url())?.[1]);
    await page.getByTestId('assignee').click();
    await page.getByTestId('team-target').filter({ hasText: 'Billing' }).click();
    await page.getByTestId('chat-team').filter({ hasText: 'Billing' }).waitFor();
    await page
      .getByTestId('message')
      .filter({ hasText: /^Moved to the team «Billing» by / })
      .waitFor();
    const chat = (await staff.get(`/api/chats/${chatId}`)).body;
    assert.equal(chat.team_id, (await staff.get('/api/teams')).body.results[0].id);

    await page.getByTestId('more-filters').click();
    await page.getByTestId('team-filter').click();
    await page.getByRole('option', { name: 'Billing' }).click();
    await eventually(() => /team_id=\d+/.test(page.url()), slow, 'the filter in the address');
    // The list reloads under the new filter: wait until it shows the team's conversation alone.
    await eventually(
      async () => {
        const rows = await page.getByTestId('chat-row').allInnerTexts();
        return rows.length === 1 && rows[0]!.includes('Timur Invoice');
      },
      slow,
      'only the team’s conversation in the list',
    );
    await page.keyboard.press('Escape');
    await page.getByTestId('team-filter').waitFor({ state: 'hidden' });
    await chatRow(page, 'Timur Invoice').waitFor();
    assert.deepEqual(await layoutProblems(page), []);
    await page.screenshot({ path: artifactPath('teams-inbox-filter-en-light.png') });

    // Olga sees no general queue (the policy) but her team's queue.
    const olga = await browser.context.browser()!.newContext();
    const olgaPage = await olga.newPage();
    await signIn(olgaPage, app.url, { email: 'olga@example.com', password: 'password-olga' });
    await chatRow(olgaPage, 'Timur Invoice').waitFor();
    assert.equal(await chatRow(olgaPage, 'Aigerim Delivery').count(), 0, 'the general queue stays hidden from her');
    await olga.close();
  });

  test('Russian, dark, on a phone: the team badge, the rating line after a resolution', async () => {
    await page.evaluate(() => {
      window.localStorage.setItem('sb.language', 'ru');
      window.localStorage.setItem('sb.color-scheme', 'dark');
    });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${app.url}/inbox/${chatId}`);
    await page
      .getByTestId('message')
      .filter({ hasText: /передал\(а\) диалог команде «Billing»/ })
      .waitFor();
    // Too narrow for the badge: the assignee menu names the team.
    assert.equal(await page.getByTestId('chat-team').isVisible(), false);
    await page.getByTestId('assignee').click();
    await page.getByTestId('menu-team').filter({ hasText: 'В очереди команды «Billing»' }).waitFor();
    await page.screenshot({ path: artifactPath('teams-assign-menu-ru-dark-phone.png') });
    await page.keyboard.press('Escape');
    assert.equal((await staff.post(`/api/chats/${chatId}/status`, { status: 'resolved' })).status, 200);
    const question = await app.sim.waitForSent(
      app.bot.token,
      customerId,
      (message) => /^Оцените, пожалуйста/.test(message.text ?? ''),
      slow,
    );
    app.sim.pressButton(app.bot.token, { from: customerId, message_id: question.message_id, text: '😍 5' });
    await page.getByTestId('message').filter({ hasText: 'Клиент оценил диалог на 5 из 5' }).waitFor();
    assert.deepEqual(await layoutProblems(page), []);
    await page.screenshot({ path: artifactPath('teams-conversation-ru-dark-phone.png') });

    await page.goto(`${app.url}/settings/inbox`);
    await page.getByTestId('team-row').filter({ hasText: 'Billing' }).waitFor();
    assert.deepEqual(await layoutProblems(page), []);
    await page.screenshot({ path: artifactPath('teams-settings-ru-dark-phone.png'), fullPage: true });
  });
});
