// Teams (issue 26): admins make them; a conversation goes to a team's queue, its members (and only they) see it,
// auto-assignment inside the team respects availability; the list filters by team; reports group by team.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import { createApiClient, signInWithToken, type ApiClient } from '../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../testing/harness.ts';
import { connectSocket, eventually } from '../testing/ws-client.ts';

for (const engine of testEngines()) {
  describe(`teams on ${engine}`, () => {
    let sim: Simulator;
    let server: TestServer;
    let admin: ApiClient;
    let token: string;
    const people: Record<'sales' | 'support' | 'outsider', { id: number; client: ApiClient; token: string }> = {} as never;

    async function newChat(name: string): Promise<number> {
      const user = sim.createUser({ first_name: name });
      sim.sendText(token, { from: user.id, text: `hello from ${name}` });
      const message = await eventually(async () =>
        (await admin.get('/api/messages/')).body.results.find((item: any) => item.text === `hello from ${name}`),
      );
      return message.chat_id;
    }

    before(async () => {
      sim = await startTelegramSimulator();
      token = sim.createBot({ username: 'teams_bot' }).token;
      server = await startTestServer(engine, { TELEGRAM_API_ROOT: sim.apiRoot, TELEGRAM_BOT_TOKEN: token, TELEGRAM_MODE: 'polling' });
      admin = await signInWithToken(server.url, testAdmin);
      // Nobody sees the general queue: a team's queue is then the only unassigned work an operator sees.
      assert.equal((await admin.put('/api/inbox/policy', { auto_assign: false, operators_see_unassigned: false })).status, 200);
      for (const name of ['sales', 'support', 'outsider'] as const) {
        const password = `password-${name}-1`;
        const created = await admin.post('/api/operators', { name, email: `${name}@example.com`, password, max_chats: 5 });
        assert.equal(created.status, 201);
        const apiToken = (await createApiClient(server.url).post('/api/api-token-auth/', { email: `${name}@example.com`, password })).body
          .token;
        people[name] = {
          id: created.body.id,
          client: await signInWithToken(server.url, { email: `${name}@example.com`, password }),
          token: apiToken,
        };
      }
    });
    after(async () => {
      await server.stop();
      await sim.stop();
    });

    test('admins make teams; names are unique; members must be active operators; operators only read them', async () => {
      const made = await admin.post('/api/teams', { name: 'Sales', member_ids: [people.sales.id] });
      assert.equal(made.status, 201);
      assert.deepEqual(made.body, { id: made.body.id, name: 'Sales', member_ids: [people.sales.id] });
      assert.equal((await admin.post('/api/teams', { name: 'sales' })).body.error.code, 'team_exists');
      const unknown = await admin.post('/api/teams', { name: 'Ghosts', member_ids: [999_999] });
      assert.equal(unknown.status, 422);
      assert.equal(unknown.body.error.code, 'not_an_operator');
      assert.equal((await admin.post('/api/teams', { name: '' })).status, 400);
      const support = await admin.post('/api/teams', { name: 'Support', member_ids: [people.support.id] });
      assert.equal(support.status, 201);
      assert.equal((await people.sales.client.post('/api/teams', { name: 'Mine' })).status, 403);
      assert.equal((await people.sales.client.patch(`/api/teams/${support.body.id}`, { member_ids: [people.sales.id] })).status, 403);
      const listed = (await people.outsider.client.get('/api/teams')).body.results;
      assert.deepEqual(
        listed.map((team: any) => [team.name, team.member_ids]),
        [
          ['Sales', [people.sales.id]],
          ['Support', [people.support.id]],
        ],
      );
      assert.equal((await admin.patch('/api/teams/999999', { name: 'x' })).status, 404);
    });

    test("a team's queue: its members see it (list, WebSocket), others do not; filter by team; taking it keeps the team", async () => {
      const teams = (await admin.get('/api/teams')).body.results;
      const sales = teams.find((team: any) => team.name === 'Sales');
      const chatId = await newChat('Buyer');
      const salesSocket = await connectSocket(server.url, { token: people.sales.token });
      const outsiderSocket = await connectSocket(server.url, { token: people.outsider.token });
      await Promise.all([salesSocket.waitFor((f) => f.type === 'ready'), outsiderSocket.waitFor((f) => f.type === 'ready')]);
      assert.equal((await people.sales.client.get(`/api/chats/${chatId}`)).status, 404, 'the general queue is hidden by the policy');

      const moved = await admin.post(`/api/chats/${chatId}/assign`, { operator_id: null, team_id: sales.id });
      assert.equal(moved.status, 200);
      const chat = (await admin.get(`/api/chats/${chatId}`)).body;
      assert.equal(chat.team_id, sales.id);
      assert.equal(chat.assigned_operator_id, null);
      await salesSocket.waitFor((frame) => frame.type === 'chat_assigned' && frame.chat_id === chatId && frame.team_id === sales.id);
      assert.equal((await people.sales.client.get(`/api/chats/${chatId}`)).status, 200, 'a member sees the team queue');
      assert.equal((await people.outsider.client.get(`/api/chats/${chatId}`)).status, 404, 'a non-member does not');
      assert.equal((await people.support.client.get(`/api/messages/by_chat?chat_id=${chatId}`)).status, 404);
      const filtered = (await admin.get(`/api/chats?team_id=${sales.id}`)).body.results.map((item: any) => item.id);
      assert.deepEqual(filtered, [chatId]);
      assert.deepEqual(
        (await people.sales.client.get(`/api/chats?team_id=${sales.id}`)).body.results.map((item: any) => item.id),
        [chatId],
      );
      assert.deepEqual((await people.outsider.client.get(`/api/chats?team_id=${sales.id}`)).body.results, []);

      await admin.post(`/api/chats/${chatId}/messages`, { text: 'for the sales team' });
      await salesSocket.waitFor((frame) => frame.type === 'new_message' && frame.message.text === 'for the sales team');
      const replay = await connectSocket(server.url, { token: people.outsider.token, since: 0 });
      await replay.waitFor((frame) => frame.type === 'ready');
      for (const socket of [outsiderSocket, replay])
        assert.ok(!socket.frames.some((frame) => JSON.stringify(frame).includes('for the sales team')), 'the outsider never hears of it');

      const outsiderTakes = await people.outsider.client.post(`/api/chats/${chatId}/assign`, { operator_id: people.outsider.id });
      assert.equal(outsiderTakes.status, 404);
      const taken = await people.sales.client.post(`/api/chats/${chatId}/assign`, { operator_id: people.sales.id });
      assert.equal(taken.status, 200);
      const held = (await admin.get(`/api/chats/${chatId}`)).body;
      assert.deepEqual([held.assigned_operator_id, held.team_id], [people.sales.id, sales.id]);
      const wrong = await admin.post(`/api/chats/${chatId}/assign`, { operator_id: people.outsider.id, team_id: sales.id });
      assert.equal(wrong.status, 422);
      assert.equal(wrong.body.error.code, 'not_in_team');
      assert.equal(
        (await admin.post(`/api/chats/${chatId}/assign`, { operator_id: null, team_id: 999_999 })).body.error.code,
        'unknown_team',
      );
      const history = (await admin.get(`/api/messages/by_chat?chat_id=${chatId}`)).body.results;
      assert.ok(history.some((message: any) => message.service?.code === 'team_assigned' && message.service.params.team === 'Sales'));
      await Promise.all([salesSocket.close(), outsiderSocket.close(), replay.close()]);
    });

    test('into a team with nobody named: auto-assignment picks an online member under their cap, never a busy one', async () => {
      assert.equal((await admin.put('/api/inbox/policy', { auto_assign: true })).status, 200);
      const support = (await admin.get('/api/teams')).body.results.find((team: any) => team.name === 'Support');
      // Auto-assignment of new conversations is on now: take each new chat back to the general queue first.
      const chatId = await newChat('Needs help');
      await admin.post(`/api/chats/${chatId}/assign`, { operator_id: null });
      assert.equal((await people.support.client.put('/api/me/availability', { availability: 'busy' })).status, 200);
      await admin.post(`/api/chats/${chatId}/assign`, { operator_id: null, team_id: support.id });
      let chat = (await admin.get(`/api/chats/${chatId}`)).body;
      assert.deepEqual(
        [chat.team_id, chat.assigned_operator_id],
        [support.id, null],
        'the only member is busy: it waits in the team queue',
      );
      assert.equal((await people.support.client.get(`/api/chats/${chatId}`)).status, 200);

      assert.equal((await people.support.client.put('/api/me/availability', { availability: 'online' })).status, 200);
      const other = await newChat('Also needs help');
      await admin.post(`/api/chats/${other}/assign`, { operator_id: null });
      await admin.post(`/api/chats/${other}/assign`, { operator_id: null, team_id: support.id });
      chat = (await admin.get(`/api/chats/${other}`)).body;
      assert.deepEqual([chat.team_id, chat.assigned_operator_id], [support.id, people.support.id], 'online: the member gets it');
      const picked = (await admin.get(`/api/chats/${other}/assignments`)).body.results.at(-1);
      assert.equal(picked.reason, 'auto');
      await admin.put('/api/inbox/policy', { auto_assign: false });
    });

    test('bulk actions and macros move conversations to a team', async () => {
      const sales = (await admin.get('/api/teams')).body.results.find((team: any) => team.name === 'Sales');
      const [first, second] = [await newChat('Bulk one'), await newChat('Bulk two')];
      const bulk = await admin.post('/api/chats/bulk', {
        chat_ids: [first, second],
        actions: [{ type: 'assign', operator_id: null, team_id: sales.id }],
      });
      assert.equal(bulk.status, 200);
      assert.ok(bulk.body.results.every((result: any) => result.done && result.chat.team_id === sales.id));
      for (const id of [first, second]) assert.equal((await admin.get(`/api/chats/${id}`)).body.team_id, sales.id);
      const refused = await admin.post('/api/macros', {
        name: 'To nowhere',
        actions: [{ type: 'assign', operator_id: null, team_id: 999_999 }],
      });
      assert.equal(refused.status, 422);
      assert.equal(refused.body.error.code, 'unknown_team');
      // Back out of the team, so the report below counts one conversation for Sales.
      await admin.post('/api/chats/bulk', { chat_ids: [first, second], actions: [{ type: 'assign', operator_id: null, team_id: null }] });
      assert.equal((await admin.get(`/api/chats/${first}`)).body.team_id, null);
    });

    test('reports group by team; removing a team leaves its conversations in the general queue', async () => {
      const teams = (await admin.get('/api/teams')).body.results;
      const report = (await admin.get('/api/reports/overview?group_by=team')).body;
      const keys = report.groups.map((group: any) => group.key);
      for (const team of teams) assert.ok(keys.includes(team.id), `${team.name} has figures`);
      const sales = report.groups.find((group: any) => group.name === 'Sales');
      assert.equal(sales.opened, 1);
      assert.equal(
        report.groups.reduce((sum: number, group: any) => sum + group.opened, 0),
        report.totals.opened,
        'every conversation counts under exactly one team (or none)',
      );
      const supportTeam = teams.find((team: any) => team.name === 'Support');
      assert.equal((await admin.delete(`/api/teams/${supportTeam.id}`)).status, 204);
      const left = (await admin.get(`/api/chats?team_id=${supportTeam.id}`)).body.results;
      assert.deepEqual(left, []);
    });
  });
}
