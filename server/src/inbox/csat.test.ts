// CSAT (issue 26) through the Bot API simulator: after a resolution the customer gets a 1–5 question with buttons in
// their language; a press (or a typed digit) is kept once per resolution, tied to the operator and the team; reports
// show the average and the count; a setting switches it off.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import { signInWithToken, type ApiClient } from '../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../testing/harness.ts';
import { eventually } from '../testing/ws-client.ts';

for (const engine of testEngines()) {
  describe(`CSAT on ${engine}`, () => {
    let sim: Simulator;
    let server: TestServer;
    let admin: ApiClient;
    let olga: ApiClient;
    let olgaId: number;
    let teamId: number;
    let token: string;

    const sent = (userId: number, pattern: RegExp) => sim.waitForSent(token, userId, (message) => pattern.test(message.text ?? ''), 20_000);

    async function chatOf(userId: number, text: string): Promise<number> {
      sim.sendText(token, { from: userId, text });
      const message = await eventually(async () =>
        (await admin.get('/api/messages/')).body.results.find((item: any) => item.text === text),
      );
      return message.chat_id;
    }

    before(async () => {
      sim = await startTelegramSimulator();
      token = sim.createBot({ username: 'csat_bot' }).token;
      server = await startTestServer(engine, { TELEGRAM_API_ROOT: sim.apiRoot, TELEGRAM_BOT_TOKEN: token, TELEGRAM_MODE: 'polling' });
      admin = await signInWithToken(server.url, testAdmin);
      await admin.put('/api/inbox/policy', { auto_assign: false });
      const created = await admin.post('/api/operators', {
        name: 'Olga',
        email: 'olga@example.com',
        password: 'password-olga',
        max_chats: 5,
      });
      olgaId = created.body.id;
      olga = await signInWithToken(server.url, { email: 'olga@example.com', password: 'password-olga' });
      teamId = (await admin.post('/api/teams', { name: 'Care', member_ids: [olgaId] })).body.id;
    });
    after(async () => {
      await server.stop();
      await sim.stop();
    });

    test('off by default; admins switch it on; operators may not', async () => {
      assert.deepEqual((await admin.get('/api/inbox/csat')).body, { enabled: false });
      assert.equal((await olga.put('/api/inbox/csat', { enabled: true })).status, 403);
      assert.equal((await admin.put('/api/inbox/csat', { enabled: 'yes' })).status, 400);
      assert.deepEqual((await admin.put('/api/inbox/csat', { enabled: true })).body, { enabled: true });
    });

    test('buttons after a resolution, in English; the first press counts, tied to the operator and team', async () => {
      const ann = sim.createUser({ first_name: 'Ann', language_code: 'en' });
      const chatId = await chatOf(ann.id, 'my parcel is late');
      await admin.post(`/api/chats/${chatId}/assign`, { operator_id: olgaId, team_id: teamId });
      assert.equal((await olga.post(`/api/chats/${chatId}/status`, { status: 'resolved' })).status, 200);
      const question = await sent(ann.id, /^How did we do\?/);
      const buttons = question.reply_markup!.inline_keyboard!.flat().map((button) => button.text);
      assert.deepEqual(buttons, ['😞 1', '🙁 2', '😐 3', '🙂 4', '😍 5']);

      sim.pressButton(token, { from: ann.id, message_id: question.message_id, text: '🙂 4' });
      await sent(ann.id, /^Thank you for your rating!$/);
      const ratings = (await olga.get(`/api/chats/${chatId}/csat`)).body.results;
      assert.equal(ratings.length, 1);
      assert.deepEqual([ratings[0].rating, ratings[0].operator_id, ratings[0].team_id], [4, olgaId, teamId]);
      sim.pressButton(token, { from: ann.id, message_id: question.message_id, text: '😍 5' });
      await sent(ann.id, /^You have rated this conversation already/);
      assert.equal((await admin.get(`/api/chats/${chatId}/csat`)).body.results[0].rating, 4, 'once per resolution');
      const chat = (await admin.get(`/api/chats/${chatId}`)).body;
      assert.equal(chat.status, 'resolved', 'pressing a button does not reopen the conversation');
      const lines = (await admin.get(`/api/messages/by_chat?chat_id=${chatId}`)).body.results;
      assert.equal(lines.filter((message: any) => message.service?.code === 'csat_rated').length, 1);
      assert.equal(lines.find((message: any) => message.service?.code === 'csat_rated').service.params.rating, '4');
    });

    test('a typed answer counts too (Kazakh question); the conversation stays resolved; reports average per operator and team', async () => {
      const dana = sim.createUser({ first_name: 'Dana', language_code: 'kk' });
      const chatId = await chatOf(dana.id, 'сәлем');
      await admin.post(`/api/chats/${chatId}/assign`, { operator_id: olgaId });
      await admin.post(`/api/chats/${chatId}/status`, { status: 'resolved' });
      await sent(dana.id, /^Біздің көмегімізді бағалаңызшы/);
      const typedAt = sim.sentMessages(token, dana.id).length;
      sim.sendText(token, { from: dana.id, text: '2' });
      await sim.waitForSent(
        token,
        dana.id,
        (message, all) => all.indexOf(message) >= typedAt && message.text === 'Бағаңыз үшін рақмет!',
        20_000,
      );
      const ratings = (await admin.get(`/api/chats/${chatId}/csat`)).body.results;
      assert.deepEqual([ratings[0].rating, ratings[0].operator_id, ratings[0].team_id], [2, olgaId, null]);
      await eventually(async () => (await admin.get(`/api/chats/${chatId}`)).body.status === 'resolved');

      const byOperator = (await admin.get('/api/reports/overview?group_by=operator')).body;
      assert.deepEqual(byOperator.totals.csat, { count: 2, average: 3 });
      assert.deepEqual(byOperator.groups.find((group: any) => group.key === olgaId).csat, { count: 2, average: 3 });
      const byTeam = (await admin.get('/api/reports/overview?group_by=team')).body;
      assert.deepEqual(byTeam.groups.find((group: any) => group.key === teamId).csat, { count: 1, average: 4 });
      assert.deepEqual(byTeam.groups.find((group: any) => group.key === null).csat, { count: 1, average: 2 });
      const csv = String((await admin.get('/api/reports/overview?format=csv')).body).split('\r\n');
      assert.match(csv[0]!, /,csat_count,csat_average$/);
      assert.match(csv[1]!, /,2,3$/);
      // A digit long after no question is just a message: it reopens and counts nothing.
      sim.sendText(token, { from: dana.id, text: '5' });
      await eventually(async () => (await admin.get(`/api/chats/${chatId}`)).body.status === 'open');
      assert.equal((await admin.get(`/api/chats/${chatId}/csat`)).body.results.length, 1);
    });

    test('switched off: a resolution asks nothing', async () => {
      assert.deepEqual((await admin.put('/api/inbox/csat', { enabled: false })).body, { enabled: false });
      const ivan = sim.createUser({ first_name: 'Ivan', language_code: 'ru' });
      const chatId = await chatOf(ivan.id, 'вопрос');
      await admin.post(`/api/chats/${chatId}/status`, { status: 'resolved' });
      await admin.post(`/api/chats/${chatId}/messages`, { text: 'после решения' });
      await sent(ivan.id, /^после решения$/);
      assert.ok(!sim.sentMessages(token, ivan.id).some((message) => /Оцените/.test(message.text ?? '')));
      assert.deepEqual((await admin.get(`/api/chats/${chatId}/csat`)).body.results, []);
    });
  });
}
