// One list of people (issue 25): a portal client is a contact. Portal access is given to a contact who wrote to a
// bot, a client added from the portal side is a contact, the contacts list marks who has portal access
// (GET /api/clients?ids=), and one person's portal account, tickets and invoices follow the inbox's visibility of
// that contact: the operator holding the conversation sees them, another operator sees none of it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import { signInWithToken, type ApiClient } from '../../testing/api-client.ts';
import { createPortalClient, linkTelegram } from '../../testing/portal.fixture.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../../testing/harness.ts';
import { eventually } from '../../testing/ws-client.ts';

for (const engine of testEngines()) {
  describe(`one list of people on ${engine}`, () => {
    let sim: Simulator;
    let server: TestServer;
    let admin: ApiClient;
    let holder: ApiClient;
    let stranger: ApiClient;
    let contactId: number;
    let otherContactId: number;
    let token: string;

    before(async () => {
      sim = await startTelegramSimulator();
      token = sim.createBot({ username: 'people_bot' }).token;
      server = await startTestServer(engine, { TELEGRAM_API_ROOT: sim.apiRoot, TELEGRAM_BOT_TOKEN: token, TELEGRAM_MODE: 'polling' });
      admin = await signInWithToken(server.url, testAdmin);
      assert.equal((await admin.put('/api/inbox/policy', { auto_assign: false, operators_see_unassigned: false })).status, 200);
      const operatorIds: number[] = [];
      for (const name of ['holder', 'stranger']) {
        const created = await admin.post('/api/operators', { name, email: `${name}@example.com`, password: `password-${name}-1` });
        assert.equal(created.status, 201, JSON.stringify(created.body));
        operatorIds.push(created.body.id);
      }
      holder = await signInWithToken(server.url, { email: 'holder@example.com', password: 'password-holder-1' });
      stranger = await signInWithToken(server.url, { email: 'stranger@example.com', password: 'password-stranger-1' });
      // Two people write to the bot; the holder gets the first one's conversation, nobody the second's.
      const ids: number[] = [];
      for (const name of ['Дана', 'Ерлан']) {
        const user = sim.createUser({ first_name: name });
        sim.sendText(token, { from: user.id, text: `Здравствуйте, это ${name}` });
        const message = await eventually(async () =>
          (await admin.get('/api/messages/')).body.results.find((item: any) => item.text === `Здравствуйте, это ${name}`),
        );
        ids.push((await admin.get(`/api/chats/${message.chat_id}`)).body.contact.id);
        if (ids.length === 1)
          assert.equal((await admin.post(`/api/chats/${message.chat_id}/assign`, { operator_id: operatorIds[0] })).status, 200);
      }
      [contactId, otherContactId] = ids as [number, number];
    });
    after(async () => {
      await server.stop();
      await sim.stop();
    });

    test('a contact who wrote to the bot gets portal access: the account is that contact, with tickets and invoices', async () => {
      // The holder (who may see the contact) gives them portal access; the account's id is the contact's.
      const created = await holder.post('/api/clients', { contact_id: contactId, email: 'dana@example.com', language: 'ru' });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.id, contactId);
      assert.equal(created.body.display_name, 'Дана', "the contact's name");
      assert.equal(created.body.portal_status, 'not_invited');
      const again = await admin.post('/api/clients', { contact_id: contactId, email: 'dana2@example.com' });
      assert.equal(again.status, 409);
      assert.equal(again.body.error.code, 'already_client');

      // The contact's name is the client's: one record, edited in either place.
      assert.equal((await admin.patch(`/api/contacts/${contactId}`, { display_name: 'Дана Серикова' })).status, 200);
      assert.equal((await admin.get(`/api/clients/${contactId}`)).body.display_name, 'Дана Серикова');

      const ticket = await admin.post('/api/tickets', { client_id: contactId, subject: 'Не работает вход' });
      assert.equal(ticket.status, 201, JSON.stringify(ticket.body));
      const invoice = await admin.post('/api/invoices', {
        client_id: contactId,
        currency: 'KZT',
        lines: [{ description: 'Подключение', quantity: 1, unit_price: 5000 }],
      });
      assert.equal(invoice.status, 201, JSON.stringify(invoice.body));

      // The contact page's portal section: the account, the tickets and the invoices of this contact.
      for (const caller of [admin, holder]) {
        assert.equal((await caller.get(`/api/contacts/${contactId}`)).status, 200);
        assert.equal((await caller.get(`/api/clients/${contactId}`)).body.email, 'dana@example.com');
        assert.deepEqual(
          (await caller.get(`/api/tickets?client_id=${contactId}`)).body.results.map((row: any) => row.id),
          [ticket.body.id],
        );
        assert.deepEqual(
          (await caller.get(`/api/invoices?client_id=${contactId}`)).body.results.map((row: any) => row.id),
          [invoice.body.id],
        );
      }
    });

    test('the list marks who has portal access among the ids asked, only those the caller may see', async () => {
      const marks = async (caller: ApiClient) =>
        (await caller.get(`/api/clients?ids=${contactId},${otherContactId},999999`)).body.results.map((row: any) => [
          row.id,
          row.portal_status,
        ]);
      assert.deepEqual(await marks(admin), [[contactId, 'not_invited']]);
      assert.deepEqual(await marks(holder), [[contactId, 'not_invited']]);
      assert.deepEqual(await marks(stranger), []);
      for (const bad of ['', 'x', '1,,2', '-1', '1'.repeat(10), Array.from({ length: 201 }, (_, index) => index + 1).join(',')]) {
        const response = await admin.get(`/api/clients?ids=${bad}`);
        assert.equal(response.status, 400, `ids=${bad.slice(0, 30)} answered ${response.status}`);
        assert.match(response.body.error.message, /ids/);
      }
    });

    test('another operator sees nothing of the person: not the contact, the account, the tickets or the invoices', async () => {
      assert.equal((await stranger.get(`/api/contacts/${contactId}`)).status, 404);
      assert.equal((await stranger.get(`/api/clients/${contactId}`)).status, 404);
      assert.equal((await stranger.patch(`/api/clients/${contactId}`, { is_active: false })).status, 404);
      assert.deepEqual((await stranger.get(`/api/tickets?client_id=${contactId}`)).body.results, []);
      assert.deepEqual((await stranger.get(`/api/invoices?client_id=${contactId}`)).body.results, []);
      assert.deepEqual((await stranger.get('/api/clients')).body.results, []);
      // Nor can they give a contact they may not see portal access: it answers as a missing one.
      const hidden = await stranger.post('/api/clients', { contact_id: otherContactId, email: 'erlan@example.com' });
      assert.equal(hidden.status, 404);
      assert.equal((await admin.get(`/api/clients/${otherContactId}`)).status, 404, 'nothing was written');
      // When the conversation moves to them, the whole person does.
      const chat = (await admin.get(`/api/chats?q=Дана`)).body.results[0];
      const strangerId = (await admin.get('/api/operators')).body.results.find((row: any) => row.email === 'stranger@example.com').id;
      assert.equal((await admin.post(`/api/chats/${chat.id}/assign`, { operator_id: strangerId })).status, 200);
      assert.equal((await stranger.get(`/api/clients/${contactId}`)).status, 200);
      assert.equal((await stranger.get(`/api/tickets?client_id=${contactId}`)).body.results.length, 1);
      assert.equal((await holder.get(`/api/clients/${contactId}`)).status, 404);
      assert.deepEqual((await holder.get(`/api/invoices?client_id=${contactId}`)).body.results, []);
    });

    test('a client added from the portal side is a contact in the one list', async () => {
      const created = await admin.post('/api/clients', { name: 'ТОО «Алтын»', email: 'altyn@example.com', phone: '+7 701 111 22 33' });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const contact = await admin.get(`/api/contacts/${created.body.id}`);
      assert.equal(contact.status, 200);
      assert.equal(contact.body.display_name, 'ТОО «Алтын»');
      assert.equal(contact.body.phone, '+7 701 111 22 33');
      const listed = (await admin.get(`/api/contacts?q=${encodeURIComponent('Алтын')}`)).body.results.map((row: any) => row.id);
      assert.deepEqual(listed, [created.body.id]);
      // An operator who added a client sees it (no conversation yet): the clients rule of security part 1.
      const own = await holder.post('/api/clients', { name: 'Own Client' });
      assert.equal(own.status, 201);
      assert.equal((await holder.get(`/api/clients/${own.body.id}`)).status, 200);
      assert.equal((await stranger.get(`/api/clients/${own.body.id}`)).status, 404);
    });

    test('a client who links Telegram is one contact: the one the inbox made when they wrote merges into theirs', async () => {
      const client = await createPortalClient(server.url, admin, { name: 'Марат Оспанов', email: 'marat@example.com' });
      const user = sim.createUser({ first_name: 'Marat' });
      sim.sendText(token, { from: user.id, text: 'Марат пишет до привязки' });
      const before = await eventually(async () =>
        (await admin.get('/api/messages/')).body.results.find((item: any) => item.text === 'Марат пишет до привязки'),
      );
      const messengerContact = (await admin.get(`/api/chats/${before.chat_id}`)).body.contact.id;
      assert.notEqual(messengerContact, client.id, 'two contacts before the link');

      await linkTelegram(sim, token, client.api, '/api/telegram/client', user);
      await eventually(async () => (await admin.get(`/api/contacts/${messengerContact}`)).status === 404);
      const chat = (await admin.get(`/api/chats/${before.chat_id}`)).body;
      assert.equal(chat.contact.id, client.id, "the conversation is the client's now");
      const merged = (await admin.get(`/api/contacts/${client.id}`)).body;
      assert.equal(merged.display_name, 'Марат Оспанов', 'the name staff gave wins');
      const timeline = (await admin.get(`/api/contacts/${client.id}/timeline`)).body.results.map((row: any) => row.text);
      assert.ok(timeline.includes('Марат пишет до привязки'), JSON.stringify(timeline));
      assert.equal((await admin.get(`/api/clients/${client.id}`)).status, 200, 'the portal account stays');

      // A Telegram account whose contact holds an app's records (another portal client) is not merged away.
      const other = await createPortalClient(server.url, admin, { name: 'Second Account', email: 'second@example.com' });
      await linkTelegram(sim, token, other.api, '/api/telegram/client', user);
      assert.equal((await admin.get(`/api/contacts/${client.id}`)).status, 200);
      assert.equal((await admin.get(`/api/chats/${before.chat_id}`)).body.contact.id, client.id);
    });
  });
}
