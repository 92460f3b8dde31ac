import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import { sql } from 'kysely';
import { signInWithToken, type ApiClient } from '../../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../../testing/harness.ts';
import { eventually } from '../../testing/ws-client.ts';
import { botSays, buttons, clinicCsv, importClinic, registerByBot } from './clinic.fixture.ts';
import { makeIin } from './iin.ts';
import { createClinicApp, type ClinicHandles } from './index.ts';

// Monday 4 March 2030, 08:00 in Almaty (UTC+5).
const monday0800 = Date.parse('2030-03-04T03:00:00Z');

for (const engine of testEngines()) {
  describe(`clinic assistant on ${engine}`, () => {
    let sim: Simulator;
    let server: TestServer;
    let admin: ApiClient;
    let token: string;
    let handles: ClinicHandles;
    let clockMs = monday0800;
    const clock = () => new Date(clockMs);
    let says: ReturnType<typeof botSays>;
    const db = () => server.switchboard.database.db;

    before(async () => {
      sim = await startTelegramSimulator({ timeScale: 10 });
      token = sim.createBot({ username: 'clinic_bot' }).token;
      const clinic = createClinicApp({ clock, expose: (exposed) => void (handles = exposed) });
      server = await startTestServer(engine, { TELEGRAM_API_ROOT: sim.apiRoot }, undefined, { apps: [clinic], clock });
      admin = await signInWithToken(server.url, testAdmin);
      await server.switchboard.registry.create({
        kind: 'telegram_bot',
        name: 'Clinic',
        token,
        intakeMode: 'polling',
        settings: { apps: ['clinic'] },
      });
      says = botSays(sim, token);
    });
    after(async () => {
      await server?.stop();
      await sim?.stop();
    });

    test('the CSV import refuses a bad file whole, with its lines, and takes good ones', async () => {
      const bad = await admin.post('/api/clinic/import/services', {
        csv: `${clinicCsv.services}central,x,X,X,0,-5\nnowhere,y,Y,Y,30,100\n`,
      });
      assert.equal(bad.status, 422);
      assert.equal(bad.body.error.code, 'import_invalid');
      assert.match(bad.body.error.message, /line 5: duration_minutes/);
      assert.match(bad.body.error.message, /line 5: price/);
      const unknownBranch = await admin.post('/api/clinic/import/services', {
        csv: 'branch_code,code,name_ru,name_kk,duration_minutes,price\nnowhere,y,Y,Y,30,100\n',
      });
      assert.equal(unknownBranch.status, 422);
      assert.match(unknownBranch.body.error.message, /line 2: there is no branch with code "nowhere"/);
      assert.equal((await admin.post('/api/clinic/import/branches', { csv: 'code,name_ru\n"unclosed' })).status, 422);
      assert.equal((await admin.post('/api/clinic/import/nurses', { csv: 'a' })).status, 400);
      assert.equal(
        (await sql<{ n: number }>`SELECT count(*)::int AS n FROM clinic_services`.execute(db())).rows[0]!.n,
        0,
        'nothing half-written',
      );
      await importClinic(admin);
      const catalogue = (await admin.get('/api/clinic/catalogue')).body;
      assert.deepEqual(
        [
          catalogue.branches.length,
          catalogue.services.length,
          catalogue.doctors.length,
          catalogue.schedules.length,
          catalogue.exceptions.length,
        ],
        [2, 3, 2, 10, 2],
      );
      // Importing again updates rather than duplicates.
      await importClinic(admin);
      assert.equal((await admin.get('/api/clinic/catalogue')).body.schedules.length, 10);
    });

    test('registration in Russian refuses wrong IINs precisely, then registers; the IIN is stored sealed', async () => {
      const user = sim.createUser({ first_name: 'Айгерим', language_code: 'ru' });
      sim.sendText(token, { from: user.id, text: '/start' });
      const languages = await says(user.id, /Выберите язык \/ Тілді таңдаңыз/);
      assert.deepEqual(buttons(languages), ['Русский', 'Қазақша']);
      sim.pressButton(token, { from: user.id, message_id: languages.message_id, text: 'Русский' });
      await says(user.id, /Как вас зовут/);
      sim.sendText(token, { from: user.id, text: '12345' });
      await says(user.id, /Напишите буквами/);
      sim.sendText(token, { from: user.id, text: 'Айгерим' });
      await says(user.id, /фамилию/);
      sim.sendText(token, { from: user.id, text: 'Нурланова' });
      await says(user.id, /отчество/);
      sim.sendText(token, { from: user.id, text: 'Болатовна' });
      await says(user.id, /Поделитесь номером/);
      sim.sendText(token, { from: user.id, text: 'позвоните мне' });
      await says(user.id, /Не похоже на номер телефона/);
      sim.sendText(token, { from: user.id, text: '8 (701) 555-12-34' });
      await says(user.id, /дату рождения/);
      sim.sendText(token, { from: user.id, text: '31.02.1990' });
      await says(user.id, /Такой даты нет/);
      sim.sendText(token, { from: user.id, text: '15.03.1990' });
      const sex = await says(user.id, /Укажите пол/);
      sim.pressButton(token, { from: user.id, message_id: sex.message_id, text: 'Женский' });
      await says(user.id, /Напишите ИИН/);
      const iin = makeIin('1990-03-15', 'F', 4321);
      sim.sendText(token, { from: user.id, text: '9003154' });
      await says(user.id, /ровно 12 цифр, а в вашем — 7/);
      sim.sendText(token, { from: user.id, text: `${iin.slice(0, 11)}${(Number(iin[11]) + 1) % 10}` });
      await says(user.id, /Контрольная цифра ИИН не сходится/);
      sim.sendText(token, { from: user.id, text: makeIin('1990-03-16', 'F') });
      await says(user.id, /ИИН указывает дату рождения 16\.03\.1990, а вы указали 15\.03\.1990/);
      sim.sendText(token, { from: user.id, text: makeIin('1990-03-15', 'M') });
      await says(user.id, /ИИН указывает другой пол/);
      sim.sendText(token, { from: user.id, text: iin });
      const personal = await says(user.id, /персональных данных/);
      sim.pressButton(token, { from: user.id, message_id: personal.message_id, text: '❌ Не согласен(на)' });
      await says(user.id, /Без этого согласия мы не можем записать вас/);
      sim.pressButton(token, { from: user.id, message_id: personal.message_id, text: '✅ Согласен(на)' });
      const medical = await says(user.id, /медицинское вмешательство/);
      sim.pressButton(token, { from: user.id, message_id: medical.message_id, text: '✅ Согласен(на)' });
      const marketing = await says(user.id, /новости и акции/);
      sim.pressButton(token, { from: user.id, message_id: marketing.message_id, text: '❌ Не согласен(на)' });
      await says(user.id, /Регистрация завершена, Айгерим!/);
      const menu = await says(user.id, /Добро пожаловать в клинику!/);
      assert.deepEqual(buttons(menu), ['📅 Записаться', '📋 Мои записи', '📄 Документы', '💳 Оплата', '👤 Профиль', '❓ Поддержка']);

      const rows = await sql<Record<string, unknown>>`SELECT * FROM clinic_patients`.execute(db());
      assert.equal(rows.rows.length, 1);
      assert.equal(rows.rows[0]!.phone, '+77015551234');
      assert.equal(rows.rows[0]!.patronymic, 'Болатовна');
      const stored = JSON.stringify(rows.rows) + JSON.stringify((await sql`SELECT * FROM flow_sessions`.execute(db())).rows);
      assert.ok(!stored.includes(iin) && !stored.includes('1990-03-15'), 'the IIN and birth date are not stored in the clear');
      const consents = await sql<{
        kind: string;
        granted: boolean;
        text_version: string;
      }>`SELECT kind, granted, text_version FROM clinic_consents ORDER BY id`.execute(db());
      assert.deepEqual(
        consents.rows.map((row) => [row.kind, row.granted]),
        [
          ['personal_data', true],
          ['medical', true],
          ['marketing', false],
        ],
      );
      assert.ok(consents.rows.every((row) => row.text_version.length > 0));

      // The same IIN from another Telegram account is the same patient, never a second one.
      const again = sim.createUser({ first_name: 'Айгерим 2', language_code: 'ru' });
      await registerByBot(sim, token, again, { language: 'ru', first: 'Айгерим', last: 'Нурланова', birth: '1990-03-15', sex: 'F', iin });
      assert.equal((await sql<{ n: number }>`SELECT count(*)::int AS n FROM clinic_patients`.execute(db())).rows[0]!.n, 1);
    });
  });
}
