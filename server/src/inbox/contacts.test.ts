import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import { signInWithToken, type ApiClient } from '../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../testing/harness.ts';
import { eventually } from '../testing/ws-client.ts';

for (const engine of testEngines()) {
  describe(`contacts on ${engine}`, () => {
    let sim: Simulator;
    let server: TestServer;
    let admin: ApiClient;
    let token: string;
    before(async () => {
      sim = await startTelegramSimulator();
      token = sim.createBot({ username: 'contacts_bot' }).token;
      server = await startTestServer(engine, { TELEGRAM_API_ROOT: sim.apiRoot, TELEGRAM_BOT_TOKEN: token, TELEGRAM_MODE: 'polling' });
      admin = await signInWithToken(server.url, testAdmin);
      await admin.put('/api/inbox/policy', { auto_assign: false, operators_see_unassigned: false });
    });
    after(async () => {
      await server.stop();
      await sim.stop();
    });

    async function customerWrites(name: string, text: string) {
      const user = sim.createUser({ first_name: name, username: `${name.toLowerCase()}_${Date.now()}` });
      sim.sendText(token, { from: user.id, text });
      const message = await eventually(async () =>
        (await admin.get('/api/messages/?limit=200')).body.results.find((item: any) => item.text === text),
      );
      const chat = (await admin.get(`/api/chats/${message.chat_id}`)).body;
      return { user, chatId: chat.id as number, contactId: chat.contact.id as number };
    }

    test('the list carries messengers, conversation count and last activity; the profile carries each conversation’s bot', async () => {
      const { chatId, contactId } = await customerWrites('Listed', 'hello from the list');
      const list = await admin.get(`/api/contacts?q=${encodeURIComponent('isted')}`);
      assert.equal(list.status, 200);
      const row = list.body.results.find((item: any) => item.id === contactId);
      assert.deepEqual(row.messengers, ['telegram']);
      assert.equal(row.conversation_count, 1);
      assert.ok(row.last_activity_at && Date.now() - Date.parse(row.last_activity_at) < 120_000);
      const profile = (await admin.get(`/api/contacts/${contactId}`)).body;
      assert.equal(profile.conversations[0].id, chatId);
      assert.equal(profile.conversations[0].channel.kind, 'telegram_bot');
      assert.equal(profile.conversations[0].channel.username, 'contacts_bot');
      assert.equal(profile.conversations[0].last_message_preview, 'hello from the list');
    });

    test("a name staff set wins over the messenger's profile name, which is kept beside it", async () => {
      const { user, contactId } = await customerWrites('Annie', 'my first message');
      assert.equal((await admin.patch(`/api/contacts/${contactId}`, { display_name: 'Anna (wholesale)' })).status, 200);
      // She renames herself in Telegram and writes again.
      user.first_name = 'Annie Renamed';
      const text = 'my second message';
      sim.sendText(token, { from: user.id, text });
      await eventually(async () => (await admin.get('/api/messages/?limit=200')).body.results.find((item: any) => item.text === text));
      const contact = (await admin.get(`/api/contacts/${contactId}`)).body;
      assert.equal(contact.display_name, 'Anna (wholesale)', 'the name staff set stays');
      assert.equal(contact.profile_name, 'Annie Renamed', "the messenger's name is kept beside it, current");
      assert.equal(contact.name_set_by_staff, true);

      // Without a name from staff, the messenger's name is the name.
      const other = await customerWrites('Boris', 'hi');
      other.user.first_name = 'Boris Renamed';
      sim.sendText(token, { from: other.user.id, text: 'hi again' });
      await eventually(async () => (await admin.get(`/api/contacts/${other.contactId}`)).body.display_name === 'Boris Renamed');
    });

    test('a profile edit is validated field by field, and an empty phone clears it', async () => {
      const { contactId } = await customerWrites('Edited', 'edit me');
      const letters = await admin.patch(`/api/contacts/${contactId}`, { phone: 'call me' });
      assert.equal(letters.status, 400);
      assert.match(letters.body.error.message, /phone: use digits/);
      const short = await admin.patch(`/api/contacts/${contactId}`, { phone: '+7 12' });
      assert.equal(short.status, 400);
      assert.match(short.body.error.message, /phone: an international number has 7 to 15 digits/);
      const emptyName = await admin.patch(`/api/contacts/${contactId}`, { display_name: '   ' });
      assert.match(emptyName.body.error.message, /display_name: the name cannot be empty/);
      const saved = await admin.patch(`/api/contacts/${contactId}`, { phone: '+7 (701) 123-45-67', tags: [' vip ', 'vip'], notes: 'ok' });
      assert.equal(saved.status, 200);
      assert.equal(saved.body.phone, '+7 (701) 123-45-67');
      assert.deepEqual(saved.body.tags, ['vip']);
      const cleared = await admin.patch(`/api/contacts/${contactId}`, { phone: '' });
      assert.equal(cleared.body.phone, null);
    });

    test('an operator lists and opens only the contacts of conversations assigned to them, and may not merge', async () => {
      const mine = await customerWrites('Mine', 'assigned to the operator');
      const theirs = await customerWrites('Theirs', 'nobody gave it to the operator');
      const created = await admin.post('/api/operators', {
        name: 'Olive',
        email: `olive-${engine}@example.com`,
        password: 'operator-pass-1',
        role: 'operator',
      });
      assert.equal(created.status, 201);
      assert.equal((await admin.post(`/api/chats/${mine.chatId}/assign`, { operator_id: created.body.id })).status, 200);
      const operator = await signInWithToken(server.url, { email: `olive-${engine}@example.com`, password: 'operator-pass-1' });
      const ids = (await operator.get('/api/contacts?limit=200')).body.results.map((item: any) => item.id);
      assert.ok(ids.includes(mine.contactId));
      assert.ok(!ids.includes(theirs.contactId));
      assert.equal((await operator.get(`/api/contacts/${theirs.contactId}`)).status, 404);
      assert.equal((await operator.patch(`/api/contacts/${theirs.contactId}`, { notes: 'sneaky' })).status, 404);
      assert.equal((await operator.post(`/api/contacts/${mine.contactId}/merge`, { duplicate_id: theirs.contactId })).status, 403);
    });

    test('a merge refuses to delete a duplicate that an app still keeps records for, and works the other way round', async () => {
      const kept = await customerWrites('Keeper', 'I am the keeper');
      const duplicate = await customerWrites('Profiled', 'I have an app profile');
      const db = server.switchboard.database.db;
      // An app's profile table (like the portal's accounts) that cascades from contacts.
      await sql`CREATE TABLE IF NOT EXISTS test_app_profiles (contact_id integer PRIMARY KEY REFERENCES contacts (id) ON DELETE CASCADE)`.execute(
        db,
      );
      await sql`INSERT INTO test_app_profiles (contact_id) VALUES (${duplicate.contactId})`.execute(db);
      const refused = await admin.post(`/api/contacts/${kept.contactId}/merge`, { duplicate_id: duplicate.contactId });
      assert.equal(refused.status, 409);
      assert.match(refused.body.error.message, new RegExp(`test_app_profiles.*keep contact ${duplicate.contactId}`));
      assert.equal((await admin.get(`/api/contacts/${kept.contactId}`)).body.conversations.length, 1, 'nothing moved');

      const merged = await admin.post(`/api/contacts/${duplicate.contactId}/merge`, { duplicate_id: kept.contactId });
      assert.equal(merged.status, 200);
      const profile = (await admin.get(`/api/contacts/${duplicate.contactId}`)).body;
      assert.deepEqual(profile.conversations.map((item: any) => item.id).sort(), [kept.chatId, duplicate.chatId].sort());
      const rows = await sql<{ contact_id: number }>`SELECT contact_id FROM test_app_profiles`.execute(db);
      assert.deepEqual(rows.rows, [{ contact_id: duplicate.contactId }]);
    });
  });
}
