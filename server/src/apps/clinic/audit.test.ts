// Audit and privacy (issue 21): patients ask from the bot profile for a copy of their data or its deletion (a
// task for admins with a due date); staff lists mask IIN and birth date; reads are audited; admins export CSV.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import { signInWithToken, type ApiClient } from '../../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../../testing/harness.ts';
import { botSays, buttons, registerByBot } from './clinic.fixture.ts';
import { makeIin } from './iin.ts';
import { createClinicApp } from './index.ts';

const monday0800 = Date.parse('2030-03-04T03:00:00Z');

for (const engine of testEngines()) {
  describe(`clinic audit and privacy on ${engine}`, () => {
    let sim: Simulator;
    let server: TestServer;
    let admin: ApiClient;
    let token: string;
    let clockMs = monday0800;
    const clock = () => new Date(clockMs);

    before(async () => {
      sim = await startTelegramSimulator({ timeScale: 10 });
      token = sim.createBot({ username: 'clinic_audit_bot' }).token;
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

    test('privacy requests from the profile reach admins with a due date; lists are masked; reads are audited and exported', async () => {
      const says = botSays(sim, token);
      const user = sim.createUser({ first_name: 'Дана', language_code: 'ru' });
      const iin = makeIin('1999-01-31', 'F', 808);
      await registerByBot(sim, token, says, user, { language: 'ru', first: 'Дана', last: 'Серикова', birth: '1999-01-31', sex: 'F', iin });
      await server.switchboard.auth.createUser({ email: 'op@example.com', password: 'operator-pass', role: 'operator', name: 'Оператор' });
      const operator = await signInWithToken(server.url, { email: 'op@example.com', password: 'operator-pass' });

      sim.sendText(token, { from: user.id, text: '/start' });
      const menu = await says(user.id, /Добро пожаловать в клинику/);
      sim.pressButton(token, { from: user.id, message_id: menu.message_id, text: '👤 Профиль' });
      const profile = await says(user.id, /Серикова Дана/);
      assert.ok(buttons(profile).includes('📦 Копия моих данных') && buttons(profile).includes('🗑 Удалить мои данные'));
      sim.pressButton(token, { from: user.id, message_id: profile.message_id, text: '📦 Копия моих данных' });
      const copy = await says(user.id, /Запрос №\d+ принят\. Администратор клиники ответит до 14\.03\.2030/);
      sim.pressButton(token, { from: user.id, message_id: profile.message_id, text: '📦 Копия моих данных' });
      await says(user.id, /Такой запрос уже принят \(№\d+\), ответ — до 14\.03\.2030/);
      sim.pressButton(token, { from: user.id, message_id: profile.message_id, text: '🗑 Удалить мои данные' });
      await says(user.id, /Запрос №\d+ принят/);

      assert.equal((await operator.get('/api/clinic/privacy-requests')).status, 403);
      const open = await admin.get('/api/clinic/privacy-requests');
      assert.equal(open.status, 200);
      assert.deepEqual(
        open.body.results.map((row: { kind: string; status: string; overdue: boolean; last_name: string }) => [
          row.kind,
          row.status,
          row.overdue,
          row.last_name,
        ]),
        [
          ['copy', 'open', false, 'Серикова'],
          ['deletion', 'open', false, 'Серикова'],
        ],
      );
      assert.equal(open.body.results[0].due_at, '2030-03-14T03:00:00.000Z');
      assert.equal(open.body.results[0].id, Number(/№(\d+)/.exec(copy.text!)![1]));
      clockMs += 11 * 86_400_000;
      assert.equal((await admin.get('/api/clinic/privacy-requests')).body.results[0].overdue, true, 'past its due date');
      const requestId = open.body.results[0].id as number;
      assert.equal((await admin.post(`/api/clinic/privacy-requests/${requestId}/close`, { status: 'maybe' })).status, 400);
      const closed = await admin.post(`/api/clinic/privacy-requests/${requestId}/close`, { status: 'done', note: 'Копия отправлена' });
      assert.equal(closed.status, 200, JSON.stringify(closed.body));
      assert.equal(closed.body.status, 'done');
      assert.equal(
        (await admin.post(`/api/clinic/privacy-requests/${requestId}/close`, { status: 'done' })).body.error.code,
        'invalid_transition',
      );
      assert.equal((await admin.post('/api/clinic/privacy-requests/999999/close', { status: 'done' })).status, 404);
      assert.deepEqual(
        (await admin.get('/api/clinic/privacy-requests?status=open')).body.results.map((row: { kind: string }) => row.kind),
        ['deletion'],
      );

      // Lists mask the IIN and the birth date; one patient opened in full is an audited read.
      const list = await operator.get('/api/clinic/patients?q=Серик');
      assert.equal(list.status, 200);
      assert.equal(list.body.results.length, 1);
      assert.equal(list.body.results[0].iin, `********${iin.slice(-4)}`);
      assert.equal(list.body.results[0].birth_date, '****-**-** (1999)');
      assert.ok(!JSON.stringify(list.body).includes(iin) && !JSON.stringify(list.body).includes('1999-01-31'));
      const full = await operator.get(`/api/clinic/patients/${list.body.results[0].id}`);
      assert.deepEqual([full.body.iin, full.body.birth_date], [iin, '1999-01-31']);
      assert.equal((await operator.get('/api/clinic/patients?cursor=forged')).status, 400);

      assert.equal((await operator.get('/api/clinic/audit')).status, 403);
      const reads = await admin.get('/api/clinic/audit?action=patient.read');
      assert.equal(reads.body.results.length, 1);
      const read = reads.body.results[0];
      assert.match(read.actor, /^staff:\d+$/);
      assert.deepEqual([read.actor_name, read.patient_id, read.ip], ['Оператор <op@example.com>', full.body.id, '127.0.0.1']);
      const all = await admin.get(`/api/clinic/audit?patient_id=${full.body.id}&limit=2`);
      assert.equal(all.body.results.length, 2);
      const next = await admin.get(
        `/api/clinic/audit?patient_id=${full.body.id}&limit=2&cursor=${encodeURIComponent(all.body.next_cursor)}`,
      );
      assert.ok(next.body.results.length >= 1);
      assert.ok(next.body.results[0].id < all.body.results[1].id, 'the next page is older');
      const actions = [...all.body.results, ...next.body.results].map((row: { action: string }) => row.action);
      assert.ok(actions.includes('privacy.copy.requested') && actions.includes('privacy.copy.done'), actions.join(', '));

      const csv = await fetch(`${server.url}/api/clinic/audit.csv?action=patient.read`, {
        headers: { authorization: `Token ${(await admin.post('/api/tokens', { name: 'csv' })).body.token}` },
      });
      assert.equal(csv.status, 200);
      assert.match(csv.headers.get('content-type')!, /text\/csv/);
      const lines = (await csv.text()).trim().split('\n');
      assert.equal(lines[0], 'id,at,actor,actor_name,action,patient_id,ip,details');
      assert.equal(lines.length, 2);
      assert.match(lines[1]!, /staff:\d+,Оператор <op@example.com>,patient\.read,\d+,127\.0\.0\.1,/);
      assert.equal((await admin.get('/api/clinic/audit?action=audit.exported')).body.results.length, 1, 'the export is audited too');
    });
  });
}
