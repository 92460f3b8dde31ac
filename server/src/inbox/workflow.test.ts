import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import { signInWithToken, type ApiClient } from '../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../testing/harness.ts';
import { eventually } from '../testing/ws-client.ts';
import { settled } from '../testing/settled.ts';

for (const engine of testEngines()) {
  describe(`working the queue on ${engine}`, () => {
    let sim: Simulator;
    let server: TestServer;
    let admin: ApiClient;
    let token: string;
    before(async () => {
      sim = await startTelegramSimulator();
      token = sim.createBot({ username: 'queue_bot' }).token;
      server = await startTestServer(engine, { TELEGRAM_API_ROOT: sim.apiRoot, TELEGRAM_BOT_TOKEN: token, TELEGRAM_MODE: 'polling' });
      admin = await signInWithToken(server.url, testAdmin);
    });
    after(async () => {
      await server.stop();
      await sim.stop();
    });

    async function customerSays(user: { id: number }, text: string) {
      sim.sendText(token, { from: user.id, text });
      return eventually(async () =>
        (await admin.get('/api/messages/?limit=200')).body.results.find((message: any) => message.text === text),
      );
    }

    test('search finds Russian and English by stem and partial words, and contacts by part of a name', async () => {
      const olga = sim.createUser({ first_name: 'Ольга', last_name: 'Смирнова', username: 'olga_s' });
      await customerSays(olga, 'Хочу записаться на стрижку в пятницу');
      await customerSays(olga, 'Are you booking haircuts next week?');
      const stem = await admin.get(`/api/search?q=${encodeURIComponent('стрижки')}`);
      assert.ok(
        stem.body.messages.some((message: any) => message.text.startsWith('Хочу записаться')),
        'Russian stem',
      );
      assert.equal(stem.body.messages[0].chat_title, 'Ольга Смирнова', 'a private chat is named after its contact');
      const english = await admin.get('/api/search?q=haircut');
      assert.ok(
        english.body.messages.some((message: any) => message.text.startsWith('Are you booking')),
        'English stem',
      );
      const partial = await admin.get(`/api/search?q=${encodeURIComponent('пятн')}`);
      assert.ok(partial.body.messages.length >= 1, 'partial word');
      const person = await admin.get(`/api/search?q=${encodeURIComponent('Смирн')}`);
      assert.equal(person.body.contacts[0].username, 'olga_s');
      assert.equal((await admin.get(`/api/contacts?q=${encodeURIComponent('ольг')}`)).body.results.length, 1);
      assert.equal((await admin.get('/api/search?q=')).status, 400);
    });

    test('resolve and reopen; a new customer message reopens; labels; private notes never reach the customer', async () => {
      const user = sim.createUser({ first_name: 'Queue' });
      const first = await customerSays(user, 'first question');
      const resolved = await admin.post(`/api/chats/${first.chat_id}/resolve`);
      assert.equal(resolved.body.status, 'resolved');
      await customerSays(user, 'one more thing');
      assert.equal((await admin.get(`/api/chats/${first.chat_id}`)).body.status, 'open');
      const label = await admin.post('/api/labels', { name: 'VIP', color: 'gold' });
      assert.equal(label.status, 201);
      assert.equal((await admin.post('/api/labels', { name: 'vip' })).status, 409);
      const labelled = await admin.put(`/api/chats/${first.chat_id}/labels`, { label_ids: [label.body.id] });
      assert.deepEqual(
        labelled.body.labels.map((item: any) => item.name),
        ['VIP'],
      );
      assert.deepEqual(
        (await admin.get(`/api/chats/${first.chat_id}/labels`)).body.labels.map((item: any) => item.name),
        ['VIP'],
        'the header reads them back',
      );
      assert.equal((await admin.get('/api/chats/999999/labels')).status, 404);
      assert.deepEqual((await admin.get(`/api/chats/${first.chat_id}`)).body.label_ids, [label.body.id], 'the chat carries its label ids');
      const listed = (await admin.get('/api/chats')).body.results.find((chat: any) => chat.id === first.chat_id);
      assert.deepEqual(listed.label_ids, [label.body.id], 'so do the list rows');
      const note = await admin.post(`/api/chats/${first.chat_id}/notes`, { text: 'pays late, be polite' });
      assert.equal(note.status, 201);
      assert.equal(note.body.is_private, true);
      const history = (await admin.get(`/api/messages/by_chat?chat_id=${first.chat_id}`)).body.results;
      assert.ok(history.some((message: any) => message.is_private && message.text === 'pays late, be polite'));
      await settled(server.switchboard.database.db);
      assert.ok(!sim.sentMessages(token, user.id).some((message) => message.text === 'pays late, be polite'));
      assert.ok(
        !(await admin.get('/api/search?q=polite')).body.messages.length,
        'notes stay out of search results shown next to customer text',
      );
    });

    test('canned responses, typing indicator and per-chat statistics', async () => {
      const created = await admin.post('/api/canned-responses', { shortcut: 'price', text: 'Стрижка — 5 000 ₸' });
      assert.equal(created.status, 201);
      assert.equal((await admin.post('/api/canned-responses', { shortcut: 'bad shortcut', text: 'x' })).status, 400);
      assert.equal((await admin.get('/api/canned-responses?q=/pr')).body.results[0].text, 'Стрижка — 5 000 ₸');
      const user = sim.createUser({ first_name: 'Stats' });
      const incoming = await customerSays(user, 'how much?');
      const typing = await admin.post(`/api/chats/${incoming.chat_id}/typing`);
      assert.equal(typing.body.sent, true);
      assert.equal((await admin.post(`/api/chats/${incoming.chat_id}/typing`)).body.sent, false, 'throttled');
      await eventually(() => sim.chatActions(token, user.id).includes('typing'));
      await admin.post(`/api/chats/${incoming.chat_id}/messages`, { text: 'Стрижка — 5 000 ₸' });
      const stats = await admin.get(`/api/chats/${incoming.chat_id}/stats`);
      assert.equal(stats.body.messages_in, 1);
      assert.equal(stats.body.messages_out, 1);
      assert.equal(stats.body.answered_turns, 1);
      assert.ok(stats.body.median_response_seconds >= 0);
    });

    test('contacts: profile with tags and notes, and merging a duplicate', async () => {
      const a = sim.createUser({ first_name: 'Twin', username: 'twin_a' });
      const b = sim.createUser({ first_name: 'Twin', username: 'twin_b' });
      const first = await customerSays(a, 'I am twin a');
      const second = await customerSays(b, 'I am twin b');
      const keep = (await admin.get(`/api/chats/${first.chat_id}`)).body.contact.id;
      const duplicate = (await admin.get(`/api/chats/${second.chat_id}`)).body.contact.id;
      const patched = await admin.patch(`/api/contacts/${keep}`, {
        phone: '+7 701 123 45 67',
        tags: ['vip', 'vip', 'regular'],
        notes: 'prefers mornings',
      });
      assert.deepEqual(patched.body.tags, ['vip', 'regular']);
      const merged = await admin.post(`/api/contacts/${keep}/merge`, { duplicate_id: duplicate });
      assert.equal(merged.status, 200);
      assert.equal((await admin.get(`/api/contacts/${duplicate}`)).status, 404);
      const profile = (await admin.get(`/api/contacts/${keep}`)).body;
      assert.equal(profile.identities.length, 2);
      assert.equal(profile.conversations.length, 2);
      assert.equal(profile.phone, '+7 701 123 45 67');
      assert.equal((await admin.post(`/api/contacts/${keep}/merge`, { duplicate_id: keep })).status, 409);
    });
  });
}
