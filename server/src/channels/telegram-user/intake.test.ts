// A personal account's private chats reach the inbox through mtcute's real
// update handling on the network stub: the dialog import on first connection,
// live messages (the customer's and the owner's own from the phone), edits and
// albums; after a restart the missed messages come by getDifference from the
// pts our encrypted storage kept, and nothing is doubled. A session revoked
// elsewhere puts the account in error.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Long } from '@mtcute/node';
import { signInWithToken, type ApiClient } from '../../testing/api-client.ts';
import { createTestDatabase, testAdmin, testEngines, type TestDatabase } from '../../testing/harness.ts';
import { eventually } from '../../testing/ws-client.ts';
import {
  chatMessages,
  connectAccount,
  createStubNetwork,
  startWithTelegramStub,
  type StubbedServer,
} from '../../testing/telegram-user.fixture.ts';

const phone = '+79991110001';

for (const engine of testEngines()) {
  describe(`personal Telegram account intake on ${engine}`, () => {
    const network = createStubNetwork();
    const customer = network.addUser('Gulnara', { username: 'gulnara' });
    let database: TestDatabase;
    let started: StubbedServer;
    let admin: ApiClient;
    let accountId: number;
    const chatOf = async (text: string) => {
      let chatId = 0;
      await eventually(
        async () => {
          const found = (await admin.get('/api/messages?limit=100')).body.results.find((message: any) => message.text === text);
          chatId = found?.chat_id ?? 0;
          return Boolean(found);
        },
        10_000,
        `the message “${text}” in the inbox`,
      );
      return chatId;
    };

    before(async () => {
      database = await createTestDatabase(engine);
      started = await startWithTelegramStub(engine, network, database);
      admin = await signInWithToken(started.server.url, testAdmin);
    });
    after(async () => {
      await started?.server.stop();
    });

    test('the first connection imports recent chats; live messages, the owner’s own, edits and albums follow', async () => {
      network.addAccount({ phone, firstName: 'Olga' });
      network.incoming(phone, customer, 'Written before the account was connected');
      network.outgoingFromPhone(phone, customer, 'Answered from the phone before, too');
      accountId = await connectAccount(admin, network, phone, 'Olga');
      const chatId = await chatOf('Written before the account was connected');
      await eventually(
        async () => (await admin.get(`/api/accounts/${accountId}`)).body.status_detail === 'Imported 1 recent chats.',
        10_000,
        'the import to finish',
      );
      const imported = await chatMessages(admin, chatId);
      assert.deepEqual(
        imported.map((message) => [message.direction, message.text]),
        [
          ['in', 'Written before the account was connected'],
          ['out', 'Answered from the phone before, too'],
        ],
      );
      const chat = (await admin.get(`/api/chats/${chatId}`)).body;
      assert.equal(chat.channel.kind, 'telegram_user');
      assert.equal(chat.messenger, 'telegram');

      const live = network.incoming(phone, customer, 'Do you deliver on Sunday?');
      assert.equal(await chatOf('Do you deliver on Sunday?'), chatId);
      network.outgoingFromPhone(phone, customer, 'Yes, from my phone');
      await chatOf('Yes, from my phone');
      network.edit(phone, live.id, 'Do you deliver on Saturday?');
      await eventually(
        async () =>
          (await chatMessages(admin, chatId)).some((message) => message.text === 'Do you deliver on Saturday?' && message.edited_at),
        10_000,
        'the edit',
      );
      const album = Long.fromNumber(777);
      const photo = { _: 'messageMediaPhoto' as const, photo: { _: 'photoEmpty' as const, id: Long.fromNumber(1) } };
      network.incoming(phone, customer, 'two photos', { groupedId: album, media: photo });
      network.incoming(phone, customer, '', { groupedId: album, media: photo });
      await eventually(
        async () => (await chatMessages(admin, chatId)).filter((message) => message.media_group_id === '777').length === 2,
        10_000,
        'the album',
      );
      const messages = await chatMessages(admin, chatId);
      const fromPhone = messages.find((message) => message.text === 'Yes, from my phone');
      assert.equal(fromPhone.direction, 'out', 'the owner’s message is the account’s');
      assert.equal(fromPhone.sender_type === 'operator', false, 'and no operator’s');
      assert.ok(messages.filter((message) => message.media_group_id === '777').every((message) => message.kind === 'photo'));
    });

    test('after a restart the missed messages arrive once, from the stored update state', async () => {
      const before = (await admin.get('/api/messages?limit=100')).body.results.length;
      await started.server.stop({ keepData: true });
      network.incoming(phone, customer, 'Sent while Switchboard was down (1)');
      network.incoming(phone, customer, 'Sent while Switchboard was down (2)');
      const callsBefore = network.calls.length;
      started = await startWithTelegramStub(engine, network, database);
      admin = await signInWithToken(started.server.url, testAdmin);
      const chatId = await chatOf('Sent while Switchboard was down (2)');
      const restartCalls = network.calls.slice(callsBefore);
      assert.ok(restartCalls.includes('updates.getDifference'), 'mtcute caught up from the stored pts');
      assert.ok(!restartCalls.includes('auth.sendCode') && !restartCalls.includes('messages.getDialogs'), 'no new login, no second import');
      await chatOf('Sent while Switchboard was down (1)');
      network.incoming(phone, customer, 'And live again');
      await chatOf('And live again');
      await started.module.drained(accountId);
      const all = (await admin.get('/api/messages?limit=100')).body.results;
      assert.equal(all.length, before + 3, 'nothing was doubled');
      assert.equal(new Set((await chatMessages(admin, chatId)).map((message) => message.external_message_id)).size, all.length);
      assert.equal((await admin.get(`/api/accounts/${accountId}`)).body.status, 'active');
    });

    test('the first import’s progress is in the account’s health while it runs, in numbers', async () => {
      const second = '+79991110002';
      network.addAccount({ phone: second, firstName: 'Irina' });
      const buyers = [network.addUser('Timur'), network.addUser('Zarina')];
      for (const buyer of buyers) network.incoming(second, buyer, `Hello from ${buyer.firstName}`);
      const release = network.hold('messages.getHistory');
      const secondId = await connectAccount(admin, network, second, 'Irina');
      const health = async () => (await admin.get(`/api/accounts/${secondId}/health`)).body.health;
      const during = await eventually(async () => (await health())?.importing, 10_000, 'the import to start');
      assert.deepEqual(during, { done: 0, total: 2 });
      await eventually(
        async () => (await admin.get(`/api/accounts/${secondId}`)).body.status_detail === 'Importing recent chats: 0 of 2.',
        10_000,
        'the status to say so too',
      );
      release();
      await eventually(
        async () => (await admin.get(`/api/accounts/${secondId}`)).body.status_detail === 'Imported 2 recent chats.',
        10_000,
        'the import to finish',
      );
      assert.equal((await health()).importing, null);
      await chatOf('Hello from Zarina');
    });

    test('a session ended from another device puts the account in error and asks to log in again', async () => {
      network.revoke(phone);
      await eventually(
        async () => (await admin.get(`/api/accounts/${accountId}`)).body.status === 'error',
        10_000,
        'the account to notice',
      );
      const account = (await admin.get(`/api/accounts/${accountId}`)).body;
      assert.match(account.status_detail, /session was ended at Telegram/);
      assert.match(account.status_detail, /Log in again/);
      const again = await admin.post(`/api/accounts/${accountId}/authenticate`);
      assert.equal(again.status, 200);
      const done = await admin.post(`/api/accounts/${accountId}/verify_otp`, { otp_code: network.codeFor(phone) });
      assert.equal(done.body.status, 'active');
    });
  });
}
