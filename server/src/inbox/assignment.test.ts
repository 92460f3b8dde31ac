import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import { createApiClient, signInWithToken, type ApiClient } from '../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../testing/harness.ts';
import { connectSocket, eventually } from '../testing/ws-client.ts';

for (const engine of testEngines()) {
  describe(`auto-assignment on ${engine}`, () => {
    let sim: Simulator;
    let server: TestServer;
    let admin: ApiClient;
    let token: string;
    before(async () => {
      sim = await startTelegramSimulator();
      token = sim.createBot({ username: 'rr_bot' }).token;
      server = await startTestServer(engine, { TELEGRAM_API_ROOT: sim.apiRoot, TELEGRAM_BOT_TOKEN: token, TELEGRAM_MODE: 'polling' });
      admin = await signInWithToken(server.url, testAdmin);
    });
    after(async () => {
      await server.stop();
      await sim.stop();
    });

    test('new conversations go round robin to active operators under max_chats; the rest wait unassigned', async () => {
      const operators = [];
      for (const name of ['one', 'two', 'off']) {
        const created = await admin.post('/api/operators', {
          name,
          email: `${name}@example.com`,
          password: `password-${name}`,
          max_chats: 1,
          is_active: name !== 'off',
        });
        assert.equal(created.status, 201);
        operators.push(created.body);
      }
      const assigned: Array<number | null> = [];
      for (const name of ['first', 'second', 'third']) {
        const user = sim.createUser({ first_name: name });
        sim.sendText(token, { from: user.id, text: `I am ${name}` });
        const message = await eventually(async () =>
          (await admin.get('/api/messages/')).body.results.find((item: any) => item.text === `I am ${name}`),
        );
        assigned.push((await admin.get(`/api/chats/${message.chat_id}`)).body.assigned_operator_id);
      }
      assert.deepEqual(new Set(assigned.slice(0, 2)), new Set([operators[0].id, operators[1].id]));
      assert.equal(assigned[2], null, 'everyone is at max_chats: the third waits in the queue');
      const unassigned = await admin.get('/api/chats?filter=unassigned');
      assert.equal(unassigned.body.results.length, 1);
      const one = await signInWithToken(server.url, { email: 'one@example.com', password: 'password-one' });
      const mine = await one.get('/api/chats?filter=mine');
      assert.equal(mine.body.results.length, 1);
      assert.equal((await one.get('/api/chats')).body.results.length, 2, 'by default operators also see the unassigned queue');
      assert.equal((await one.get('/api/operators')).status, 403, 'the full staff list (e-mails, logins) is for admins');
      const directory = await one.get('/api/operators/directory');
      assert.equal(directory.status, 200, 'operators see who is who, to read assignments and hand a chat over');
      assert.deepEqual(
        directory.body.results.filter((item: any) => item.role === 'operator').map((item: any) => [item.name, item.is_active]),
        [
          ['one', true],
          ['two', true],
          ['off', false],
        ],
      );
      assert.ok(
        directory.body.results.every((item: any) => !('email' in item)),
        'no e-mails in the directory',
      );
      assert.equal((await admin.put('/api/inbox/policy', { auto_assign: false })).body.auto_assign, false);
      const user = sim.createUser({ first_name: 'fourth' });
      sim.sendText(token, { from: user.id, text: 'I am fourth' });
      const fourth = await eventually(async () =>
        (await admin.get('/api/messages/')).body.results.find((item: any) => item.text === 'I am fourth'),
      );
      assert.equal((await admin.get(`/api/chats/${fourth.chat_id}`)).body.assigned_operator_id, null);
      const twoToken = (
        await createApiClient(server.url).post('/api/api-token-auth/', { email: 'two@example.com', password: 'password-two' })
      ).body.token;
      const twoSocket = await connectSocket(server.url, { token: twoToken });
      await twoSocket.waitFor((frame) => frame.type === 'ready');
      const taken = await one.post(`/api/chats/${fourth.chat_id}/assign`, { operator_id: operators[0].id });
      assert.equal(taken.status, 200, 'an operator may take a conversation from the queue');
      const takerId = operators[0].id;
      await twoSocket.waitFor(
        (frame) => frame.type === 'chat_assigned' && frame.chat_id === fourth.chat_id && frame.operator_id === takerId,
      );
      await twoSocket.close();
      const offTaken = await admin.post(`/api/chats/${fourth.chat_id}/assign`, { operator_id: operators[2].id });
      assert.equal(offTaken.status, 422, 'a switched-off operator cannot be assigned');
    });

    test('availability: busy and offline operators get no new conversations; back online, they do', async () => {
      // The first test's operators are at their caps; these two are the only ones with room.
      assert.equal((await admin.put('/api/inbox/policy', { auto_assign: true })).body.auto_assign, true);
      const people: Record<string, { id: number; client: ApiClient }> = {};
      for (const name of ['busy', 'online']) {
        const created = await admin.post('/api/operators', {
          name,
          email: `${name}@example.com`,
          password: `password-${name}`,
          max_chats: 5,
        });
        assert.equal(created.status, 201);
        people[name] = {
          id: created.body.id,
          client: await signInWithToken(server.url, { email: `${name}@example.com`, password: `password-${name}` }),
        };
      }
      const { busy, online } = people as Record<'busy' | 'online', { id: number; client: ApiClient }>;
      assert.deepEqual((await busy.client.get('/api/me/availability')).body, { availability: 'online' });
      assert.deepEqual((await busy.client.put('/api/me/availability', { availability: 'busy' })).body, { availability: 'busy' });
      assert.equal((await busy.client.put('/api/me/availability', { availability: 'away' })).status, 400);

      async function holderOfNew(name: string): Promise<number | null> {
        const user = sim.createUser({ first_name: name });
        sim.sendText(token, { from: user.id, text: `availability ${name}` });
        const message = await eventually(async () =>
          (await admin.get('/api/messages/')).body.results.find((item: any) => item.text === `availability ${name}`),
        );
        return (await admin.get(`/api/chats/${message.chat_id}`)).body.assigned_operator_id;
      }
      assert.deepEqual([await holderOfNew('a1'), await holderOfNew('a2')], [online.id, online.id], 'busy gets none');
      assert.equal((await online.client.put('/api/me/availability', { availability: 'offline' })).status, 200);
      assert.equal(await holderOfNew('a3'), null, 'nobody online with room: the queue');
      assert.equal((await busy.client.put('/api/me/availability', { availability: 'online' })).status, 200);
      assert.equal(await holderOfNew('a4'), busy.id);
      const directory = (await online.client.get('/api/operators/directory')).body.results;
      assert.deepEqual(
        directory.filter((item: any) => ['busy', 'online'].includes(item.name)).map((item: any) => [item.name, item.availability]),
        [
          ['busy', 'online'],
          ['online', 'offline'],
        ],
      );
    });
  });
}
