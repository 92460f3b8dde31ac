// Issue 26 in the browser: the help sheet ("?"), the command bar (Ctrl+K), a macro built in the editor and run
// from the bar, J/K through the list, and an @mention in a private note reaching the colleague named, in a
// second browser, availability, and bulk actions on ticked conversations. English light on a laptop, then
// Russian dark on a phone.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { signInWithToken, type ApiClient } from '../server/src/testing/api-client.ts';
import { eventually } from '../server/src/testing/ws-client.ts';
import { acquireBrowserLock, startE2eApp, testAdmin, type E2eApp } from './support/app.ts';
import { artifactPath, browserSkipReason, launchChromium, type LaunchedBrowser } from './support/browser.ts';
import { layoutProblems } from './support/layout.ts';
import { bubble, chatRow, chooseSegment, openChat, signIn } from './support/pages.ts';

const boris = { email: 'boris@example.com', password: 'password-boris-1' };

describe('command bar, macros, shortcuts and mentions (browser)', { skip: browserSkipReason() }, () => {
  let release: () => void;
  let app: E2eApp;
  const browsers: LaunchedBrowser[] = [];
  let page: Page;
  let colleague: Page;
  let staff: ApiClient;

  before(async () => {
    release = await acquireBrowserLock();
    app = await startE2eApp();
    staff = await signInWithToken(app.url, testAdmin);
    assert.equal((await staff.put('/api/inbox/policy', { auto_assign: false, operators_see_unassigned: true })).status, 200);
    assert.equal((await staff.post('/api/operators', { name: 'Boris', ...boris, max_chats: 5 })).status, 201);
    for (const credentials of [testAdmin, boris]) {
      const browser = await launchChromium();
      browsers.push(browser);
      const opened = await browser.context.newPage();
      opened.setDefaultTimeout(15_000);
      await signIn(opened, app.url, credentials);
      if (credentials === testAdmin) page = opened;
      else colleague = opened;
    }
  });
  after(async () => {
    for (const browser of browsers) await browser.close();
    await app?.stop();
    release?.();
  });

  async function customerWrites(firstName: string, lastName: string, text: string): Promise<{ chatId: string; userId: number }> {
    const customer = app.sim.createUser({ first_name: firstName, last_name: lastName });
    app.sim.sendText(app.bot.token, { from: customer.id, text });
    const chatId = await eventually(
      async () => (await staff.get('/api/chats?q=' + encodeURIComponent(lastName))).body.results[0]?.id as string | undefined,
      15_000,
      `the conversation with ${firstName}`,
    );
    return { chatId, userId: customer.id };
  }

  test('"?" shows the shortcuts; a macro built in the editor moves it to a team, replies with a variable and resolves, run from Ctrl+K', async () => {
    const me = (await staff.get('/api/auth/me')).body.user.id;
    const parcels = (await staff.post('/api/teams', { name: 'Parcels', member_ids: [me] })).body.id;
    const { chatId, userId } = await customerWrites('Dana', 'Macro', 'My parcel is late');
    // The team was made through the API; a reload lets the page's team list (cached for a minute) know it.
    await page.reload();
    await openChat(page, 'Dana Macro');

    await page.locator('body').press('?');
    const help = page.getByTestId('help-sheet');
    await help.getByText('Open the command bar').waitFor();
    await page.screenshot({ path: artifactPath('operator-help-sheet-en-light.png') });
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });

    await page.keyboard.press('Control+k');
    const bar = page.getByTestId('command-bar');
    await bar.getByRole('option', { name: /Edit macros/ }).click();
    const editor = page.getByTestId('macro-editor');
    await editor.getByLabel('Name').fill('Late parcel');
    // The assign step also moves it into a team's queue (the admin who runs it is in the team).
    await editor.getByRole('button', { name: '+ Assign to me' }).click();
    await editor.getByRole('combobox', { name: 'Team' }).click();
    await page.getByRole('option', { name: 'Queue: Parcels' }).click();
    await editor.getByRole('button', { name: '+ Reply' }).click();
    await editor.getByLabel('Text').fill('Hello {{contact.first_name}}, we are chasing the courier');
    await editor.getByRole('button', { name: '+ Resolve' }).click();
    await editor.getByRole('button', { name: 'Save the macro' }).click();
    await editor.getByText('Late parcel · Assign to me → Reply → Resolve').waitFor();
    await page.screenshot({ path: artifactPath('operator-macro-editor-en-light.png') });
    const saved = (await staff.get('/api/macros')).body.results;
    assert.deepEqual(
      saved.map((macro: { name: string; actions: unknown }) => [macro.name, macro.actions]),
      [
        [
          'Late parcel',
          [
            { type: 'assign', operator_id: 'me', team_id: parcels },
            { type: 'reply', text: 'Hello {{contact.first_name}}, we are chasing the courier' },
            { type: 'resolve' },
          ],
        ],
      ],
    );
    await page.keyboard.press('Escape');
    await editor.waitFor({ state: 'detached' });

    // Typing filters the bar; Enter runs the one command left.
    await page.keyboard.press('Control+k');
    await bar.getByRole('textbox').fill('late parcel');
    const options = bar.getByRole('option');
    await options.filter({ hasText: 'Run macro: Late parcel' }).waitFor();
    await page.screenshot({ path: artifactPath('operator-command-bar-en-light.png') });
    await page.keyboard.press('Enter');
    await bar.waitFor({ state: 'detached' });
    await bubble(page, 'Hello Dana, we are chasing the courier').waitFor();
    await page
      .getByTestId('message')
      .filter({ hasText: /^Resolved by / })
      .waitFor();
    const after = (await staff.get(`/api/chats/${chatId}`)).body;
    assert.equal(after.status, 'resolved');
    assert.equal(after.team_id, parcels, "the macro moved it into the team's queue");
    // The customer got the filled-in text, not the variable.
    await app.sim.waitForSent(app.bot.token, userId, (message) => message.text === 'Hello Dana, we are chasing the courier', 15_000);
  });

  test('J and K move through the list; an @mention in a note reaches the colleague named, who opens it from the toast', async () => {
    const first = (await customerWrites('Olzhas', 'Upper', 'First question')).chatId;
    const second = (await customerWrites('Gulnar', 'Lower', 'Second question')).chatId;
    await page.goto(`${app.url}/inbox`);
    await chatRow(page, 'Olzhas Upper').waitFor();
    await chatRow(page, 'Gulnar Lower').waitFor();
    await openChat(page, 'Gulnar Lower');
    // The list is newest first: J goes down to the older conversation, K comes back.
    await page.locator('body').press('j');
    await page.waitForURL(`**/inbox/${first}`);
    await page.getByTestId('conversation-title').filter({ hasText: 'Olzhas Upper' }).waitFor();
    await page.locator('body').press('k');
    await page.waitForURL(`**/inbox/${second}`);
    // The composer is drawn anew for the conversation K opened: switch its mode only once that one shows.
    await page.getByTestId('conversation-title').filter({ hasText: 'Gulnar Lower' }).waitFor();

    await chooseSegment(page, 'Private note');
    await page.getByText('Type @name to alert: @Boris').waitFor();
    const note = page.getByRole('textbox', { name: 'Private note', exact: true });
    await note.fill('@Boris could you call her back?');
    await note.press('Enter');
    await bubble(page, '@Boris could you call her back?').waitFor();

    const toast = colleague.getByTestId('mention-toast');
    await toast.filter({ hasText: '@Boris could you call her back?' }).waitFor();
    await colleague.screenshot({ path: artifactPath('operator-mention-toast-en-light.png') });
    await toast.click();
    await colleague.waitForURL(`**/inbox/${second}`);
    await colleague.getByTestId('conversation-title').filter({ hasText: 'Gulnar Lower' }).waitFor();
  });

  test('availability: Boris says he is busy from the sidebar, and the team directory shows it', async () => {
    await colleague.goto(`${app.url}/inbox`);
    const control = colleague.getByRole('combobox', { name: 'Your availability: Online' });
    await control.waitFor();
    await control.selectOption({ label: 'Busy' });
    await colleague.getByRole('combobox', { name: 'Your availability: Busy' }).waitFor();
    await colleague.screenshot({ path: artifactPath('operator-availability-en-light.png') });
    const directory = (await staff.get('/api/operators/directory')).body.results;
    assert.equal(directory.find((person: { name: string }) => person.name === 'Boris').availability, 'busy');
    // It is kept by the server: a reload still says busy.
    await colleague.reload();
    await colleague.getByRole('combobox', { name: 'Your availability: Busy' }).waitFor();
  });

  test("bulk: tick conversations in the list, label them, move them to a team's queue and resolve them in one go", async () => {
    assert.equal((await staff.post('/api/labels', { name: 'wholesale', color: 'teal' })).status, 201);
    const desk = (await staff.post('/api/teams', { name: 'Wholesale desk' })).body.id;
    const first = (await customerWrites('Bulat', 'Wholesale', 'Price for 100 pieces?')).chatId;
    const second = (await customerWrites('Saule', 'Wholesale', 'Price for 200 pieces?')).chatId;
    await page.goto(`${app.url}/inbox`);
    await page.getByTestId('bulk-select').click();
    const bar = page.getByTestId('bulk-bar');
    await bar.getByText('0 selected').waitFor();
    // While selecting, a row ticks instead of opening the conversation.
    await chatRow(page, 'Bulat Wholesale').click();
    await chatRow(page, 'Saule Wholesale').click();
    await bar.getByText('2 selected').waitFor();
    assert.match(page.url(), /\/inbox$/);
    assert.equal(await chatRow(page, 'Bulat Wholesale').getAttribute('aria-checked'), 'true');
    await page.screenshot({ path: artifactPath('operator-bulk-en-light.png') });

    await bar.getByRole('button', { name: 'Label' }).click();
    await page.getByRole('menuitem', { name: 'wholesale' }).click();
    await page.getByText('Conversations changed: 2').waitFor();
    await bar.getByText('0 selected').waitFor();
    for (const name of ['Bulat Wholesale', 'Saule Wholesale'])
      await chatRow(page, name).getByTestId('row-label').filter({ hasText: 'wholesale' }).waitFor();

    await chatRow(page, 'Bulat Wholesale').click();
    await chatRow(page, 'Saule Wholesale').click();
    await bar.getByText('2 selected').waitFor();
    await bar.getByRole('button', { name: 'Assign' }).click();
    await page.getByRole('menuitem', { name: 'Queue: Wholesale desk' }).click();
    await bar.getByText('0 selected').waitFor();
    for (const chatId of [first, second])
      await eventually(async () => (await staff.get(`/api/chats/${chatId}`)).body.team_id === desk || undefined, 15_000, 'the team move');

    await chatRow(page, 'Bulat Wholesale').click();
    await chatRow(page, 'Saule Wholesale').click();
    await bar.getByRole('button', { name: 'Resolve' }).click();
    // The list shows open conversations: both leave it.
    await chatRow(page, 'Bulat Wholesale').waitFor({ state: 'detached' });
    await chatRow(page, 'Saule Wholesale').waitFor({ state: 'detached' });
    for (const chatId of [first, second]) assert.equal((await staff.get(`/api/chats/${chatId}`)).body.status, 'resolved');
    await bar.getByRole('button', { name: 'Stop selecting' }).click();
    await bar.waitFor({ state: 'detached' });
  });

  test('Russian, dark, on a phone: the command bar and the help sheet fit', async () => {
    const { chatId } = await customerWrites('Айгерим', 'Командная', 'Здравствуйте');
    await customerWrites('Ерлан', 'Оптовый', 'Нужна накладная');
    await page.evaluate(() => {
      window.localStorage.setItem('sb.language', 'ru');
      window.localStorage.setItem('sb.color-scheme', 'dark');
    });
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.goto(`${app.url}/inbox/${chatId}`);
      await page.getByTestId('conversation-title').filter({ hasText: 'Айгерим' }).waitFor();
      await page.keyboard.press('Control+k');
      const bar = page.getByTestId('command-bar');
      await bar.getByRole('option', { name: /Отложить на час/ }).waitFor();
      assert.deepEqual(await layoutProblems(page), []);
      await page.screenshot({ path: artifactPath('operator-command-bar-ru-dark-phone.png') });
      await bar.getByRole('option', { name: /Отложить на час/ }).click();
      await bar.waitFor({ state: 'detached' });
      await eventually(async () => (await staff.get(`/api/chats/${chatId}`)).body.status === 'snoozed', 15_000, 'the snooze');

      await page.locator('body').press('?');
      await page.getByTestId('help-sheet').getByText('Открыть панель команд').waitFor();
      assert.deepEqual(await layoutProblems(page), []);
      await page.screenshot({ path: artifactPath('operator-help-sheet-ru-dark-phone.png') });
      await page.keyboard.press('Escape');

      // The bulk bar on a phone, in Russian: the list is the page there.
      await page.goto(`${app.url}/inbox`);
      await page.getByTestId('bulk-select').click();
      await chatRow(page, 'Ерлан Оптовый').click();
      await page.getByTestId('bulk-bar').getByText('Выбрано: 1').waitFor();
      assert.deepEqual(await layoutProblems(page), []);
      await page.screenshot({ path: artifactPath('operator-bulk-ru-dark-phone.png') });
    } finally {
      await page.evaluate(() => {
        window.localStorage.setItem('sb.language', 'en');
        window.localStorage.setItem('sb.color-scheme', 'light');
      });
      await page.setViewportSize({ width: 1440, height: 900 });
    }
  });
});
