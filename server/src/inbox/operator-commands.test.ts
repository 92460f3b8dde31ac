// Issue 26, the operator's tools: saved answers with variables (owners edit them), macros run in one
// transaction, and @mentions in private notes that reach only people who may see the conversation.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import { createApiClient, signInWithToken, type ApiClient } from '../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../testing/harness.ts';
import { connectSocket, eventually, type TestSocket } from '../testing/ws-client.ts';

for (const engine of testEngines()) {
  describe(`saved answers, macros and mentions on ${engine}`, () => {
    let sim: Simulator;
    let server: TestServer;
    let admin: ApiClient;
    let olga: ApiClient;
    let olgaId: number;
    let ivan: ApiClient;
    let ivanId: number;
    let token: string;
    const tokens = new Map<string, string>();
    const clockMs = Date.parse('2030-05-06T09:00:00Z');

    before(async () => {
      sim = await startTelegramSimulator();
      token = sim.createBot({ username: 'commands_bot' }).token;
      server = await startTestServer(
        engine,
        { TELEGRAM_API_ROOT: sim.apiRoot, TELEGRAM_BOT_TOKEN: token, TELEGRAM_MODE: 'polling' },
        undefined,
        { clock: () => new Date(clockMs) },
      );
      admin = await signInWithToken(server.url, testAdmin);
      assert.equal((await admin.put('/api/inbox/policy', { auto_assign: false, operators_see_unassigned: true })).status, 200);
      const people: Array<[string, string]> = [
        ['Olga', 'olga@example.com'],
        ['Ivan', 'ivan@example.com'],
      ];
      const ids: number[] = [];
      for (const [name, email] of people) {
        const created = await admin.post('/api/operators', { name, email, password: `password-${name}-1`, max_chats: 5 });
        assert.equal(created.status, 201);
        ids.push(created.body.id);
      }
      [olgaId, ivanId] = ids as [number, number];
      for (const [name, email] of people) {
        const signed = await createApiClient(server.url).post('/api/api-token-auth/', { email, password: `password-${name}-1` });
        tokens.set(name, signed.body.token);
      }
      olga = createApiClient(server.url, { token: tokens.get('Olga') });
      ivan = createApiClient(server.url, { token: tokens.get('Ivan') });
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
    const messagesOf = async (chatId: number) => (await admin.get(`/api/messages/by_chat?chat_id=${chatId}`)).body.results;

    test('variables fill in for the conversation; hostile names stay text; only the owner or an admin edits', async () => {
      const hostile = '{{operator.name}} <img src=x onerror=alert(1)> $& $1';
      const chatId = await customerSays(sim.createUser({ first_name: hostile }), 'hello there');
      const saved = await olga.post('/api/canned-responses', {
        shortcut: 'greet',
        text: 'Hello {{contact.name}}, {{ operator.name }} here. {{contact.phone}}.',
      });
      assert.equal(saved.status, 201, JSON.stringify(saved.body));
      const list = await olga.get(`/api/canned-responses?q=greet&chat_id=${chatId}`);
      const answer = list.body.results.find((item: any) => item.id === saved.body.id);
      assert.equal(answer.rendered, `Hello ${hostile}, Olga here. .`, 'a value goes in once, as text; no second expansion');
      assert.equal(answer.can_edit, true);
      assert.equal((await ivan.get(`/api/canned-responses?chat_id=${chatId}`)).body.results[0].can_edit, false);

      const typo = await olga.post('/api/canned-responses', { shortcut: 'typo', text: 'Hi {{contact.nmae}}' });
      assert.equal(typo.status, 422);
      assert.equal(typo.body.error.code, 'unknown_variable');
      assert.match(typo.body.error.message, /\{\{contact\.name\}\}/, 'the refusal lists the variables that exist');

      const notYours = await ivan.patch(`/api/canned-responses/${saved.body.id}`, { text: 'mine now' });
      assert.equal(notYours.status, 403);
      assert.equal((await ivan.delete(`/api/canned-responses/${saved.body.id}`)).status, 403);
      const edited = await olga.patch(`/api/canned-responses/${saved.body.id}`, { text: 'Hi {{contact.first_name}}!' });
      assert.equal(edited.status, 200);
      assert.equal(edited.body.text, 'Hi {{contact.first_name}}!');
      assert.equal((await admin.patch(`/api/canned-responses/${saved.body.id}`, { shortcut: 'hi' })).body.shortcut, 'hi');
      await olga.post('/api/canned-responses', { shortcut: 'bye', text: 'Bye' });
      assert.equal((await olga.patch(`/api/canned-responses/${saved.body.id}`, { shortcut: 'BYE' })).status, 409);

      // A conversation Ivan may not see is not filled in for him (and not confirmed to exist).
      assert.equal((await olga.post(`/api/chats/${chatId}/assign`, { operator_id: olgaId })).status, 200);
      assert.equal((await ivan.get(`/api/canned-responses?chat_id=${chatId}`)).status, 404);
      assert.equal((await olga.delete(`/api/canned-responses/${saved.body.id}`)).status, 204);
    });

    test('a macro labels, assigns, replies with variables, notes and snoozes in one run; others cannot run it on hidden chats', async () => {
      const customer = sim.createUser({ first_name: 'Marat' });
      const chatId = await customerSays(customer, 'is my parcel lost?');
      const label = await admin.post('/api/labels', { name: 'delivery', color: 'orange' });
      const macro = await olga.post('/api/macros', {
        name: 'Parcel check',
        actions: [
          { type: 'label', label_id: label.body.id },
          { type: 'assign', operator_id: 'me' },
          { type: 'reply', text: 'Hi {{contact.first_name}}, {{operator.name}} is checking your parcel.' },
          { type: 'note', text: 'asked the courier' },
          { type: 'snooze', minutes: 60 },
        ],
      });
      assert.equal(macro.status, 201, JSON.stringify(macro.body));
      assert.equal((await ivan.post('/api/macros', { name: 'parcel CHECK', actions: [{ type: 'resolve' }] })).status, 409);
      assert.equal((await ivan.post('/api/macros', { name: 'empty', actions: [] })).status, 400);
      assert.equal((await ivan.patch(`/api/macros/${macro.body.id}`, { name: 'taken over' })).status, 403);

      const ran = await olga.post(`/api/macros/${macro.body.id}/run`, { chat_id: chatId });
      assert.equal(ran.status, 200, JSON.stringify(ran.body));
      assert.equal(ran.body.status, 'snoozed');
      assert.equal(ran.body.snoozed_until, new Date(clockMs + 3_600_000).toISOString());
      assert.equal(ran.body.assigned_operator_id, olgaId);
      await sim.waitForSent(token, customer.id, (message) => message.text === 'Hi Marat, Olga is checking your parcel.', 10_000);
      const chat = (await admin.get(`/api/chats/${chatId}`)).body;
      assert.equal(chat.assigned_operator_id, olgaId);
      assert.deepEqual(
        (await admin.get(`/api/chats/${chatId}/labels`)).body.labels.map((item: any) => item.name),
        ['delivery'],
      );
      const messages = await messagesOf(chatId);
      assert.ok(messages.some((message: any) => message.is_private && message.text === 'asked the courier'));
      assert.deepEqual(messages.flatMap((message: any) => (message.service ? [message.service.code] : [])).slice(0, 2), [
        'snoozed',
        'assigned',
      ]);

      // Ivan may not see Olga's conversation: running a macro on it is a 404, and nothing changes.
      const resolve = await ivan.post('/api/macros', { name: 'Resolve', actions: [{ type: 'resolve' }] });
      assert.equal((await ivan.post(`/api/macros/${resolve.body.id}/run`, { chat_id: chatId })).status, 404);
      assert.equal((await admin.get(`/api/chats/${chatId}`)).body.status, 'snoozed');
      const resolved = await olga.post(`/api/macros/${resolve.body.id}/run`, { chat_id: chatId });
      assert.equal(resolved.body.status, 'resolved');
      // An operator may not move someone else's conversation to a third person through a macro either.
      const toIvan = await admin.post('/api/macros', { name: 'To Ivan', actions: [{ type: 'assign', operator_id: ivanId }] });
      const other = await customerSays(sim.createUser({ first_name: 'Dina' }), 'question for admin');
      assert.equal((await admin.post(`/api/chats/${other}/assign`, { operator_id: ivanId })).status, 200);
      assert.equal((await admin.post(`/api/operators`, { name: 'Zoe', email: 'zoe@example.com', password: 'password-Zoe-1' })).status, 201);
      const zoe = await signInWithToken(server.url, { email: 'zoe@example.com', password: 'password-Zoe-1' });
      const chatForZoe = await customerSays(sim.createUser({ first_name: 'Emil' }), 'queue question');
      const refused = await zoe.post(`/api/macros/${toIvan.body.id}/run`, { chat_id: chatForZoe });
      assert.equal(refused.status, 422);
      assert.equal(refused.body.error.code, 'not_allowed');
      assert.equal((await admin.get(`/api/chats/${chatForZoe}`)).body.assigned_operator_id, null);
    });

    test('a step that fails inside the run leaves nothing half-done: no label, no reply, no line', async () => {
      const customer = sim.createUser({ first_name: 'Lev' });
      const chatId = await customerSays(customer, 'refund please');
      const label = await admin.post('/api/labels', { name: 'refund', color: 'red' });
      const temp = await admin.post('/api/operators', { name: 'Temp', email: 'temp@example.com', password: 'password-temp-1' });
      const macro = await admin.post('/api/macros', {
        name: 'Refund to Temp',
        actions: [
          { type: 'label', label_id: label.body.id },
          { type: 'reply', text: 'Passing you to {{operator.name}}' },
          { type: 'assign', operator_id: temp.body.id },
        ],
      });
      assert.equal(macro.status, 201);
      assert.equal((await admin.patch(`/api/operators/${temp.body.id}`, { is_active: false })).status, 200);
      const before = await messagesOf(chatId);
      const failed = await admin.post(`/api/macros/${macro.body.id}/run`, { chat_id: chatId });
      assert.equal(failed.status, 422);
      assert.equal(failed.body.error.code, 'not_an_operator');
      assert.deepEqual((await admin.get(`/api/chats/${chatId}/labels`)).body.labels, []);
      assert.deepEqual(await messagesOf(chatId), before, 'no reply, no service line');
      assert.equal((await admin.get(`/api/chats/${chatId}`)).body.assigned_operator_id, null);
      // Saving a macro that could never run is refused up front.
      const bad = await admin.post('/api/macros', { name: 'Broken', actions: [{ type: 'assign', operator_id: temp.body.id }] });
      assert.equal(bad.status, 422);
      assert.equal(bad.body.error.code, 'unknown_assignee');
      assert.equal(
        (await admin.post('/api/macros', { name: 'Typo', actions: [{ type: 'reply', text: '{{x}}' }] })).body.error.code,
        'unknown_variable',
      );
      assert.equal((await admin.post('/api/macros', { name: 'Jump', actions: [{ type: 'fly' }] })).status, 400);
    });

    test('bulk: label, take and snooze many at once; a conversation the caller may not see is refused alone, untouched', async () => {
      const label = await admin.post('/api/labels', { name: 'callback', color: 'blue' });
      const first = await customerSays(sim.createUser({ first_name: 'Bulk', last_name: 'One' }), 'bulk one');
      const second = await customerSays(sim.createUser({ first_name: 'Bulk', last_name: 'Two' }), 'bulk two');
      const ivans = await customerSays(sim.createUser({ first_name: 'Bulk', last_name: 'Hidden' }), 'bulk hidden');
      assert.equal((await admin.post(`/api/chats/${ivans}/assign`, { operator_id: ivanId })).status, 200);

      const ran = await olga.post('/api/chats/bulk', {
        chat_ids: [first, ivans, second],
        actions: [
          { type: 'label', label_id: label.body.id },
          { type: 'assign', operator_id: 'me' },
          { type: 'snooze', minutes: 60 },
        ],
      });
      assert.equal(ran.status, 200, JSON.stringify(ran.body));
      assert.deepEqual(
        ran.body.results.map((item: any) => [item.chat_id, item.done, item.error?.code ?? item.chat.status]),
        [
          [first, true, 'snoozed'],
          [ivans, false, 'not_found'],
          [second, true, 'snoozed'],
        ],
      );
      for (const chatId of [first, second]) {
        const chat = (await admin.get(`/api/chats/${chatId}`)).body;
        assert.deepEqual([chat.assigned_operator_id, chat.snoozed_until], [olgaId, new Date(clockMs + 3_600_000).toISOString()]);
        assert.deepEqual(
          (await admin.get(`/api/chats/${chatId}/labels`)).body.labels.map((item: any) => item.name),
          ['callback'],
        );
      }
      const hidden = (await admin.get(`/api/chats/${ivans}`)).body;
      assert.deepEqual([hidden.assigned_operator_id, hidden.status], [ivanId, 'open']);
      assert.deepEqual((await admin.get(`/api/chats/${ivans}/labels`)).body.labels, []);

      // An admin resolves them all; a missing one is reported, the rest are done.
      const resolved = await admin.post('/api/chats/bulk', { chat_ids: [first, second, ivans, 999_999], actions: [{ type: 'resolve' }] });
      assert.deepEqual(
        resolved.body.results.map((item: any) => [item.done, item.error?.code ?? item.chat.status]),
        [
          [true, 'resolved'],
          [true, 'resolved'],
          [true, 'resolved'],
          [false, 'not_found'],
        ],
      );
      // Writing to customers in bulk is a broadcast, not a list action; and the list has bounds.
      const reply = await admin.post('/api/chats/bulk', { chat_ids: [first], actions: [{ type: 'reply', text: 'hi all' }] });
      assert.equal(reply.status, 400);
      assert.equal((await admin.post('/api/chats/bulk', { chat_ids: [], actions: [{ type: 'resolve' }] })).status, 400);
      const tooMany = Array.from({ length: 201 }, (_, index) => index + 1);
      const refused = await admin.post('/api/chats/bulk', { chat_ids: tooMany, actions: [{ type: 'resolve' }] });
      assert.equal(refused.status, 400);
      assert.match(refused.body.error.message, /at most 200/);
    });

    test('a mention alerts only the person named, and only someone who may see the conversation', async () => {
      assert.equal((await admin.put('/api/inbox/policy', { operators_see_unassigned: false })).status, 200);
      let sockets: TestSocket[] = [];
      try {
        const olgaSocket = await connectSocket(server.url, { token: tokens.get('Olga') });
        const ivanSocket = await connectSocket(server.url, { token: tokens.get('Ivan') });
        sockets = [olgaSocket, ivanSocket];
        await Promise.all(sockets.map((socket) => socket.waitFor((frame) => frame.type === 'ready')));
        const olgasChat = await customerSays(sim.createUser({ first_name: 'Nika' }), 'note me');
        const ivansChat = await customerSays(sim.createUser({ first_name: 'Oleg' }), 'note me too');
        await admin.post(`/api/chats/${olgasChat}/assign`, { operator_id: olgaId });
        await admin.post(`/api/chats/${ivansChat}/assign`, { operator_id: ivanId });

        const offered = (await admin.get(`/api/chats/${olgasChat}/mentionable`)).body.results;
        assert.deepEqual(
          offered.map((person: any) => person.name),
          ['Olga'],
          'only who may see it (not Ivan, not the author)',
        );
        const before = await messagesOf(olgasChat);
        const refused = await admin.post(`/api/chats/${olgasChat}/notes`, { text: '@Ivan look', mentions: [ivanId] });
        assert.equal(refused.status, 422);
        assert.equal(refused.body.error.code, 'cannot_mention');
        assert.deepEqual(await messagesOf(olgasChat), before, 'the note was not written');

        const me = (await admin.get('/api/auth/me')).body.user;
        const note = await admin.post(`/api/chats/${olgasChat}/notes`, { text: '@Olga call her back', mentions: [olgaId] });
        assert.equal(note.status, 201);
        const alert = await olgaSocket.waitFor((frame) => frame.type === 'mention');
        assert.deepEqual(
          { chat_id: alert.chat_id, message_id: alert.message_id, by: alert.by, text: alert.text },
          { chat_id: olgasChat, message_id: note.body.id, by: me.name || me.email, text: '@Olga call her back' },
        );
        // Events reach each socket in order: once Ivan has his own mention, an earlier one for him would have come first.
        await admin.post(`/api/chats/${ivansChat}/notes`, { text: '@Ivan yours', mentions: [ivanId] });
        await ivanSocket.waitFor((frame) => frame.type === 'mention' && frame.chat_id === ivansChat);
        assert.deepEqual(
          ivanSocket.frames.filter((frame) => frame.type === 'mention').map((frame) => frame.chat_id),
          [ivansChat],
        );
        assert.ok(!olgaSocket.frames.some((frame) => frame.type === 'mention' && frame.chat_id === ivansChat));
        const settings = await olga.put('/api/me/notification-settings', { mentions: false });
        assert.deepEqual(settings.body, { mine: true, queue: true, sound: true, mentions: false });
      } finally {
        await Promise.all(sockets.map((socket) => socket.close()));
        await admin.put('/api/inbox/policy', { operators_see_unassigned: true });
      }
    });
  });
}
