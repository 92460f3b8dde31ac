// The team in real browsers: an admin and two operators, each in their own Chromium, against one
// server wired to the Bot API simulator. Assignment, isolation and transfers are watched live.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { signInWithToken, type ApiClient } from '../server/src/testing/api-client.ts';
import { acquireBrowserLock, eventually, startE2eApp, testAdmin, type E2eApp } from './support/app.ts';
import { artifactPath, browserSkipReason, launchChromium, type LaunchedBrowser } from './support/browser.ts';
import { chatRow, chooseSegment, openChat, signIn, unnamedControls } from './support/pages.ts';

const olga = { name: 'Olga Operator', email: 'olga@example.com', password: 'olga-password-1' };
const boris = { name: 'Boris Operator', email: 'boris@example.com', password: 'boris-password-1' };
const slow = 30_000;

/** The names in a page's conversation list, top to bottom. */
async function listedNames(page: Page): Promise<string[]> {
  return page
    .getByTestId('chat-row')
    .evaluateAll((rows) => rows.map((row) => row.querySelector('.sb-chat-name')?.textContent?.trim() ?? ''));
}

// Taken before the tests start: waiting in line behind other browser files must not count against a test's timeout.
const release = browserSkipReason() ? () => undefined : await acquireBrowserLock();

