// What else a personal account's updates and actions carry, on the network
// stub with mtcute's real client: deletions (Telegram sends bare message ids;
// intake finds their chat), live and after a restart by getDifference; a
// customer's photo, document and voice note downloaded into the inbox's media
// store through upload.getFile; an operator's message edited and deleted at
// Telegram through the adapter; a person found by phone number or @username,
// and a chat started with them over HTTP through the delivery ledger.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createApiClient, signInWithToken, type ApiClient } from '../../testing/api-client.ts';
import { createTestDatabase, testAdmin, testEngines, type TestDatabase } from '../../testing/harness.ts';
import { eventually } from '../../testing/ws-client.ts';
import {
  chatMessages,
  connectAccount,
  createStubNetwork,
  startWithTelegramStub,
  type StubbedServer,
} from '../../testing/telegram-user.fixture.ts';

const phone = '+79993330001';

// The smallest valid PNG (1×1) and a PDF header: the inbox sniffs what it stores.
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(300_000, 0x20), Buffer.from('\n%%EOF\n')]);
const ogg = Buffer.concat([Buffer.from('OggS'), Buffer.alloc(2_000, 1)]);

for (const engine of testEngines()) {
  describe(`personal Telegram account updates and actions on ${engine}`, () => {
    const network = createStubNetwork();
    const customer = network.addUser('Aigerim', { username: 'aigerim_shop', phone: '77011234567' });
    let database: TestDatabase;
    let started: StubbedServer;
    let admin: ApiClient;
    let accountId: number;
    let chatId = 0;
    const message = async (text: string) => {
      let found: any;
      await eventually(
        async () => (found = (await admin.get('/api/messages?limit=100')).body.results.find((each: any) => each.text === text)),
        10_000,
        `the message “${text}” in the inbox`,
      );
      return found;
    };
    const signInAsOperator = async () => {
      const email = `operator-${Math.random().toString(36).slice(2, 8)}@example.com`;
      const created = await admin.post('/api/operators', { name: 'Op', email, password: 'operator-password-1', role: 'operator' });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      return signInWithToken(started.server.url, { email, password: 'operator-password-1' });
    };
    const channel = async () => (await started.server.switchboard.registry.get(accountId))!;

    before(async () => {
      database = await createTestDatabase(engine);
      started = await startWithTelegramStub(engine, network, database);
      admin = await signInWithToken(started.server.url, testAdmin);
      accountId = await connectAccount(admin, network, phone, 'Dana');
    });
    after(async () => {
      await started?.server.stop();
    });

    test('deletions by the customer or from the owner’s phone mark the messages deleted, live and after a restart', async () => {
      const first = network.incoming(phone, customer, 'Please ignore this one');
      const second = network.incoming(phone, customer, 'And this one');
      const kept = network.incoming(phone, customer, 'This one stays');
      const fromPhone = network.outgoingFromPhone(phone, customer, 'Typo from my phone');
      chatId = (await message('This one stays')).chat_id;
      await message('Typo from my phone');
      network.deleteMessages(phone, [first.id, second.id]);
      network.deleteMessages(phone, [fromPhone.id]);
      await eventually(
        async () => (await chatMessages(admin, chatId)).filter((each) => each.deleted_at).length === 3,
        10_000,
        'three messages marked deleted',
      );
      const messages = await chatMessages(admin, chatId);
      const deleted = messages.filter((each) => each.deleted_at).map((each) => each.text);
      assert.deepEqual(deleted.sort(), ['And this one', 'Please ignore this one', 'Typo from my phone']);
      assert.equal(messages.find((each) => each.external_message_id === String(kept.id)).deleted_at ?? null, null);

      await started.server.stop({ keepData: true });
      const whileDown = network.incoming(phone, customer, 'Deleted while Switchboard was down');
      network.deleteMessages(phone, [kept.id]);
      started = await startWithTelegramStub(engine, network, database);
      admin = await signInWithToken(started.server.url, testAdmin);
      await message('Deleted while Switchboard was down');
      network.deleteMessages(phone, [whileDown.id]);
      await eventually(
        async () => (await chatMessages(admin, chatId)).filter((each) => each.deleted_at).length === 5,
        10_000,
        'the deletion from the catch-up and the live one after it',
      );
    });

    test('a customer’s photo, document and voice note are downloaded into the media store', async () => {
      network.incoming(phone, customer, 'the photo', { media: network.photo(png, { width: 1, height: 1 }) });
      network.incoming(phone, customer, 'the contract', {
        media: network.document(pdf, { mimeType: 'application/pdf', fileName: 'contract.pdf' }),
      });
      network.incoming(phone, customer, '', { media: network.document(ogg, { mimeType: 'audio/ogg', voice: { duration: 3 } }) });
      let media: any[] = [];
      await eventually(
        async () => {
          media = (await chatMessages(admin, chatId)).filter((each) => ['photo', 'document', 'voice'].includes(each.kind));
          return media.length === 3 && media.every((each) => each.attachments[0]?.download_state === 'ready');
        },
        15_000,
        'three files stored',
      );
      const [photo, document, voice] = media;
      assert.equal(photo.attachments[0].mime_type, 'image/png');
      assert.equal(document.attachments[0].file_name, 'contract.pdf');
      assert.equal(voice.attachments[0].duration, 3);
      const { token } = (await createApiClient(started.server.url).post('/api/api-token-auth/', testAdmin)).body;
      const stored = await fetch(`${started.server.url}${document.attachments[0].url}`, { headers: { authorization: `Token ${token}` } });
      assert.equal(stored.status, 200);
      assert.deepEqual(Buffer.from(await stored.arrayBuffer()), pdf, 'the bytes Telegram served, in several parts');
      assert.ok(network.downloads.length >= 3);
    });

    test('an operator’s message is edited and deleted at Telegram through the adapter; the edit comes back into the inbox', async () => {
      const sent = await admin.post(`/api/chats/${chatId}/messages`, { text: 'Price: 100' });
      assert.equal(sent.status, 201, JSON.stringify(sent.body));
      let externalId = '';
      await eventually(
        async () => {
          const row = (await chatMessages(admin, chatId)).find((each) => each.id === sent.body.id);
          externalId = row?.status === 'sent' ? String(row.external_message_id) : '';
          return Boolean(externalId);
        },
        10_000,
        'the reply sent',
      );
      const { adapter } = started.module;
      await adapter.editMessage!(await channel(), String(customer.id), externalId, 'Price: 90');
      assert.equal(network.sentTo(phone, customer.id).find((each) => String(each.id) === externalId)?.message, 'Price: 90');
      await eventually(
        async () => (await chatMessages(admin, chatId)).find((each) => each.id === sent.body.id)?.text === 'Price: 90',
        10_000,
        'the edit recorded',
      );
      await adapter.deleteMessages!(await channel(), String(customer.id), [externalId]);
      assert.equal(
        network.sentTo(phone, customer.id).find((each) => String(each.id) === externalId),
        undefined,
        'gone for both sides',
      );
      await eventually(
        async () => Boolean((await chatMessages(admin, chatId)).find((each) => each.id === sent.body.id)?.deleted_at),
        10_000,
        'the inbox to mark it deleted (Telegram does not echo it back)',
      );
      await assert.rejects(adapter.editMessage!(await channel(), String(customer.id), externalId, 'again'), { code: 'INVALID_INPUT' });
      network.failNext('messages.editMessage', 'FLOOD_WAIT_7');
      const other = network.outgoingFromPhone(phone, customer, 'mine');
      await assert.rejects(adapter.editMessage!(await channel(), String(customer.id), String(other.id), 'x'), {
        code: 'RATE_LIMITED',
        retryAfterMs: 7000,
      });
    });

    test('a person is found by phone number or @username; unknown ones and bad input say so', async () => {
      const byPhone = await started.module.findPerson(await channel(), '+7 701 123-45-67');
      assert.equal(byPhone.externalId, String(customer.id));
      const byName = await started.module.findPerson(await channel(), '@Aigerim_Shop');
      assert.deepEqual([byName.externalId, byName.username], [String(customer.id), 'aigerim_shop']);
      await assert.rejects(started.module.findPerson(await channel(), '@nobody_here'), { code: 'NOT_FOUND' });
      await assert.rejects(started.module.findPerson(await channel(), '+79990000000'), { code: 'NOT_FOUND' });
      await assert.rejects(started.module.findPerson(await channel(), 'hi!'), { code: 'INVALID_INPUT' });
    });

    test('an operator starts a chat by @username over HTTP: the conversation opens at once, the first message goes through the delivery ledger', async () => {
      const newcomer = network.addUser('Marat', { username: 'marat_k' });
      const operator = await signInAsOperator();
      const me = (await operator.get('/api/auth/me')).body;
      const started_ = await operator.post(`/api/accounts/${accountId}/chats`, { to: '@marat_k', text: 'Hello! Your order is ready.' });
      assert.equal(started_.status, 201, JSON.stringify(started_.body));
      assert.equal(started_.body.person.username, 'marat_k');
      assert.equal(started_.body.chat_external_id, String(newcomer.id));
      // Queued like a reply: the operator's, written before it is sent.
      assert.equal(started_.body.message.status, 'queued');
      assert.equal(started_.body.message.sender_staff_id, me.user.id);
      const newChatId = started_.body.chat_id;
      assert.notEqual(newChatId, chatId, 'a conversation of its own');
      const chat = (await operator.get(`/api/chats/${newChatId}`)).body;
      assert.equal(chat.channel.id, accountId);
      assert.equal(chat.assigned_operator_id, me.user.id, 'the chat is its starter’s');
      const sent = await eventually(
        async () => (await chatMessages(admin, newChatId)).find((each) => each.id === started_.body.message.id && each.status === 'sent'),
        10_000,
        'the first message sent by delivery',
      );
      assert.equal(network.sentTo(phone, newcomer.id)[0]?.message, 'Hello! Your order is ready.');
      assert.equal(sent.external_message_id, String(network.sentTo(phone, newcomer.id)[0]?.id));
      // The customer answers in the same conversation; the first message is not doubled by intake.
      network.incoming(phone, newcomer, 'Thanks, coming');
      await message('Thanks, coming');
      await started.module.drained(accountId);
      const texts = (await chatMessages(admin, newChatId)).filter((each) => !each.service).map((each) => each.text);
      assert.deepEqual(texts.sort(), ['Hello! Your order is ready.', 'Thanks, coming'].sort());
      // Starting again with the same person writes in the same conversation.
      const again = await operator.post(`/api/accounts/${accountId}/chats`, { to: '@marat_k', text: 'One more thing' });
      assert.equal(again.status, 201, JSON.stringify(again.body));
      assert.equal(again.body.chat_id, newChatId);

      const chatsBefore = (await admin.get('/api/chats/?limit=100')).body.results.length;
      const unknown = await operator.post(`/api/accounts/${accountId}/chats`, { to: '@nobody_here', text: 'Hi' });
      assert.deepEqual([unknown.status, unknown.body.error.code], [404, 'person_not_found']);
      const bad = await operator.post(`/api/accounts/${accountId}/chats`, { to: 'hi!', text: 'Hi' });
      assert.deepEqual([bad.status, bad.body.error.code], [422, 'invalid_value']);
      const empty = await operator.post(`/api/accounts/${accountId}/chats`, { to: '@marat_k', text: '  ' });
      assert.equal(empty.status, 400, JSON.stringify(empty.body));
      // The account's kind caps the first message (its capabilities): over the limit is refused naming it, before anyone is looked up.
      const long = await operator.post(`/api/accounts/${accountId}/chats`, { to: '@marat_k', text: 'x'.repeat(4097) });
      assert.deepEqual([long.status, long.body.error.code], [422, 'text_too_long'], JSON.stringify(long.body));
      assert.match(long.body.error.message, /Telegram allows 4096\./);
      assert.equal((await admin.get('/api/chats/?limit=100')).body.results.length, chatsBefore, 'nothing half-written');
      const atLimit = await operator.post(`/api/accounts/${accountId}/chats`, { to: '@marat_k', text: 'x'.repeat(4096) });
      assert.deepEqual([atLimit.status, atLimit.body.chat_id], [201, newChatId], JSON.stringify(atLimit.body));
      assert.equal((await operator.post('/api/accounts/999999/chats', { to: '@marat_k', text: 'Hi' })).status, 404);
    });
  });
}
