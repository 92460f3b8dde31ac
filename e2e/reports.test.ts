// The reports page in a real browser (issue 26): a small data set built through the Bot API simulator and the API,
// the page's figures checked against GET /api/reports/overview for the same period, the grouping switched, the CSV
// downloaded; screenshots in Russian and English, light and dark, on a desktop and a 390 px phone.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { signInWithToken, type ApiClient } from '../server/src/testing/api-client.ts';
import { acquireBrowserLock, eventually, startE2eApp, testAdmin, type E2eApp } from './support/app.ts';
import { artifactPath, browserSkipReason, launchChromium, type LaunchedBrowser } from './support/browser.ts';
import { inEveryLook, layoutProblems } from './support/layout.ts';
import { signIn } from './support/pages.ts';

/** The page's English durations, written here again so the test does not read them through the page's own code. */
function duration(seconds: number | null): string {
  if (seconds === null) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return `${Math.floor(s / 86_400)} d ${Math.floor((s % 86_400) / 3600)} h`;
}

describe('reports page (browser)', { skip: browserSkipReason() }, () => {
  let release: () => void;
  let app: E2eApp;
  let admin: ApiClient;
  let browser: LaunchedBrowser;
  let page: Page;
  const visited: string[] = [];

  async function customerSays(user: { id: number }, text: string): Promise<number> {
    app.sim.sendText(app.bot.token, { from: user.id, text });
    const message = await eventually(
      async () => (await admin.get('/api/messages/?limit=200')).body.results.find((item: any) => item.text === text),
      60_000,
      `the customer's "${text}"`,
    );
    return message.chat_id;
  }

  before(
    async () => {
      release = await acquireBrowserLock();
      app = await startE2eApp();
      admin = await signInWithToken(app.url, testAdmin);
      assert.equal((await admin.put('/api/inbox/policy', { auto_assign: false, operators_see_unassigned: false })).status, 200);
      const olga = (
        await admin.post('/api/operators', { name: 'Olga', email: 'olga@example.com', password: 'password-olga-1', max_chats: 9 })
      ).body.id;
      const operator = await signInWithToken(app.url, { email: 'olga@example.com', password: 'password-olga-1' });
      const label = (await admin.post('/api/labels', { name: 'Delivery', color: 'teal' })).body.id;
      // Olga answers and resolves two; the admin answers one; one waits unanswered in the queue.
      for (const [name, text] of [
        ['Anna', 'where is my parcel?'],
        ['Boris', 'invoice please'],
      ] as const) {
        const chat = await customerSays(app.sim.createUser({ first_name: name }), text);
        await admin.post(`/api/chats/${chat}/assign`, { operator_id: olga });
        await admin.put(`/api/chats/${chat}/labels`, { label_ids: [label] });
        assert.equal((await operator.post(`/api/chats/${chat}/messages`, { text: `answer to ${name}` })).status, 201);
        assert.equal((await operator.post(`/api/chats/${chat}/resolve`)).status, 200);
      }
      const clara = await customerSays(app.sim.createUser({ first_name: 'Clara' }), 'opening hours?');
      assert.equal((await admin.post(`/api/chats/${clara}/messages`, { text: '9 to 18' })).status, 201);
      await customerSays(app.sim.createUser({ first_name: 'Dmitry' }), 'hello? anyone?');
      browser = await launchChromium();
      page = await browser.context.newPage();
      page.setDefaultTimeout(30_000);
      page.on('framenavigated', (frame) => {
        if (frame === page.mainFrame()) visited.push(frame.url());
      });
      await signIn(page, app.url);
    },
    { timeout: 20 * 60_000 },
  );
  after(async () => {
    await browser?.close();
    await app?.stop();
    release?.();
  });

  /**
   * The report the page shows, read from the API with the page's own query (its CSV link's), once the link is for
   * `groupBy`: the address changes a moment before the page renders the new grouping.
   */
  async function apiReport(groupBy: string): Promise<any> {
    const link = page.getByTestId('report-csv');
    const href = await eventually(
      async () => ((await link.getAttribute('href')) ?? '').includes(`group_by=${groupBy}&`) && (await link.getAttribute('href')),
      30_000,
      `the CSV link for ${groupBy}`,
    );
    return (await admin.get(href.replace('format=csv', 'format=json'))).body;
  }

  async function assertTableMatches(report: any) {
    const rows = page.getByTestId('report-row');
    await eventually(async () => (await rows.count()) === report.groups.length || undefined, 30_000, 'the table rows').catch(
      async (error: Error) => {
        await page.screenshot({ path: artifactPath(`reports-failed-${report.group_by}.png`), fullPage: true });
        throw new Error(
          `${error.message}: ${await rows.count()} rows at ${page.url()} (visited ${visited.join(' ')}), ${report.groups.length} groups in ${JSON.stringify(report.groups)}`,
        );
      },
    );
    for (const group of report.groups) {
      const row = page.locator(`[data-testid="report-row"][data-key="${group.key ?? ''}"]`);
      const cell = (name: string) => row.locator(`[data-cell="${name}"]`).innerText();
      assert.equal(await cell('opened'), String(group.opened), `opened of ${group.name}`);
      assert.equal(await cell('resolved'), String(group.resolved), `resolved of ${group.name}`);
      assert.equal(await cell('first_response_median'), duration(group.first_response.median_seconds));
      assert.equal(await cell('first_response_p90'), duration(group.first_response.p90_seconds));
      assert.equal(await cell('resolution_median'), duration(group.resolution.median_seconds));
      assert.equal(await cell('resolution_p90'), duration(group.resolution.p90_seconds));
      if (group.key !== null) assert.equal(await cell('name'), group.name);
    }
  }

  test('the page shows the API’s figures; grouping switches; the CSV downloads', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.evaluate(() => window.localStorage.setItem('sb.language', 'en'));
    await page.goto(`${app.url}/inbox`);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Reports' }).click();
    await page.waitForURL('**/reports');
    await page.getByTestId('report-period').getByText('Today').click();
    await page.getByTestId('total-opened').waitFor();
    const report = await apiReport('operator');
    assert.equal(report.group_by, 'operator');
    assert.equal(report.totals.opened, 4, 'the data set opened four conversations');
    assert.equal(report.totals.resolved, 2);
    assert.equal(await page.getByTestId('total-opened').innerText(), String(report.totals.opened));
    assert.equal(await page.getByTestId('total-resolved').innerText(), String(report.totals.resolved));
    assert.equal(await page.getByTestId('total-first-response-median').innerText(), duration(report.totals.first_response.median_seconds));
    assert.equal(await page.getByTestId('total-first-response-p90').innerText(), duration(report.totals.first_response.p90_seconds));
    assert.equal(await page.getByTestId('total-resolution-median').innerText(), duration(report.totals.resolution.median_seconds));
    await assertTableMatches(report);
    assert.ok(report.groups.some((group: any) => group.name === 'Olga'));
    // The chart over time: one row per day with its opened and resolved.
    for (const day of report.days) {
      const row = page.getByTestId('chart-days').locator(`[data-day="${day.day}"]`);
      assert.equal(await row.locator('[data-figure="opened"]').innerText(), String(day.opened));
      assert.equal(await row.locator('[data-figure="resolved"]').innerText(), String(day.resolved));
    }
    // The queue now: Dmitry waits, nobody holds him.
    assert.equal(await page.getByTestId('queue-waiting').innerText(), String(report.queue.waiting));
    assert.equal(report.queue.waiting, 1);
    await page.getByTestId('queue-row').getByText('Dmitry').waitFor();

    // By label, then by hour of day: the table follows, the hours chart holds the opened per hour.
    await page.getByTestId('report-group').getByRole('button', { name: 'Label' }).click();
    await page.waitForURL('**group=label**');
    const byLabel = await apiReport('label');
    assert.equal(byLabel.group_by, 'label');
    assert.deepEqual(
      byLabel.groups.map((group: any) => [group.name, group.opened]),
      [
        ['Delivery', 2],
        ['', 2],
      ],
    );
    await assertTableMatches(byLabel);
    await page.getByTestId('report-group').getByRole('button', { name: 'Hour of day' }).click();
    await page.waitForURL('**group=hour**');
    const byHour = await apiReport('hour');
    await assertTableMatches(byHour);
    for (const group of byHour.groups)
      assert.equal(
        await page.getByTestId('chart-hours').locator(`[data-hour="${group.key}"]`).getAttribute('data-opened'),
        String(group.opened),
      );

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-csv').click()]);
    assert.match(download.suggestedFilename(), /^report-.*-hour\.csv$/);
    const csv = fs
      .readFileSync((await download.path())!, 'utf8')
      .trimEnd()
      .split('\r\n');
    assert.match(csv[0]!, /^group,key,name,opened,resolved,/);
    assert.equal(csv[1], `total,,,${byHour.totals.opened},${byHour.totals.resolved},${csv[1]!.split(',').slice(5).join(',')}`);
    assert.equal(csv.length, 2 + byHour.groups.length);
  });

  test('the page in Russian and English, light and dark, on a desktop and a 390 px phone', async () => {
    const found: string[] = [];
    await inEveryLook(page, async ({ viewport, language, theme }) => {
      await page.goto(`${app.url}/reports?period=today&group=operator`);
      await page.getByTestId('report-table').waitFor();
      await page.getByTestId('chart-hours').waitFor();
      const name = `reports-${viewport.width}-${language}-${theme}`;
      await page.screenshot({ path: artifactPath(`${name}.png`), fullPage: true });
      for (const problem of await layoutProblems(page)) found.push(`${name}: ${problem}`);
    });
    assert.deepEqual(found, []);
  });
});
