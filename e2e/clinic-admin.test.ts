// The clinic admin in a real browser (issue 21, "Proof"): an admin creates a branch, a service with a price in
// tenge and tiyn, a doctor and weekly hours on the pages; the new hours give free slots in the bot API, where a
// patient registers and books; the patient page, the records page and the Payments tab show them.
// Screenshots in Russian and English, light and dark, at 1440 and 390 px, checked for layout problems.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { signInWithToken, type ApiClient } from '../server/src/testing/api-client.ts';
import { makeIin } from '../server/src/apps/clinic/iin.ts';
import { acquireBrowserLock, startE2eApp, testAdmin, type E2eApp } from './support/app.ts';
import { artifactPath, browserSkipReason, launchChromium, type LaunchedBrowser } from './support/browser.ts';
import { inEveryLook, layoutProblems } from './support/layout.ts';
import { signIn } from './support/pages.ts';

const secret = 'clinic-admin-e2e-integration-secret';
const weekdays = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** A week from today in Almaty (the clinic's default time zone), and its ISO weekday. */
function dayNextWeek() {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Almaty' }).format(new Date(Date.now() + 7 * 86_400_000));
  const weekday = ((new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;
  return { day, weekday };
}

async function choose(page: Page, label: string, option: string) {
  await page.getByRole('combobox', { name: label, exact: true }).first().click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe('clinic admin (browser)', { skip: browserSkipReason() }, () => {
  let release: () => void;
  let app: E2eApp;
  let browser: LaunchedBrowser;
  let page: Page;
  let admin: ApiClient;
  const bot = (method: string, path: string, body?: unknown) =>
    fetch(`${app.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${secret}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    }).then(async (response) => ({ status: response.status, body: (await response.json()) as any }));

  before(
    async () => {
      release = await acquireBrowserLock();
      app = await startE2eApp();
      admin = await signInWithToken(app.url, testAdmin);
      assert.equal((await admin.post('/api/clinic/integrations', { name: 'e2e bot', secret })).status, 201);
      browser = await launchChromium();
      page = await browser.context.newPage();
      page.setDefaultTimeout(30_000);
      await signIn(page, app.url);
      await page.evaluate(() => window.localStorage.setItem('sb.language', 'en'));
    },
    { timeout: 40 * 60_000 },
  );
  after(async () => {
    await browser?.close();
    await app?.stop();
    release?.();
  });

  test('branch, service, doctor and hours made on the pages give a slot; the patient page, records and payments show the visit', async () => {
    const { day, weekday } = dayNextWeek();
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${app.url}/clinic/admin`);
    await page.getByRole('heading', { name: 'Clinic settings' }).waitFor();

    await page.getByLabel('Code').fill('south');
    await page.getByLabel('Name (Russian)').fill('Южный филиал');
    await page.getByLabel('Name (Kazakh)').fill('Оңтүстік филиал');
    await page.getByLabel('Address').fill('Алматы, Аль-Фараби 77');
    await page.getByRole('button', { name: 'Add' }).click();
    await page.getByRole('table', { name: 'Branches' }).getByText('Южный филиал').waitFor();

    await page.getByRole('tab', { name: 'Services and prices' }).click();
    await choose(page, 'Branch', 'Южный филиал');
    await page.getByLabel('Code').fill('mrt');
    await page.getByLabel('Name (Russian)').fill('МРТ');
    await page.getByLabel('Name (Kazakh)').fill('МРТ');
    await page.getByLabel('Duration, min').fill('60');
    await page.getByLabel('Price, ₸').fill('abc');
    await page.getByText('A price in tenge, such as 8000 or 8000,50').waitFor();
    await page.getByLabel('Price, ₸').fill('25000,50');
    await page.getByRole('button', { name: 'Add' }).click();
    await page.getByRole('table', { name: 'Services and prices' }).getByText('25,000.50 ₸').waitFor();

    await page.getByRole('tab', { name: 'Doctors', exact: true }).click();
    await page.getByLabel('Code').fill('nurlanov');
    await page.getByLabel('Full name').fill('Нурланов Асхат');
    await page.getByLabel('Specialty').fill('Рентгенолог');
    await page.getByRole('combobox', { name: 'Services', exact: true }).click({ force: true });
    await page.getByRole('option', { name: 'МРТ (Южный филиал)' }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Add' }).click();
    await page.getByRole('table', { name: 'Doctors' }).getByText('Нурланов Асхат').waitFor();

    await page.getByRole('tab', { name: 'Hours and days off' }).click();
    await choose(page, 'Doctor', 'Нурланов Асхат');
    await choose(page, 'Branch', 'Южный филиал');
    await choose(page, 'Day of the week', weekdays[weekday]!);
    await page.getByLabel('From', { exact: true }).fill('09:00');
    await page.getByLabel('To', { exact: true }).fill('12:00');
    await page.getByLabel('Break from').fill('10:00');
    await page.getByLabel('Break to').fill('11:00');
    await page.getByRole('button', { name: 'Add' }).first().click();
    await page.getByRole('table', { name: 'Hours' }).getByText('09:00–12:00').waitFor();
    // The same hours again overlap: the server refuses them and the page says why.
    await choose(page, 'Day of the week', weekdays[weekday]!);
    await page.getByLabel('From', { exact: true }).fill('11:30');
    await page.getByLabel('To', { exact: true }).fill('13:00');
    await page.getByLabel('Break from').fill('');
    await page.getByLabel('Break to').fill('');
    await page.getByRole('button', { name: 'Add' }).first().click();
    await page
      .getByRole('alert')
      .getByText(/these hours overlap schedule \d+/)
      .waitFor();

    // The bot API offers the new hours: 09:00 and 11:00 local (04:00Z and 06:00Z), nothing across the break.
    const branch = (await bot('GET', '/api/bot/branches/')).body.results.find((each: { code: string }) => each.code === 'south');
    const service = (await bot('GET', `/api/bot/services/?branch_id=${branch.id}`)).body.results[0];
    const doctor = (await bot('GET', `/api/bot/doctors/?service_id=${service.id}&date=${day}`)).body.results[0];
    assert.equal(doctor.full_name, 'Нурланов Асхат');
    const slots = await bot('GET', `/api/bot/slots/?doctor_id=${doctor.id}&date=${day}&service_id=${service.id}`);
    assert.deepEqual(
      slots.body.results.map((slot: { starts_at: string }) => slot.starts_at),
      [`${day}T04:00:00.000Z`, `${day}T06:00:00.000Z`],
    );
    const patient = await bot('POST', '/api/bot/patient/upsert/', {
      telegram_user_id: '700100',
      iin: makeIin('1988-07-15', 'F'),
      first_name: 'Гульнара',
      last_name: 'Омарова',
      phone: '+7 701 555 12 34',
      birth_date: '1988-07-15',
      sex: 'F',
      language: 'ru',
      consents: { personal_data: true, medical: true, marketing: false },
    });
    assert.equal(patient.status, 201, JSON.stringify(patient.body));
    const booked = await bot('POST', '/api/bot/appointments/', {
      telegram_user_id: '700100',
      service_id: service.id,
      doctor_id: doctor.id,
      starts_at: `${day}T04:00:00.000Z`,
    });
    assert.equal(booked.status, 201, JSON.stringify(booked.body));

    // The doctor now has a visit: deleting is refused with the appointment named.
    await page.getByRole('tab', { name: 'Doctors', exact: true }).click();
    await page.getByRole('table', { name: 'Doctors' }).getByRole('button', { name: 'Delete' }).click();
    await page
      .getByRole('alert')
      .getByText(new RegExp(`1 future appointment\\(s\\): №${booked.body.id} on ${day} 09:00 \\(Омарова Гульнара\\)`))
      .waitFor();

    // The records page finds the patient (IIN masked) and opens the patient page.
    await page.goto(`${app.url}/clinic/records`);
    await page.getByLabel('Find a patient (name or phone)').fill('Омарова');
    const row = page.getByRole('row').filter({ hasText: 'Омарова Гульнара' });
    await row.getByText('********').waitFor();
    await row.getByRole('link', { name: 'Patient page' }).click();
    await page.getByRole('heading', { name: 'Омарова Гульнара' }).waitFor();
    assert.match((await page.getByTestId('patient-iin').textContent()) ?? '', /^\*{8}\d{4}$/);
    await page.getByRole('table', { name: 'Appointments' }).getByText('Нурланов Асхат').waitFor();
    await page.getByTestId('patient-visits').getByText(/09:00/).waitFor(); // clinic time, not the browser's
    await page.getByTestId('patient-balance').getByText('0.00 ₸').waitFor();

    await page.goto(`${app.url}/clinic?tab=payments`);
    await page.getByRole('tab', { name: 'Payments', selected: true }).waitFor();
    await page.getByText('No invoices.').waitFor();

    const patientId = patient.body.id as number;
    const found: string[] = [];
    await inEveryLook(page, async ({ viewport, language, theme }) => {
      for (const [name, path] of [
        ['admin-services', '/clinic/admin?tab=services'],
        ['admin-schedules', '/clinic/admin?tab=schedules'],
        ['admin-provider', '/clinic/admin?tab=provider'],
        ['patient', `/clinic/patients/${patientId}`],
        ['records', '/clinic/records'],
        ['payments', '/clinic?tab=payments'],
      ] as const) {
        await page.goto(`${app.url}${path}`);
        if (name === 'patient')
          for (const id of ['patient-balance', 'patient-visits', 'patient-audit'])
            await page.getByTestId(id).getByText(/./).first().waitFor();
        else await page.getByRole('tab', { selected: true }).waitFor();
        if (name.startsWith('admin-') && name !== 'admin-provider') await page.getByRole('table').first().waitFor();
        const file = `clinic-${name}-${viewport.width}-${language}-${theme}`;
        await page.screenshot({ path: artifactPath(`${file}.png`), fullPage: true });
        for (const problem of await layoutProblems(page)) found.push(`${file}: ${problem}`);
      }
    });
    assert.deepEqual(found, []);
  });
});
