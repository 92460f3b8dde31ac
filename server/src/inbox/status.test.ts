// Issue 26: conversation status (open, pending, snoozed, resolved), the snooze's wake-up by the jobs system on a
// test clock, the list's filters, and saved views.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import { createApiClient, signInWithToken, type ApiClient } from '../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../testing/harness.ts';
import { connectSocket, eventually } from '../testing/ws-client.ts';

for (const engine of testEngines()) {
  describe(`conversation status and views on ${engine}`, () => {
    let sim: Simulator;
    let server: TestServer;
    let admin: ApiClient;
    let operator: ApiClient;
    let operatorId: number;
    let token: string;
    let clockMs = Date.parse('2030-03-04T10:00:00Z');
    const clock = () => new Date(clockMs);

    before(async () => {
      sim = await startTelegramSimulator();
      token = sim.createBot({ username: 'status_bot' }).token;
      server = await startTestServer(
        engine,
        { TELEGRAM_API_ROOT: sim.apiRoot, TELEGRAM_BOT_TOKEN: token, TELEGRAM_MODE: 'polling' },
        undefined,
        { clock },
      );
      admin = await signInWithToken(server.url, testAdmin);
      assert.equal((await admin.put('/api/inbox/policy', { auto_assign: false, operators_see_unassigned: false })).status, 200);
      const created = await admin.post('/api/operators', {
        name: 'Olga',
        email: 'olga@example.com',
        password: 'password-olga-1',
        max_chats: 5,
      });
      operatorId = created.body.id;
      operator = await signInWithToken(server.url, { email: 'olga@example.com', password: 'password-olga-1' });
    });
    after(async () => {
      await server.stop();
      await sim.stop();
    });

    async function customerSays(user: { id: number }, text: string): Promise<number> {
      sim.sendText(token, { from: user.id, text });
      const message = await eventually(async () =>
        (await admin.get('/api/messages/?limit=200')).body.results.find((item: any) => item.text === text),
      );
      return message.chat_id;
    }
    const statusOf = async (chatId: number) => (await admin.get(`/api/chats/${chatId}`)).body;
    const lines = async (chatId: number) =>
      (await admin.get(`/api/messages/by_chat?chat_id=${chatId}`)).body.results.flatMap((message: any) =>
        message.service ? [message.service] : [],
      );

    test('pending, snoozed until a time, resolved and open again; bad input is a precise 400', async () => {
      const chatId = await customerSays(sim.createUser({ first_name: 'Pavel' }), 'where is my order?');
      const pending = await admin.post(`/api/chats/${chatId}/status`, { status: 'pending' });
      assert.equal(pending.status, 200);
      assert.equal(pending.body.status, 'pending');
      const until = new Date(clockMs + 2 * 3_600_000).toISOString();
      const snoozed = await admin.post(`/api/chats/${chatId}/status`, { status: 'snoozed', snoozed_until: until });
      assert.equal(snoozed.body.status, 'snoozed');
      assert.equal(snoozed.body.snoozed_until, until);
      assert.deepEqual((await lines(chatId)).map((line: any) => line.code).slice(0, 2), ['snoozed', 'marked_pending']);
      const past = await admin.post(`/api/chats/${chatId}/status`, {
        status: 'snoozed',
        snoozed_until: new Date(clockMs - 60_000).toISOString(),
      });
      assert.equal(past.status, 400);
      assert.match(past.body.error.message, /in the past/);
      const farAway = new Date(clockMs + 400 * 24 * 3_600_000).toISOString();
      assert.equal((await admin.post(`/api/chats/${chatId}/status`, { status: 'snoozed', snoozed_until: farAway })).status, 400);
      const stray = await admin.post(`/api/chats/${chatId}/status`, { status: 'open', snoozed_until: until });
      assert.equal(stray.status, 400);
      assert.match(stray.body.error.message, /only with "status": "snoozed"/);
      assert.equal((await admin.post(`/api/chats/${chatId}/status`, { status: 'sleeping' })).status, 400);
      assert.equal((await admin.post(`/api/chats/${chatId}/status`, { status: 'snoozed', snoozed_until: 'tomorrow' })).status, 400);
      assert.equal((await admin.post('/api/chats/999999/status', { status: 'open' })).status, 404);
      assert.equal((await statusOf(chatId)).status, 'snoozed', 'nothing half-written by the refused requests');
      assert.equal((await admin.post(`/api/chats/${chatId}/resolve`)).body.status, 'resolved');
      const reopened = await admin.post(`/api/chats/${chatId}/status`, { status: 'open' });
      assert.equal(reopened.body.status, 'open');
      assert.equal(reopened.body.snoozed_until, null);
    });

    test('a snooze ends when its time comes on the clock, by the jobs system, and the team is told', async () => {
      const customer = sim.createUser({ first_name: 'Sleepy' });
      const chatId = await customerSays(customer, 'call me back in an hour');
      const adminToken = (await createApiClient(server.url).post('/api/api-token-auth/', testAdmin)).body.token;
      const socket = await connectSocket(server.url, { token: adminToken });
      await socket.waitFor((frame) => frame.type === 'ready');
      // Olga holds nothing and may not see the queue: she must not hear of this conversation.
      const olgaToken = (
        await createApiClient(server.url).post('/api/api-token-auth/', { email: 'olga@example.com', password: 'password-olga-1' })
      ).body.token;
      const olgaSocket = await connectSocket(server.url, { token: olgaToken });
      await olgaSocket.waitFor((frame) => frame.type === 'ready');
      const until = new Date(clockMs + 3_600_000).toISOString();
      assert.equal((await admin.post(`/api/chats/${chatId}/status`, { status: 'snoozed', snoozed_until: until })).status, 200);
      const jobs = server.switchboard.jobs;
      assert.ok(jobs.queueNames().includes('inbox-snooze-wake'), 'the wake-up is a scheduled job');

      // Not due yet: the job runs and leaves it, as a direct call confirms it found nothing.
      clockMs += 59 * 60_000;
      assert.equal(await server.switchboard.inbox.status.wakeDue(), 0);
      assert.equal((await statusOf(chatId)).status, 'snoozed');

      clockMs += 2 * 60_000;
      await jobs.send('inbox-snooze-wake', {});
      const woken = await socket.waitFor(
        (frame) => frame.type === 'chat_updated' && frame.chat.id === chatId && frame.chat.status === 'open',
        15_000,
      );
      assert.equal(woken.chat.snoozed_until, null);
      assert.equal((await statusOf(chatId)).status, 'open');
      assert.equal((await lines(chatId))[0].code, 'snooze_ended');
      assert.ok(
        !olgaSocket.frames.some((frame) => JSON.stringify(frame).includes('call me back')),
        'an operator who may not see it hears nothing',
      );
      await Promise.all([socket.close(), olgaSocket.close()]);
    });

    test('snoozed until the customer writes: their message ends it; a pending conversation stays pending', async () => {
      const customer = sim.createUser({ first_name: 'Quiet' });
      const chatId = await customerSays(customer, 'I will send the photo later');
      const snoozed = await admin.post(`/api/chats/${chatId}/status`, { status: 'snoozed', snoozed_until: null });
      assert.equal(snoozed.body.snoozed_until, null);
      assert.equal((await lines(chatId))[0].params.until, null);
      clockMs += 30 * 24 * 3_600_000;
      assert.equal(await server.switchboard.inbox.status.wakeDue(), 0, 'no time ends it');
      await customerSays(customer, 'here is the photo');
      assert.equal((await statusOf(chatId)).status, 'open');

      const other = sim.createUser({ first_name: 'Waiting' });
      const pendingId = await customerSays(other, 'waiting for the courier');
      await admin.post(`/api/chats/${pendingId}/status`, { status: 'pending' });
      await customerSays(other, 'any news?');
      assert.equal((await statusOf(pendingId)).status, 'pending');
    });

    test('the list filters by status, assignee, label, messenger and account, within what each operator may see', async () => {
      const [a, b, c] = [sim.createUser({ first_name: 'Fa' }), sim.createUser({ first_name: 'Fb' }), sim.createUser({ first_name: 'Fc' })];
      const idA = await customerSays(a, 'filter a');
      const idB = await customerSays(b, 'filter b');
      const idC = await customerSays(c, 'filter c');
      await admin.post(`/api/chats/${idB}/status`, { status: 'pending' });
      await admin.post(`/api/chats/${idC}/resolve`);
      assert.equal((await admin.post(`/api/chats/${idA}/assign`, { operator_id: operatorId })).status, 200);
      assert.equal((await admin.post(`/api/chats/${idB}/assign`, { operator_id: operatorId })).status, 200);
      const label = (await admin.post('/api/labels', { name: 'Courier', color: 'teal' })).body;
      await admin.put(`/api/chats/${idB}/labels`, { label_ids: [label.id] });
      const ids = async (client: ApiClient, query: string) =>
        (await client.get(`/api/chats?limit=200&${query}`)).body.results
          .map((chat: any) => chat.id)
          .filter((id: number) => [idA, idB, idC].includes(id));
      assert.deepEqual(await ids(admin, 'status=pending'), [idB]);
      assert.deepEqual(await ids(admin, 'status=resolved'), [idC]);
      assert.deepEqual(await ids(admin, 'status=open'), [idA]);
      assert.deepEqual(await ids(admin, `assignee_id=${operatorId}`), [idB, idA]);
      assert.deepEqual(await ids(admin, `label_id=${label.id}`), [idB]);
      assert.deepEqual(await ids(admin, `label_id=${label.id}&status=open`), []);
      const channelId = (await statusOf(idA)).channel.id;
      assert.deepEqual(await ids(admin, `channel_id=${channelId}&messenger=telegram&status=resolved`), [idC]);
      assert.deepEqual(await ids(admin, `channel_id=${channelId + 1000}`), []);
      assert.deepEqual(await ids(operator, 'status=resolved'), [], 'the operator does not see what is not theirs, whatever the filter');
      assert.deepEqual(await ids(operator, 'status=pending'), [idB]);
      const refused = await admin.get('/api/chats?status=asleep');
      assert.equal(refused.status, 400);
      assert.equal((await admin.get('/api/chats?label_id=0')).status, 400);
      assert.equal((await operator.post(`/api/chats/${idC}/status`, { status: 'open' })).status, 404, 'a hidden conversation is a 404');
    });

    test('saved views: each person keeps their own; names are unique per person; bad filters are refused', async () => {
      const created = await operator.post('/api/views', { name: 'Waiting on courier', filters: { status: 'pending', label_id: 3 } });
      assert.equal(created.status, 201);
      assert.deepEqual(created.body.filters, { status: 'pending', label_id: 3 });
      assert.equal((await operator.post('/api/views', { name: 'waiting on courier', filters: {} })).status, 409);
      assert.equal(
        (await admin.post('/api/views', { name: 'Waiting on courier', filters: {} })).status,
        201,
        'another person may use the name',
      );
      const unknown = await operator.post('/api/views', { name: 'Odd', filters: { colour: 'red' } });
      assert.equal(unknown.status, 400);
      assert.equal((await operator.post('/api/views', { name: '   ', filters: {} })).status, 400);
      assert.equal((await operator.post('/api/views', { name: 'Bad status', filters: { status: 'asleep' } })).status, 400);
      assert.deepEqual(
        (await operator.get('/api/views')).body.results.map((view: any) => view.name),
        ['Waiting on courier'],
      );
      const id = created.body.id;
      assert.equal((await admin.patch(`/api/views/${id}`, { name: 'Mine now' })).status, 404, "another person's view is not there");
      assert.equal((await admin.delete(`/api/views/${id}`)).status, 404);
      assert.equal((await operator.patch(`/api/views/${id}`, {})).status, 400);
      const renamed = await operator.patch(`/api/views/${id}`, { name: 'Courier', filters: { status: 'pending' } });
      assert.equal(renamed.body.name, 'Courier');
      assert.deepEqual(renamed.body.filters, { status: 'pending' });
      assert.equal((await operator.delete(`/api/views/${id}`)).status, 204);
      assert.deepEqual((await operator.get('/api/views')).body.results, []);
    });

    test('notification settings: all on at first, each person changes their own, bad input is refused', async () => {
      assert.deepEqual((await operator.get('/api/me/notification-settings')).body, {
        mine: true,
        queue: true,
        sound: true,
        mentions: true,
      });
      const changed = await operator.put('/api/me/notification-settings', { queue: false });
      assert.deepEqual(changed.body, { mine: true, queue: false, sound: true, mentions: true });
      assert.deepEqual((await operator.put('/api/me/notification-settings', { sound: false })).body, {
        mine: true,
        queue: false,
        sound: false,
        mentions: true,
      });
      assert.deepEqual(
        (await admin.get('/api/me/notification-settings')).body,
        { mine: true, queue: true, sound: true, mentions: true },
        "not the admin's",
      );
      assert.equal((await operator.put('/api/me/notification-settings', { sound: 'loud' })).status, 400);
      assert.deepEqual((await operator.get('/api/me/notification-settings')).body, {
        mine: true,
        queue: false,
        sound: false,
        mentions: true,
      });
    });
  });
}
