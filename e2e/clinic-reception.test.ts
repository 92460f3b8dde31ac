// Reception in real browsers (issue 20 "Proof"): the day's appointments, an arrival marked in one browser
// showing in a second one, and a CSV import refused with its line numbers. Screenshots in Russian and
// English, light and dark, desktop and a 390 px phone.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { importClinic } from '../server/src/apps/clinic/clinic.fixture.ts';
import { makeIin } from '../server/src/apps/clinic/iin.ts';
import { signInWithToken } from '../server/src/testing/api-client.ts';
import { acquireBrowserLock, startE2eApp, testAdmin, type E2eApp } from './support/app.ts';
import { artifactPath, browserSkipReason, launchChromium, type LaunchedBrowser } from './support/browser.ts';
import { inEveryLook, layoutProblems } from './support/layout.ts';
import { signIn } from './support/pages.ts';

const secret = 'reception-e2e-shared-secret-0123456789';
/** Today in the clinic's time zone (Asia/Almaty, UTC+5 all year). */
const almatyToday = () => new Date(Date.now() + 5 * 3_600_000).toISOString().slice(0, 10);
const atAlmaty = (day: string, time: string) => new Date(`${day}T${time}:00+05:00`);

describe('clinic reception (browser)', { skip: browserSkipReason() }, () => {
  let release: () => void;
  let app: E2eApp;
  let first: LaunchedBrowser;
  let second: LaunchedBrowser;
  let page: Page;
  let watcher: Page;

  before(
    async () => {
      release = await acquireBrowserLock();
      app = await startE2eApp({ TELEGRAM_BOT_API_SECRET: secret });
      const admin = await signInWithToken(app.url, testAdmin);
      await importClinic(admin);
      const catalogue = (await admin.get('/api/clinic/catalogue')).body;
      const service = catalogue.services.find((each: { code: string; branch_id: number }) => each.code === 'therapist');
      const doctor = catalogue.doctors.find((each: { code: string }) => each.code === 'ivanova');
      const people = [
        { first: 'Айгерим', last: 'Ахметова', birth: '1990-03-15', sex: 'F' as const, at: '10:00' },
        { first: 'Болат', last: 'Сериков', birth: '1975-07-01', sex: 'M' as const, at: '10:30' },
        { first: 'Dana', last: 'Smith', birth: '1988-12-24', sex: 'F' as const, at: '12:00' },
      ];
      const day = almatyToday();
      for (const [index, person] of people.entries()) {
        const saved = await fetch(`${app.url}/api/bot/patient/upsert/`, {
          method: 'POST',
          headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            telegram_user_id: String(9_000 + index),
            iin: makeIin(person.birth, person.sex, 500 + index),
            first_name: person.first,
            last_name: person.last,
            phone: `+7701555000${index}`,
            birth_date: person.birth,
            sex: person.sex,
            consents: { personal_data: true, medical: true },
          }),
        });
        assert.equal(saved.status, 201);
        const patient = (await saved.json()) as { id: number };
        // Today's visits at fixed clinic times, whatever weekday the test runs on: written as reception would find them.
        const startsAt = atAlmaty(day, person.at);
        await sql`INSERT INTO clinic_appointments (patient_id, doctor_id, branch_id, service_id, starts_at, ends_at, source)
          VALUES (${patient.id}, ${doctor.id}, ${service.branch_id}, ${service.id}, ${startsAt}, ${new Date(startsAt.getTime() + 30 * 60_000)}, 'staff')`.execute(
          app.server.switchboard.database.db,
        );
      }
      first = await launchChromium();
      second = await launchChromium();
      page = await first.context.newPage();
      watcher = await second.context.newPage();
      for (const each of [page, watcher]) {
        each.setDefaultTimeout(30_000);
        await signIn(each, app.url);
        await each.evaluate(() => window.localStorage.setItem('sb.language', 'en'));
      }
    },
    { timeout: 40 * 60_000 },
  );
  after(async () => {
    await first?.close();
    await second?.close();
    await app?.stop();
    release?.();
  });

  test("the day's list; an arrival marked in one browser shows in the other", async () => {
    await page.goto(`${app.url}/clinic`);
    await watcher.goto(`${app.url}/clinic`);
    const table = page.getByRole('table', { name: 'Appointments' });
    for (const name of ['Ахметова Айгерим', 'Сериков Болат', 'Smith Dana']) await table.getByText(name).waitFor();
    const row = table.locator('tr', { hasText: 'Ахметова Айгерим' });
    await row.getByRole('button', { name: 'Arrived' }).click();
    await page.locator('tr[data-status="arrived"]', { hasText: 'Ахметова Айгерим' }).waitFor();
    // The second browser refreshes on its own: no reload.
    await watcher.locator('tr[data-status="arrived"]', { hasText: 'Ахметова Айгерим' }).getByText('Arrived').waitFor();
    assert.equal(await watcher.locator('tr[data-status="booked"]').count(), 2);
  });

  test('a CSV import is refused whole, with its line numbers', async () => {
    await page.goto(`${app.url}/clinic?tab=import`);
    await page.getByRole('combobox', { name: 'What the file holds' }).click();
    await page.getByRole('option', { name: 'Services' }).click();
    await page.locator('input[type=file]').setInputFiles({
      name: 'services.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('branch_code,code,name_ru,name_kk,duration_minutes,price\ncentral,x,X,X,0,-5\nnowhere,y,Y,Y,30,100\n'),
    });
    await page.getByRole('button', { name: 'Import' }).click();
    const alert = page.getByRole('alert').filter({ hasText: /line 2/ });
    await alert.waitFor();
    assert.match((await alert.textContent()) ?? '', /line 2: duration_minutes[\s\S]*line 2: price/);
    await page.screenshot({ path: artifactPath('clinic-import-error-en-light.png'), fullPage: true });
  });

  test('reception in Russian and English, light and dark, on a desktop and a 390 px phone', async () => {
    const found: string[] = [];
    await inEveryLook(page, async ({ viewport, language, theme }) => {
      await page.goto(`${app.url}/clinic`);
      await page.locator('tr[data-status="arrived"]').waitFor();
      const name = `clinic-reception-${viewport.width}-${language}-${theme}`;
      await page.screenshot({ path: artifactPath(`${name}.png`), fullPage: true });
      for (const problem of await layoutProblems(page)) found.push(`${name}: ${problem}`);
    });
    assert.deepEqual(found, []);
  });
});
