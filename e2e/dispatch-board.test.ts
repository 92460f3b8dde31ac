// The dispatch board in real browsers (issue 19 "Proof"): a job from a fake AmoCRM webhook is dragged onto a
// measurer, a second browser sees it move over the WebSocket, and the measurer gets the bot's message in the
// Bot API simulator (the admin's offer is edited to say it was taken). A photo is added from the job drawer.
// Visit times are the business's time zone's, also in a browser set to another zone. Screenshots in Russian and
// English, light and dark, desktop and a 390 px phone.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startFakeAmocrm, type FakeAmocrm } from '@switchboard/fake-amocrm';
import { createPng } from '@switchboard/telegram-sim';
import type { Page } from 'playwright-core';
import { signInWithToken } from '../server/src/testing/api-client.ts';
import { joinCrew, seedDeal, sendLeadWebhook, webhookSecret, type DispatchWorld } from '../server/src/testing/dispatch.fixture.ts';
import { acquireBrowserLock, eventually, startE2eApp, testAdmin, type E2eApp } from './support/app.ts';
import { artifactPath, browserSkipReason, launchChromium, type LaunchedBrowser } from './support/browser.ts';
import { inEveryLook, layoutProblems } from './support/layout.ts';
import { signIn } from './support/pages.ts';

describe('dispatch board (browser)', { skip: browserSkipReason() }, () => {
  let release: () => void;
  let amo: FakeAmocrm;
  let app: E2eApp;
  let world: DispatchWorld;
  let first: LaunchedBrowser;
  let second: LaunchedBrowser;
  let page: Page;
  let watcher: Page;
  let crew: { boss: Awaited<ReturnType<typeof joinCrew>>; measurer: Awaited<ReturnType<typeof joinCrew>> };

  /** A job from an AmoCRM webhook, once the admins were offered it in Telegram. */
  async function newJob(client: string, address: string): Promise<number> {
    const lead = seedDeal(world, { client, phone: '+77011234567', address });
    assert.equal((await sendLeadWebhook(world, lead.id)).status, 200);
    await world.sim.waitForSent(world.token, crew.boss.user.id, (message) => (message.text ?? '').includes(client), 20_000);
    const list = await world.admin.get('/api/dispatch/jobs?status=pending');
    return list.body.results.find((each: any) => each.amocrm_lead_id === lead.id).id;
  }

  before(
    async () => {
      release = await acquireBrowserLock();
      amo = await startFakeAmocrm();
      const integration = amo.control.integration();
      app = await startE2eApp({
        AMOCRM_BASE_URL: amo.url,
        AMOCRM_CLIENT_ID: integration.clientId,
        AMOCRM_CLIENT_SECRET: integration.clientSecret,
        AMOCRM_REDIRECT_URI: integration.redirectUri,
        AMOCRM_REFRESH_TOKEN: amo.control.issueTokens().refresh_token,
        AMOCRM_WEBHOOK_SECRET: webhookSecret,
      });
      world = {
        amo,
        sim: app.sim,
        server: app.server,
        admin: await signInWithToken(app.url, testAdmin),
        token: app.bot.token,
        addressFieldId: amo.control.seedCustomField({ entity: 'leads', name: 'Адрес замера' }).id,
        stop: async () => undefined,
      };
      assert.equal((await world.admin.put('/api/apps/dispatch/settings', { address_field_id: world.addressFieldId })).status, 200);
      crew = {
        boss: await joinCrew(world, 'admin', { first_name: 'Алия' }),
        measurer: await joinCrew(world, 'measurer', { first_name: 'Ерлан' }),
      };
      await joinCrew(world, 'measurer', { first_name: 'Тимур' });
      first = await launchChromium();
      second = await launchChromium();
      page = await first.context.newPage();
      watcher = await second.context.newPage();
      for (const each of [page, watcher]) {
        each.setDefaultTimeout(30_000);
        await signIn(each, app.url);
      }
    },
    { timeout: 40 * 60_000 },
  );
  after(async () => {
    await first?.close();
    await second?.close();
    await app?.stop();
    await amo?.stop();
    release?.();
  });

  test('drag a job onto a measurer: a second browser sees it move live, the measurer hears it in Telegram', async () => {
    const jobId = await newJob('Анна Петрова', 'Абая 10, кв 5');
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Dispatch' }).click();
    await page.waitForURL('**/dispatch');
    await watcher.goto(`${app.url}/dispatch`);
    const card = page.getByTestId(`job-${jobId}`);
    await page.getByTestId('column-pending').getByTestId(`job-${jobId}`).waitFor();
    await watcher.getByTestId('column-pending').getByTestId(`job-${jobId}`).waitFor();
    await watcher.getByTestId('board-live').filter({ hasText: 'Live' }).waitFor();

    await card.dragTo(page.getByTestId(`measurer-${crew.measurer.member.id}`));
    await watcher.getByTestId('column-assigned').getByTestId(`job-${jobId}`).getByText('Ерлан').waitFor();
    const told = await world.sim.waitForSent(
      world.token,
      crew.measurer.user.id,
      (message) => /Вам назначен замер/.test(message.text ?? ''),
      20_000,
    );
    assert.match(told.text!, /Анна Петрова/);
    // The admin's offer in the bot now says who took it; its measurer buttons gave way to Reassign and Cancel.
    const offer = await world.sim.waitForSent(
      world.token,
      crew.boss.user.id,
      (message) => message.edits.length > 0 && /Замер взят: Ерлан/.test(message.text ?? '') && /Анна Петрова/.test(message.text ?? ''),
      20_000,
    );
    assert.deepEqual(
      (offer.reply_markup as { inline_keyboard: Array<Array<{ text: string }>> }).inline_keyboard.flat().map((button) => button.text),
      ['🔁 Переназначить', '❌ Отменить'],
    );

    // The keyboard's way: the card's menu starts the job; the watcher sees that too.
    await page.getByRole('button', { name: `Actions for job #${jobId}` }).click();
    await page.getByRole('menuitem', { name: 'Move to “In progress”' }).click();
    await watcher.getByTestId('column-in_progress').getByTestId(`job-${jobId}`).waitFor();

    // Dropping on the cancelled column asks for the reason, which the history keeps. The drag starts once this page
    // shows the card in its new column too (CI once dragged it from where it had just been, and the drop missed).
    const started = page.getByTestId('column-in_progress').getByTestId(`job-${jobId}`);
    await started.waitFor();
    await started.dragTo(page.getByTestId('column-cancelled'));
    const dialog = page.getByRole('dialog', { name: `Cancel job #${jobId}` });
    await dialog.getByRole('textbox', { name: 'Reason' }).fill('The client moved the visit to spring');
    await dialog.getByRole('button', { name: 'Cancel the job' }).click();
    await watcher.getByTestId('column-cancelled').getByTestId(`job-${jobId}`).waitFor();
    await world.sim.waitForSent(
      world.token,
      crew.measurer.user.id,
      (message) => new RegExp(`Замер #${jobId} отменён`).test(message.text ?? ''),
      20_000,
    );

    await watcher
      .getByTestId(`job-${jobId}`)
      .getByRole('button', { name: /Анна Петрова/ })
      .click();
    const drawer = watcher.getByTestId('job-drawer');
    await drawer.getByText('The client moved the visit to spring').waitFor();
    assert.equal(
      await drawer.getByRole('link', { name: 'On the map (2GIS)' }).getAttribute('href'),
      'https://2gis.ru/search/%D0%90%D0%B1%D0%B0%D1%8F%2010%2C%20%D0%BA%D0%B2%205',
    );
    // A photo from the office, as the crew sends them from the bot: sniffed by its bytes, shown in both browsers.
    await drawer.locator('input[type=file]').setInputFiles({ name: 'facade.jpg', mimeType: 'image/jpeg', buffer: createPng(32, 24) });
    await drawer.getByTestId('job-files').getByRole('img', { name: 'facade.png' }).waitFor();
    const files = (await world.admin.get(`/api/dispatch/jobs/${jobId}/files`)).body.results;
    assert.deepEqual(
      files.map((file: any) => [file.name, file.content_type]),
      [['facade.png', 'image/png']],
    );
    // Not a photo: refused (415) in the drawer's own words, nothing added.
    await drawer
      .locator('input[type=file]')
      .setInputFiles({ name: 'notes.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('plain words') });
    await drawer
      .getByTestId('job-file-error')
      .getByText(/neither a photo nor a document/)
      .waitFor();
    assert.equal((await world.admin.get(`/api/dispatch/jobs/${jobId}/files`)).body.results.length, 1);
    await watcher.screenshot({ path: artifactPath('dispatch-job-en-light.png') });
  });

  test("admins run the crew from the web: an invite link per role, a manager's AmoCRM user id, deactivation", async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.evaluate(() => window.localStorage.setItem('sb.language', 'en'));
    await page.goto(`${app.url}/dispatch?tab=crew`);
    const invite = page.getByRole('region', { name: 'Invite link' });
    await invite.getByLabel('Create a link for').click();
    await page.getByRole('option', { name: 'Manager' }).click();
    await invite.getByRole('button', { name: 'Create link' }).click();
    const link = await page.getByTestId('invite-link').inputValue();
    assert.match(link, /^https:\/\/t\.me\/shop_bot\?start=dsp_/);
    // The person opens the link in Telegram and joins as a manager.
    const dana = world.sim.createUser({ first_name: 'Dana', language_code: 'en' });
    world.sim.sendText(world.token, { from: dana.id, text: `/start ${new URL(link).searchParams.get('start')}` });
    await world.sim.waitForSent(world.token, dana.id, (message) => /You are in the crew/.test(message.text ?? ''), 20_000);
    await page.reload();
    const members = (await world.admin.get('/api/dispatch/crew')).body.results as Array<{ id: number; name: string; role: string }>;
    const manager = members.find((each) => each.name === 'Dana')!;
    assert.equal(manager.role, 'manager');
    const row = page.getByTestId(`crew-${manager.id}`);
    await row.getByLabel('AmoCRM user id').fill('4242');
    await row.getByRole('button', { name: 'Save' }).click();
    await row.getByRole('button', { name: 'Saved' }).waitFor();
    const timur = members.find((each) => each.name === 'Тимур')!;
    await page.getByTestId(`crew-${timur.id}`).getByRole('switch', { name: 'Active' }).click({ force: true });
    const after = await eventually(async () => {
      const list = (await world.admin.get('/api/dispatch/crew')).body.results as Array<{
        id: number;
        amocrm_user_id: number | null;
        active: boolean;
      }>;
      const saved = list.find((each) => each.id === manager.id)?.amocrm_user_id === 4242;
      return saved && list.find((each) => each.id === timur.id)?.active === false ? list : undefined;
    });
    assert.ok(after);
    // A deactivated measurer is no longer a drop target on the board.
    await page.goto(`${app.url}/dispatch`);
    await page.getByTestId(`measurer-${crew.measurer.member.id}`).waitFor();
    assert.equal(await page.getByTestId(`measurer-${timur.id}`).count(), 0);
  });

  test('a visit planned in the job page shows in the measurer’s week; reports chart it and export it; dates in the app’s language', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.evaluate(() => window.localStorage.setItem('sb.language', 'en'));
    const jobId = await newJob('Визит Календарный', 'Сатпаева 22');
    assert.equal((await world.admin.post(`/api/dispatch/jobs/${jobId}/assign`, { measurer_id: crew.measurer.member.id })).status, 200);
    // The 15th of next month, 10:00 in the business's zone (the default Asia/Almaty, UTC+5; the browser is on UTC),
    // picked in the job page's date-time picker.
    const now = new Date();
    const visitDay = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 15, 5, 0));
    await page.goto(`${app.url}/dispatch?job=${jobId}`);
    const visit = page.getByTestId('job-visit');
    await visit.getByRole('button', { name: 'Visit starts' }).click();
    await page.getByRole('button', { name: 'Next month' }).click();
    await page.locator('[data-dates-dropdown] button:not([data-outside])').getByText('15', { exact: true }).click();
    await page.getByRole('spinbutton', { name: 'Hours' }).fill('10');
    await page.getByRole('spinbutton', { name: 'Minutes' }).fill('00');
    await page.getByRole('button', { name: 'Confirm the time' }).click();
    await visit.getByRole('textbox', { name: 'Duration, minutes' }).fill('90');
    await visit.getByRole('button', { name: 'Save the visit' }).click();
    await visit.getByRole('status').getByText('Visit saved').waitFor();
    const saved = (await world.admin.get(`/api/dispatch/jobs/${jobId}`)).body;
    assert.equal(saved.planned_at, visitDay.toISOString());
    assert.equal(saved.duration_minutes, 90);

    // The measurer's week holds it; a second job at an overlapping time is refused in the page, naming the first.
    const other = await newJob('Второй Визит', 'Абая 3');
    assert.equal((await world.admin.post(`/api/dispatch/jobs/${other}/assign`, { measurer_id: crew.measurer.member.id })).status, 200);
    const day = visitDay.toISOString().slice(0, 10);
    await page.goto(`${app.url}/dispatch?tab=calendar&measurer=${crew.measurer.member.id}&date=${day}`);
    const week = page.getByTestId(`day-${day}`);
    await week
      .getByTestId(`visit-${jobId}`)
      .getByText('10:00 AM–11:30 AM · #' + jobId)
      .waitFor();
    await page.getByRole('button', { name: 'Create a new link' }).click();
    const feed = await page.getByTestId('feed-url').inputValue();
    assert.match(feed, /\/api\/dispatch\/calendar\/cal_[\w-]+\.ics$/);
    const ics = await page.request.get(feed);
    assert.equal(ics.status(), 200);
    assert.match(await ics.text(), new RegExp(`Визит Календарный`));
    await page.getByTestId('calendar-zone').getByText('Asia/Almaty').waitFor();
    await week.getByTestId(`visit-${jobId}`).click();
    await page.getByTestId('job-drawer').getByText('Сатпаева 22').waitFor();

    // An office in another zone (a browser on Los Angeles time, UTC−8) sees the same 10:00: the business's time.
    const away = await launchChromium({ timezoneId: 'America/Los_Angeles' });
    try {
      const abroad = await away.context.newPage();
      abroad.setDefaultTimeout(30_000);
      await signIn(abroad, app.url);
      await abroad.evaluate(() => window.localStorage.setItem('sb.language', 'en'));
      assert.equal(await abroad.evaluate(() => new Date('2026-01-01T00:00:00Z').getHours()), 16, 'the browser is on Los Angeles time');
      await abroad.goto(`${app.url}/dispatch?tab=calendar&measurer=${crew.measurer.member.id}&date=${day}&job=${jobId}`);
      await abroad
        .getByTestId(`day-${day}`)
        .getByTestId(`visit-${jobId}`)
        .getByText('10:00 AM–11:30 AM · #' + jobId)
        .waitFor();
      const drawer = abroad.getByTestId('job-drawer');
      await drawer.getByText(/10:00 AM · 90 min/).waitFor();
      assert.match((await drawer.getByRole('button', { name: 'Visit starts' }).textContent()) ?? '', /10:00/);
      await abroad.screenshot({ path: artifactPath('dispatch-calendar-los-angeles-en.png') });
    } finally {
      await away.close();
    }

    const planned = await world.admin.put(`/api/dispatch/jobs/${other}/visit`, {
      planned_at: new Date(visitDay.getTime() + 3_600_000).toISOString(),
    });
    assert.equal(planned.status, 409);

    // Completed jobs make the report: the chart, the figures, the export for the same period.
    await world.admin.post(`/api/dispatch/jobs/${jobId}/state`, { status: 'in_progress' });
    assert.equal((await world.admin.post(`/api/dispatch/jobs/${jobId}/state`, { status: 'completed' })).status, 200);
    await page.goto(`${app.url}/dispatch?tab=reports&period=day`);
    const figures = page.getByTestId('stats-table');
    await figures.getByRole('row', { name: /Ерлан/ }).getByRole('cell', { name: '1', exact: true }).first().waitFor();
    await page.getByTestId('stats-chart').getByText('Ерлан').waitFor();
    const csv = await page.request.get(`${app.url}${await page.getByTestId('export-csv').getAttribute('href')}`);
    assert.equal(csv.status(), 200);
    assert.match(await csv.text(), /Визит Календарный/);
    const xlsx = await page.request.get(`${app.url}${await page.getByTestId('export-xlsx').getAttribute('href')}`);
    assert.equal(xlsx.status(), 200);
    assert.equal((await xlsx.body()).subarray(0, 2).toString(), 'PK');

    // A Russian UI in an en-US browser writes days the Russian way, not mm/dd/yyyy.
    await page.evaluate(() => window.localStorage.setItem('sb.language', 'ru'));
    await page.goto(`${app.url}/dispatch?from=2026-03-05&to=2026-03-20`);
    assert.equal(await page.getByTestId('filter-from').inputValue(), '05.03.2026');
    await page.evaluate(() => window.localStorage.setItem('sb.language', 'en'));
    await page.reload();
    assert.equal(await page.getByTestId('filter-from').inputValue(), '05 Mar 2026');
  });

  test('the board in Russian and English, light and dark, on a desktop and a 390 px phone', async () => {
    await newJob('Болат Сериков', 'Кабанбай батыра 53, офис 12');
    const waiting = await newJob('Dana Smith', 'Tole bi 101');
    await world.admin.post(`/api/dispatch/jobs/${waiting}/assign`, { measurer_id: crew.measurer.member.id });
    const visitDay = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    assert.equal((await world.admin.put(`/api/dispatch/jobs/${waiting}/visit`, { planned_at: `${visitDay}T09:30:00Z` })).status, 200);
    const found: string[] = [];
    await inEveryLook(page, async ({ viewport, language, theme }) => {
      for (const tab of [
        '',
        '?tab=crew',
        '?tab=amocrm',
        `?tab=calendar&measurer=${crew.measurer.member.id}&date=${visitDay}`,
        '?tab=reports',
      ]) {
        await page.goto(`${app.url}/dispatch${tab}`);
        await page.getByRole('tab', { selected: true }).waitFor();
        if (tab === '') await page.getByTestId(`job-${waiting}`).waitFor();
        if (tab === '?tab=crew') await page.getByRole('table').waitFor();
        if (tab === '?tab=amocrm') await page.getByTestId('amocrm-state').waitFor();
        if (tab.startsWith('?tab=calendar')) await page.locator('[data-testid^="visit-"]').first().waitFor();
        if (tab === '?tab=reports') await page.getByTestId('stats-chart').waitFor();
        const name = `dispatch${tab ? `-${tab.slice(5).split('&')[0]}` : ''}-${viewport.width}-${language}-${theme}`;
        await page.screenshot({ path: artifactPath(`${name}.png`), fullPage: true });
        for (const problem of await layoutProblems(page)) found.push(`${name}: ${problem}`);
      }
    });
    assert.deepEqual(found, []);
  });
});