describe('team inbox (browser)', { skip: browserSkipReason() }, () => {
  let app: E2eApp;
  let admin: ApiClient;
  const browsers: LaunchedBrowser[] = [];
  let adminPage: Page;
  let olgaPage: Page;
  let borisPage: Page;
  const ids: Record<string, number> = {};
  const chats: Record<string, number> = {};
  const customers: Record<string, number> = {};

  async function openBrowser(width = 1280): Promise<Page> {
    const browser = await launchChromium({ viewport: { width, height: 800 } });
    browsers.push(browser);
    const page = await browser.context.newPage();
    page.setDefaultTimeout(slow);
    return page;
  }

  /** A customer writes through the simulator; returns their conversation's id once the server has it. */
  async function customerWrites(firstName: string, text: string): Promise<number> {
    const user = app.sim.createUser({ first_name: firstName, last_name: 'Customer' });
    customers[firstName] = user.id;
    app.sim.sendText(app.bot.token, { from: user.id, text });
    const message = await eventually(
      async () => (await admin.get('/api/messages/')).body.results.find((item: any) => item.text === text),
      slow,
      `"${text}" to arrive`,
    );
    chats[firstName] = message.chat_id;
    return message.chat_id;
  }

  before(async () => {
    app = await startE2eApp();
    admin = await signInWithToken(app.url, testAdmin);
    adminPage = await openBrowser(1440);
    await signIn(adminPage, app.url);
  });
  after(async () => {
    for (const browser of browsers) await browser.close();
    await app?.stop();
    release?.();
  });

  test('the admin adds two operators on the Operators page; a server refusal shows in place and keeps the form', async () => {
    await adminPage.goto(`${app.url}/operators`);
    await adminPage.getByRole('heading', { name: 'Operators' }).waitFor();
    for (const operator of [olga, boris]) {
      await adminPage.getByRole('button', { name: 'Add operator' }).click();
      const dialog = adminPage.getByRole('dialog', { name: 'Add an operator' });
      await dialog.getByLabel('Name').fill(operator.name);
      await dialog.getByLabel('E-mail').fill(operator === boris ? olga.email : operator.email);
      await dialog.getByLabel(/^Password/).fill(operator.password);
      await dialog.getByLabel('Max. open chats').fill('20');
      await dialog.getByRole('button', { name: 'Add', exact: true }).click();
      if (operator === boris) {
        // Olga's e-mail again: the conflict's code (email_taken) shows as its text in the dialog, nothing typed is lost.
        await dialog.getByTestId('operator-error').filter({ hasText: 'This e-mail is already used by another account.' }).waitFor();
        assert.equal(await dialog.getByLabel('Name').inputValue(), boris.name);
        assert.equal(await dialog.getByLabel(/^Password/).inputValue(), boris.password);
        await dialog.getByLabel('E-mail').fill(boris.email);
        await dialog.getByRole('button', { name: 'Add', exact: true }).click();
      }
      await dialog.waitFor({ state: 'detached' });
      await adminPage.getByTestId('operator-row').filter({ hasText: operator.email }).waitFor();
    }
    const rows = adminPage.getByTestId('operator-row');
    assert.equal(await rows.count(), 3, 'the admin and the two operators');
    assert.match(await rows.filter({ hasText: boris.email }).getByTestId('operator-load').innerText(), /0 of 20/);
    const operators = (await admin.get('/api/operators')).body.results;
    for (const operator of operators) ids[operator.email] = operator.id;
    assert.equal(operators.find((item: any) => item.email === olga.email).role, 'operator');
    assert.deepEqual(await unnamedControls(adminPage), [], 'every control on the Operators page has a name');
    await adminPage.screenshot({ path: artifactPath('team-operators-page.png') });

    // Editing: the limit changes; switching someone off and on again works from the row.
    await rows
      .filter({ hasText: olga.email })
      .getByRole('button', { name: `Edit ${olga.name}` })
      .click();
    const edit = adminPage.getByRole('dialog', { name: `Edit ${olga.name}` });
    await edit.getByLabel('Max. open chats').fill('25');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'detached' });
    await rows.filter({ hasText: olga.email }).getByTestId('operator-load').filter({ hasText: '0 of 25' }).waitFor();
    const active = adminPage.getByRole('switch', { name: `${boris.name} is active` });
    await active.click({ force: true });
    await eventually(
      async () => (await admin.get('/api/operators')).body.results.find((item: any) => item.email === boris.email).is_active === false,
      slow,
      'Boris off',
    );
    await eventually(async () => !(await active.isChecked()) && (await active.isEnabled()), slow, 'the switch to show Boris off');
    await active.click({ force: true });
    await eventually(
      async () => (await admin.get('/api/operators')).body.results.find((item: any) => item.email === boris.email).is_active === true,
      slow,
      'Boris on',
    );
  });

  test('an operator opening the admin pages gets a clear "admins only" state', async () => {
    olgaPage = await openBrowser();
    await signIn(olgaPage, app.url, olga);
    borisPage = await openBrowser();
    await signIn(borisPage, app.url, boris);
    await olgaPage.goto(`${app.url}/operators`);
    await olgaPage.getByTestId('admins-only').getByText('Admins only').waitFor();
    assert.equal(await olgaPage.getByTestId('operator-row').count(), 0);
    await olgaPage.goto(`${app.url}/settings/inbox`);
    await olgaPage.getByTestId('admins-only').waitFor();
    await olgaPage.getByRole('link', { name: 'Back to the inbox' }).click();
    await olgaPage.waitForURL('**/inbox');
  });

  test('with auto-assignment, new conversations go round robin; each operator sees only theirs, live', async () => {
    await adminPage.goto(`${app.url}/inbox`);
    // Everyone is on the inbox before the customers write: what follows arrives over the WebSocket.
    for (const page of [olgaPage, borisPage, adminPage]) await page.getByTestId('chat-list').waitFor();
    const order: number[] = [];
    for (const name of ['Anna', 'Bella', 'Clara', 'Denis']) {
      const id = await customerWrites(name, `Hello, I am ${name}`);
      order.push((await admin.get(`/api/chats/${id}`)).body.assigned_operator_id);
    }
    assert.equal(new Set(order.slice(0, 2)).size, 2, 'the first two go to different operators');
    assert.deepEqual(order.slice(2), order.slice(0, 2), 'then round again, in the same order');
    assert.deepEqual(new Set(order), new Set([ids[olga.email], ids[boris.email]]));

    const holderOf = (name: string) => order[['Anna', 'Bella', 'Clara', 'Denis'].indexOf(name)];
    const olgasNames = ['Anna', 'Bella', 'Clara', 'Denis']
      .filter((name) => holderOf(name) === ids[olga.email])
      .map((name) => `${name} Customer`);
    const borisNames = ['Anna', 'Bella', 'Clara', 'Denis']
      .filter((name) => holderOf(name) === ids[boris.email])
      .map((name) => `${name} Customer`);
    await eventually(
      async () => JSON.stringify((await listedNames(olgaPage)).sort()) === JSON.stringify(olgasNames.sort()),
      slow,
      `Olga's list to be ${olgasNames}`,
    );
    await eventually(
      async () => JSON.stringify((await listedNames(borisPage)).sort()) === JSON.stringify(borisNames.sort()),
      slow,
      `Boris's list to be ${borisNames}`,
    );
    await eventually(async () => (await listedNames(adminPage)).length === 4, slow, 'the admin to see all four');
    // The admin's rows say who holds each conversation.
    assert.equal(
      await chatRow(adminPage, olgasNames[0]!).getByTestId('row-assignee').getAttribute('aria-label'),
      `Assigned to ${olga.name}`,
    );
    assert.equal(await chatRow(adminPage, olgasNames[0]!).getByTestId('row-assignee').innerText(), 'OO');

    // Live updates reach only the holder: Boris's customer writes again, Olga's list never hears of it.
    const borisCustomer = borisNames[0]!.split(' ')[0]!;
    const olgaCustomer = olgasNames[0]!.split(' ')[0]!;
    app.sim.sendText(app.bot.token, { from: customers[borisCustomer]!, text: 'Boris-only follow-up' });
    app.sim.sendText(app.bot.token, { from: customers[olgaCustomer]!, text: 'Olga-only follow-up' });
    await chatRow(borisPage, borisNames[0]!).getByText('Boris-only follow-up').waitFor();
    await chatRow(olgaPage, olgasNames[0]!).getByText('Olga-only follow-up').waitFor();
    assert.equal(await olgaPage.getByText('Boris-only follow-up').count(), 0, 'Olga never sees Boris’s conversation');
    assert.equal(await borisPage.getByText('Olga-only follow-up').count(), 0);
    assert.deepEqual((await listedNames(olgaPage)).sort(), olgasNames.sort());
  });

  test('auto-assignment off: new chats wait in the queue; the Mine and Queue filters; an operator takes one', async () => {
    await adminPage.goto(`${app.url}/settings/inbox`);
    await adminPage.getByRole('tab', { name: 'Inbox' }).waitFor();
    const autoAssign = adminPage.getByRole('switch', { name: 'Assign new conversations automatically' });
    await eventually(() => autoAssign.isChecked(), slow, 'the policy to load');
    await autoAssign.click({ force: true });
    await eventually(async () => (await admin.get('/api/inbox/policy')).body.auto_assign === false, slow, 'auto-assignment off');
    // Labels and a canned answer, through the same page.
    await adminPage.getByLabel('New label').fill('VIP');
    await adminPage.getByRole('button', { name: 'Add label' }).click();
    await adminPage.getByTestId('labels').getByText('VIP').waitFor();
    await adminPage.getByLabel('New label').fill('vip');
    await adminPage.getByRole('button', { name: 'Add label' }).click();
    await adminPage.getByRole('alert').filter({ hasText: 'exists already' }).waitFor();
    assert.equal(await adminPage.getByLabel('New label').inputValue(), 'vip', 'the refused name stays in the field');
    await adminPage.getByLabel('New label').fill('');
    await adminPage.getByLabel('Shortcut').fill('hours');
    await adminPage.getByRole('textbox', { name: /^Text/ }).fill('We are open 10:00–20:00 every day.');
    await adminPage.getByRole('button', { name: 'Save answer' }).click();
    await adminPage.getByTestId('canned-responses').getByText('/hours').waitFor();
    assert.deepEqual(await unnamedControls(adminPage), []);
    await adminPage.screenshot({ path: artifactPath('team-inbox-settings.png'), fullPage: true });
    // The tab bar leads back to Messengers and shows the same tabs there.
    await adminPage.getByRole('tab', { name: 'Messengers' }).click();
    await adminPage.waitForURL('**/settings/messengers');
    await adminPage.getByRole('tab', { name: 'Inbox' }).click();
    await adminPage.waitForURL('**/settings/inbox');

    await olgaPage.goto(`${app.url}/inbox?filter=unassigned`);
    await olgaPage.getByTestId('chat-list').waitFor();
    const queueId = await customerWrites('Erik', 'Anyone there? I need help');
    assert.equal((await admin.get(`/api/chats/${queueId}`)).body.assigned_operator_id, null);
    await chatRow(olgaPage, 'Erik Customer').waitFor();
    assert.deepEqual(await listedNames(olgaPage), ['Erik Customer'], 'the queue holds only the unassigned conversation');
    await olgaPage.screenshot({ path: artifactPath('team-filter-queue.png') });

    await openChat(olgaPage, 'Erik Customer');
    const assignee = olgaPage.getByTestId('assignee');
    await assignee.filter({ hasText: 'Unassigned' }).waitFor();
    await assignee.click();
    await olgaPage.getByRole('menuitem', { name: 'Take it myself' }).click();
    await assignee.filter({ hasText: `Assigned to ${olga.name}` }).waitFor();
    await chatRow(olgaPage, 'Erik Customer').waitFor({ state: 'detached' });
    assert.equal((await admin.get(`/api/chats/${queueId}`)).body.assigned_operator_id, ids[olga.email]);

    await chooseSegment(olgaPage, 'Mine');
    await olgaPage.waitForURL((url) => url.searchParams.get('filter') === 'mine');
    await chatRow(olgaPage, 'Erik Customer').waitFor();
    const mine = await listedNames(olgaPage);
    assert.ok(mine.includes('Erik Customer'));
    const olgasChats = (await (await signInWithToken(app.url, olga)).get('/api/chats?filter=mine')).body.results.length;
    assert.equal(mine.length, olgasChats, 'the Mine list is what the server calls hers');
    await olgaPage.screenshot({ path: artifactPath('team-filter-mine.png') });
  });

  test('the admin transfers a chat from Olga to Boris with a note: it leaves her list live, joins his, and the history shows it', async () => {
    const name = 'Erik Customer';
    await chooseSegment(olgaPage, 'All');
    await openChat(olgaPage, name);
    await borisPage.goto(`${app.url}/inbox`);
    await borisPage.getByTestId('chat-list').waitFor();
    assert.equal(await chatRow(borisPage, name).count(), 0);

    await adminPage.goto(`${app.url}/inbox`);
    await openChat(adminPage, name);
    await adminPage.getByTestId('assignee').click();
    await adminPage.getByRole('menuitem', { name: boris.name }).click();
    const dialog = adminPage.getByRole('dialog', { name: `Transfer to ${boris.name}` });
    await dialog.getByLabel(`Note for ${boris.name}`).fill('Wants a refund, prefers calls');
    await dialog.getByRole('button', { name: 'Transfer' }).click();
    await dialog.waitFor({ state: 'detached' });
    await adminPage
      .getByTestId('assignee')
      .filter({ hasText: `Assigned to ${boris.name}` })
      .waitFor();

    // The conversation's own record of the move arrives without a reload.
    await adminPage
      .getByText(/Assigned to Boris Operator by Admin/)
      .first()
      .waitFor();
    await chatRow(olgaPage, name).waitFor({ state: 'detached' });
    // Olga stays where she was: the conversation says who has it now instead of turning into "not found".
    const urlBefore = olgaPage.url();
    await olgaPage
      .getByTestId('handoff-notice')
      .filter({ hasText: `Transferred to ${boris.name}` })
      .waitFor();
    assert.equal(olgaPage.url(), urlBefore);
    assert.equal(await olgaPage.getByText('This conversation does not exist or is not yours to see.').count(), 0);
    await olgaPage.getByTestId('message-text').getByText('Anyone there? I need help').waitFor();
    assert.equal(await olgaPage.getByTestId('composer').count(), 0, 'no composer for a conversation that is not hers');
    await olgaPage.screenshot({ path: artifactPath('team-transferred-away.png') });
    await chatRow(borisPage, name).waitFor();
    await chatRow(adminPage, name).getByTestId('row-assignee').filter({ hasText: 'BO' }).waitFor();

    // Labels from the header, seen live in the holder's row.
    await adminPage.getByRole('button', { name: 'Labels' }).click();
    await adminPage.getByRole('checkbox', { name: 'VIP' }).click();
    // A laptop-wide pane shows the count on the Labels button (its title names them) instead of the badges.
    await adminPage.getByTestId('chat-labels').locator('button[title="VIP"]').waitFor();
    await adminPage.keyboard.press('Escape');
    await chatRow(borisPage, name).getByTestId('row-label').filter({ hasText: 'VIP' }).waitFor();

    await adminPage.getByRole('button', { name: 'History' }).click();
    const history = adminPage.getByTestId('assignment-history');
    await history.getByText(`Transferred from ${olga.name} to ${boris.name}`).waitFor();
    await history.getByText('Wants a refund, prefers calls').waitFor();
    await history.getByText(`Assigned to ${olga.name}`).waitFor();
    // Let the drawer finish sliding in (a cancelled transition rejects `finished`; that is fine too).
    await adminPage.evaluate(() =>
      Promise.allSettled(document.getAnimations().map((animation: { finished: Promise<unknown> }) => animation.finished)),
    );
    await adminPage.screenshot({ path: artifactPath('team-assignment-history.png') });
    await adminPage.keyboard.press('Escape');
    await adminPage.getByTestId('chat-workflow').screenshot({ path: artifactPath('team-conversation-header.png') });
    assert.deepEqual(await unnamedControls(adminPage), []);
  });

  test('resolve and reopen from the operator’s header, reflected live in the admin’s list', async () => {
    const name = 'Erik Customer';
    // The admin watches every status: the list shows open conversations unless asked otherwise.
    await adminPage.goto(`${app.url}/inbox?status=all`);
    await chatRow(adminPage, name).waitFor();
    await openChat(borisPage, name);
    await borisPage.getByTestId('resolve-toggle').filter({ hasText: 'Resolve' }).click();
    // In a laptop-wide pane the green Reopen button is the state; the "Resolved" badge shows when there is room.
    await borisPage.getByTestId('resolve-toggle').filter({ hasText: 'Reopen' }).waitFor();
    assert.equal(await borisPage.getByTestId('chat-status').textContent(), 'Resolved');
    await eventually(async () => (await admin.get(`/api/chats/${chats.Erik}`)).body.status === 'resolved', slow, 'resolved on the server');
    await eventually(
      async () => (await chatRow(adminPage, name).getAttribute('data-status')) === 'resolved',
      slow,
      'the admin row to show resolved',
    );
    await chatRow(adminPage, name).getByTestId('resolved-mark').waitFor();
    await borisPage.screenshot({ path: artifactPath('team-resolved.png') });
    await borisPage.getByTestId('resolve-toggle').filter({ hasText: 'Reopen' }).click();
    await borisPage.getByTestId('chat-status').waitFor({ state: 'detached' });
    await eventually(async () => (await admin.get(`/api/chats/${chats.Erik}`)).body.status === 'open', slow, 'reopened on the server');
    await eventually(
      async () => (await chatRow(adminPage, name).getAttribute('data-status')) === 'open',
      slow,
      'the admin row to show open',
    );
  });

  test('on a phone, the header controls stay on one line without overflowing', async () => {
    await borisPage.setViewportSize({ width: 390, height: 800 });
    await borisPage.goto(`${app.url}/inbox/${chats.Erik}`);
    const bar = borisPage.getByTestId('chat-workflow');
    await bar.waitFor();
    const overflow = await bar.evaluate((element) => element.scrollWidth - element.clientWidth);
    assert.ok(overflow <= 0, `the bar overflows by ${overflow}px`);
    await borisPage.screenshot({ path: artifactPath('team-phone-header.png') });
  });
});
