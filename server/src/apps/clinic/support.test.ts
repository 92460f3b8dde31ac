// Support and FAQ (issue 21): staff write the FAQ in ru/kk/en; the patient reads it by category in the bot, then
// "ask a person" opens a ticket and puts the conversation in the queue with a note of the profile and visits.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import { sql } from 'kysely';
import { signInWithToken, type ApiClient } from '../../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../../testing/harness.ts';
import { botSays, buttons, importClinic, registerByBot } from './clinic.fixture.ts';
import { makeIin } from './iin.ts';
import { createClinicApp } from './index.ts';

const monday0800 = Date.parse('2030-03-04T03:00:00Z');

for (const engine of testEngines()) {
  describe(`clinic support on ${engine}`, () => {
    let sim: Simulator;
    let server: TestServer;
    let admin: ApiClient;
    let token: string;
    const clock = () => new Date(monday0800);
    const db = () => server.switchboard.database.db;

    before(async () => {
      sim = await startTelegramSimulator({ timeScale: 10 });
      token = sim.createBot({ username: 'clinic_support_bot' }).token;
      server = await startTestServer(engine, { TELEGRAM_API_ROOT: sim.apiRoot }, undefined, { apps: [createClinicApp({ clock })], clock });
      admin = await signInWithToken(server.url, testAdmin);
      await server.switchboard.registry.create({
        kind: 'telegram_bot',
        name: 'Clinic',
        token,
        intakeMode: 'polling',
        settings: { apps: ['clinic'] },
      });
    });
    after(async () => {
      await server?.stop();
      await sim?.stop();
    });

    test('FAQ by category in the bot, then "ask a person": a ticket, the conversation in the queue with the profile and visits; the bot API', async () => {
      const says = botSays(sim, token);
      await importClinic(admin);
      await server.switchboard.auth.createUser({ email: 'op@example.com', password: 'operator-pass', role: 'operator', name: 'Оператор' });
      const operator = await signInWithToken(server.url, { email: 'op@example.com', password: 'operator-pass' });

      const category = await operator.post('/api/clinic/faq/categories', {
        title_ru: 'Запись и приём',
        title_kk: 'Жазылу және қабылдау',
        title_en: 'Booking',
      });
      assert.equal(category.status, 201, JSON.stringify(category.body));
      const entry = {
        category_id: category.body.id,
        question_ru: 'Можно ли прийти без записи?',
        question_kk: 'Жазылусыз келуге бола ма?',
        question_en: 'Can I come without booking?',
        answer_ru: 'Да, но врач примет вас между записанными пациентами.',
        answer_kk: 'Иә, бірақ дәрігер сізді жазылған пациенттердің арасында қабылдайды.',
        answer_en: 'Yes, between booked patients.',
      };
      assert.equal((await operator.post('/api/clinic/faq/entries', entry)).status, 201);
      assert.equal(
        (
          await operator.post('/api/clinic/faq/entries', {
            ...entry,
            position: 1,
            question_ru: 'Как отменить запись?',
            question_kk: 'Жазылудан қалай бас тартамын?',
            question_en: 'How do I cancel?',
            answer_en: 'In "My appointments".',
          })
        ).status,
        201,
      );
      const incomplete = await operator.post('/api/clinic/faq/entries', { ...entry, question_kk: undefined });
      assert.equal(incomplete.status, 400);
      assert.match(incomplete.body.error.message, /question_kk/);
      assert.equal((await operator.post('/api/clinic/faq/entries', { ...entry, category_id: 999999 })).status, 404);
      assert.equal((await operator.get('/api/clinic/faq?q=between')).body.entries.length, 1, 'searchable in every language');

      const user = sim.createUser({ first_name: 'Марат', language_code: 'ru' });
      const iin = makeIin('1980-11-20', 'M', 313);
      await registerByBot(sim, token, says, user, {
        language: 'ru',
        first: 'Марат',
        last: 'Ахметов',
        birth: '1980-11-20',
        sex: 'M',
        iin,
        phone: '+77015550011',
      });
      const secret = 'f'.repeat(40);
      const integration = await admin.post('/api/clinic/integrations', { name: 'call centre', secret });
      const call = (method: string, path: string, auth: string | undefined, body?: unknown) =>
        fetch(`${server.url}${path}`, {
          method,
          headers: { ...(auth ? { authorization: auth } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
          body: body ? JSON.stringify(body) : undefined,
        }).then(async (response) => ({ status: response.status, body: (await response.json().catch(() => null)) as any }));
      const bearer = `Bearer ${secret}`;
      const catalogue = (await admin.get('/api/clinic/catalogue')).body;
      const booked = await call('POST', '/api/bot/appointments/', bearer, {
        telegram_user_id: String(user.id),
        service_id: catalogue.services[0].id,
        doctor_id: catalogue.doctors.find((doctor: { code: string }) => doctor.code === 'ivanova').id,
        starts_at: '2030-03-05T04:00:00Z',
      });
      assert.equal(booked.status, 201, JSON.stringify(booked.body));

      sim.sendText(token, { from: user.id, text: '/start' });
      const menu = await says(user.id, /Добро пожаловать в клинику/);
      sim.pressButton(token, { from: user.id, message_id: menu.message_id, text: '❓ Поддержка' });
      const topics = await says(user.id, /Частые вопросы/);
      assert.deepEqual(buttons(topics), ['Запись и приём', '🙋 Спросить администратора']);
      sim.pressButton(token, { from: user.id, message_id: topics.message_id, text: 'Запись и приём' });
      const questions = await says(user.id, /Выберите вопрос/);
      assert.deepEqual(buttons(questions), [
        'Можно ли прийти без записи?',
        'Как отменить запись?',
        '🙋 Спросить администратора',
        '↩️ Назад',
      ]);
      sim.pressButton(token, { from: user.id, message_id: questions.message_id, text: 'Можно ли прийти без записи?' });
      const answer = await says(user.id, /врач примет вас между записанными/);

      // The conversation sits with an operator; asking for a person puts it back in the queue.
      const chat = await sql<{ id: number }>`SELECT id FROM conversations ORDER BY id DESC LIMIT 1`.execute(db());
      const conversationId = chat.rows[0]!.id;
      const operatorId = (await sql<{ id: number }>`SELECT id FROM staff_users WHERE email = 'op@example.com'`.execute(db())).rows[0]!.id;
      await sql`UPDATE conversations SET assigned_operator_id = ${operatorId} WHERE id = ${conversationId}`.execute(db());
      sim.pressButton(token, { from: user.id, message_id: answer.message_id, text: '🙋 Спросить администратора' });
      const opened = await says(user.id, /Обращение №\d+ создано/);
      const ticketId = Number(/№(\d+)/.exec(opened.text!)![1]);
      const note = await sql<{
        text: string;
      }>`SELECT text FROM messages WHERE conversation_id = ${conversationId} AND text LIKE ${`Support ticket #${ticketId}%`}`.execute(db());
      assert.equal(note.rows.length, 1);
      const noteText = note.rows[0]!.text;
      for (const expected of [
        'Ахметов Марат',
        '+77015550011',
        `IIN: ********${iin.slice(-4)}`,
        'Upcoming appointments (1)',
        '05.03.2030 09:00',
        'Иванова Анна Петровна',
      ])
        assert.ok(noteText.includes(expected), `"${expected}" in the note:\n${noteText}`);
      assert.ok(!noteText.includes(iin), 'the whole IIN stays out of the note');
      const assigned = await sql<{
        assigned_operator_id: number | null;
      }>`SELECT assigned_operator_id FROM conversations WHERE id = ${conversationId}`.execute(db());
      assert.equal(assigned.rows[0]!.assigned_operator_id, null);

      // The bot API: right, wrong and missing credentials; the same conversation; the FAQ in one language.
      const staffToken = (await admin.post('/api/tokens', { name: 'staff' })).body.token as string;
      const ticketBody = { telegram_user_id: String(user.id), text: 'Перезвоните, пожалуйста' };
      for (const [auth, status] of [
        [undefined, 401],
        ['Bearer wrong-secret', 401],
        [`Token ${staffToken}`, 403],
      ] as const) {
        assert.equal((await call('POST', '/api/bot/support/ticket/', auth, ticketBody)).status, status, String(auth));
        assert.equal((await call('GET', '/api/bot/support/faq/', auth)).status, status, String(auth));
      }
      assert.equal((await call('POST', '/api/bot/support/ticket/', bearer, { ...ticketBody, text: '' })).status, 400);
      const stranger = await call('POST', '/api/bot/support/ticket/', bearer, { ...ticketBody, telegram_user_id: '1' });
      assert.equal(stranger.body.error.code, 'patient_not_registered');
      const ticket = await call('POST', '/api/bot/support/ticket/', bearer, ticketBody);
      assert.equal(ticket.status, 201, JSON.stringify(ticket.body));
      assert.deepEqual([ticket.body.conversation_id, ticket.body.source, ticket.body.status], [conversationId, 'api', 'open']);
      const apiNote = await sql<{
        text: string;
      }>`SELECT text FROM messages WHERE text LIKE ${`Support ticket #${ticket.body.id}%`}`.execute(db());
      assert.match(apiNote.rows[0]!.text, /Question: Перезвоните, пожалуйста/);

      const faqKk = await call('GET', '/api/bot/support/faq/?lang=kk', bearer);
      assert.equal(faqKk.status, 200);
      assert.deepEqual(faqKk.body.results[0].title, 'Жазылу және қабылдау');
      assert.deepEqual(
        faqKk.body.results[0].questions.map((each: { question: string }) => each.question),
        ['Жазылусыз келуге бола ма?', 'Жазылудан қалай бас тартамын?'],
      );
      const searched = await call('GET', `/api/bot/support/faq/?lang=en&q=${encodeURIComponent('отменить')}`, bearer);
      assert.deepEqual(searched.body.results[0].questions, [
        { id: searched.body.results[0].questions[0].id, question: 'How do I cancel?', answer: 'In "My appointments".' },
      ]);
      assert.equal((await call('GET', '/api/bot/support/faq/?lang=de', bearer)).status, 400);

      const audit = await sql<{
        actor: string;
        action: string;
      }>`SELECT actor, action FROM clinic_audit WHERE action = 'support.ticket_opened'`.execute(db());
      assert.deepEqual(audit.rows, [{ actor: `integration:${integration.body.id}`, action: 'support.ticket_opened' }]);
    });
  });
}
