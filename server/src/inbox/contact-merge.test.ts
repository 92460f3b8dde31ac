// One customer across messengers (issue 24), on both engines: a Telegram bot customer (tools/telegram-sim) and a
// WhatsApp customer (tools/fake-meta) sharing a phone number are suggested for merging; an operator's link is
// suggested too; the merged contact shows one timeline with each message's channel, and replies go on the
// channel the operator picks, by default the one the customer wrote in last.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createApiClient, signInWithToken, type ApiClient } from '../testing/api-client.ts';
import { testEngines } from '../testing/harness.ts';
import { startTwoMessengers, type TwoMessengers } from '../testing/two-messengers.fixture.ts';
import { eventually } from '../testing/ws-client.ts';

for (const engine of testEngines()) {
  describe(`one customer across messengers on ${engine}`, () => {
    let world: TwoMessengers;
    let admin: ApiClient;
    before(async () => {
      world = await startTwoMessengers(engine);
      admin = world.admin;
    });
    after(async () => {
      await world?.stop();
    });

    test('a shared phone is suggested both ways, merged, shown as one timeline, answered on the chosen channel', async () => {
      const user = world.sim.createUser({ first_name: 'Aigerim', username: 'aigerim_tg' });
      const telegram = await world.telegramWrites(user, 'Hello from Telegram');
      assert.equal((await admin.patch(`/api/contacts/${telegram.contactId}`, { phone: '+7 701 555-00-11' })).status, 200);
      const whatsapp = await world.whatsappWrites('77015550011', 'Aigerim WA', 'Hello from WhatsApp');
      assert.notEqual(telegram.contactId, whatsapp.contactId, 'two messengers, two contacts until merged');

      const fromTelegram = await admin.get(`/api/contacts/${telegram.contactId}/merge-suggestions`);
      assert.equal(fromTelegram.status, 200);
      assert.deepEqual(
        fromTelegram.body.results.map((item: any) => [item.contact.id, item.reasons]),
        [[whatsapp.contactId, ['phone']]],
      );
      const fromWhatsApp = (await admin.get(`/api/contacts/${whatsapp.contactId}/merge-suggestions`)).body.results;
      assert.deepEqual(
        fromWhatsApp.map((item: any) => item.contact.id),
        [telegram.contactId],
        'the WhatsApp id is a phone: the Telegram contact with that number is suggested back',
      );

      const merged = await admin.post(`/api/contacts/${telegram.contactId}/merge`, { duplicate_id: whatsapp.contactId });
      assert.equal(merged.status, 200, JSON.stringify(merged.body));
      const profile = (await admin.get(`/api/contacts/${telegram.contactId}`)).body;
      assert.deepEqual(profile.identities.map((identity: any) => identity.messenger).sort(), ['telegram', 'whatsapp']);
      assert.equal(profile.conversations.length, 2);
      assert.equal((await admin.get(`/api/contacts/${whatsapp.contactId}`)).status, 404);
      assert.deepEqual((await admin.get(`/api/contacts/${telegram.contactId}/merge-suggestions`)).body.results, []);

      const timeline = (await admin.get(`/api/contacts/${telegram.contactId}/timeline`)).body;
      assert.deepEqual(
        timeline.results.map((message: any) => [message.text, message.channel.messenger, message.channel.name]),
        [
          ['Hello from WhatsApp', 'whatsapp', 'Clinic WhatsApp'],
          ['Hello from Telegram', 'telegram', timeline.results[1].channel.name],
        ],
      );
      assert.ok(timeline.results[1].channel.name, 'the Telegram message names its bot');
      assert.equal(timeline.reply_chat_id, whatsapp.chatId, 'the customer wrote last on WhatsApp');

      // By default the reply goes where the customer wrote last (WhatsApp); the operator may pick Telegram.
      const byDefault = await admin.post(`/api/contacts/${telegram.contactId}/messages`, { text: 'Answer on WhatsApp' });
      assert.equal(byDefault.status, 201, JSON.stringify(byDefault.body));
      assert.equal(byDefault.body.chat_id, whatsapp.chatId);
      await eventually(
        () =>
          world.meta.control.whatsappSent({ to: '77015550011' }).some((sent) => (sent.payload as any).text?.body === 'Answer on WhatsApp'),
        10_000,
        'the WhatsApp reply at Meta',
      );
      const chosen = await admin.post(`/api/contacts/${telegram.contactId}/messages`, {
        text: 'Answer on Telegram',
        chat_id: telegram.chatId,
      });
      assert.equal(chosen.status, 201);
      await eventually(
        () => world.sim.sentMessages(world.botToken, user.id).some((message) => message.text === 'Answer on Telegram'),
        10_000,
        'the Telegram reply at the simulator',
      );
      assert.ok(!world.sim.sentMessages(world.botToken, user.id).some((message) => message.text === 'Answer on WhatsApp'));
      const after = (await admin.get(`/api/contacts/${telegram.contactId}/timeline?limit=2`)).body;
      assert.deepEqual(
        after.results.map((message: any) => [message.text, message.direction, message.channel.messenger]),
        [
          ['Answer on Telegram', 'out', 'telegram'],
          ['Answer on WhatsApp', 'out', 'whatsapp'],
        ],
      );
      assert.ok(after.next_cursor, 'older messages are a page away');
      const older = (await admin.get(`/api/contacts/${telegram.contactId}/timeline?limit=2&cursor=${after.next_cursor}`)).body;
      assert.deepEqual(
        older.results.map((message: any) => message.text),
        ['Hello from WhatsApp', 'Hello from Telegram'],
      );
    });

    test('an operator’s link is suggested, can be removed, and bad input gets a precise answer', async () => {
      const one = await world.telegramWrites(world.sim.createUser({ first_name: 'Dana' }), 'Dana on Telegram');
      const two = await world.whatsappWrites('77019990001', 'Dana B', 'Dana on WhatsApp');
      assert.deepEqual((await admin.get(`/api/contacts/${one.contactId}/merge-suggestions`)).body.results, []);
      assert.equal((await admin.post(`/api/contacts/${one.contactId}/links`, { contact_id: two.contactId })).status, 204);
      assert.equal((await admin.post(`/api/contacts/${two.contactId}/links`, { contact_id: one.contactId })).status, 204, 'linked once');
      assert.deepEqual(
        (await admin.get(`/api/contacts/${two.contactId}/merge-suggestions`)).body.results.map((item: any) => [
          item.contact.id,
          item.reasons,
        ]),
        [[one.contactId, ['linked']]],
      );
      const self = await admin.post(`/api/contacts/${one.contactId}/links`, { contact_id: one.contactId });
      assert.equal(self.status, 409);
      assert.equal(self.body.error.code, 'same_contact');
      assert.equal((await admin.post(`/api/contacts/${one.contactId}/links`, { contact_id: 'x' })).status, 400);
      const foreign = await admin.post(`/api/contacts/${one.contactId}/messages`, { text: 'hi', chat_id: two.chatId });
      assert.equal(foreign.status, 422);
      assert.match(foreign.body.error.message, /not one of contact/);
      assert.equal((await admin.post(`/api/contacts/${one.contactId}/messages`, { text: '   ' })).status, 400);

      assert.equal((await admin.delete(`/api/contacts/${one.contactId}/links/${two.contactId}`)).status, 204);
      assert.deepEqual((await admin.get(`/api/contacts/${one.contactId}/merge-suggestions`)).body.results, []);
      assert.equal((await admin.delete(`/api/contacts/${one.contactId}/links/${two.contactId}`)).status, 404);
    });

    test('an operator sees suggestions and timeline messages only of conversations they may see', async () => {
      const email = `op-merge-${engine}@example.com`;
      const created = await admin.post('/api/operators', { email, password: 'operator-password-1', name: 'Op', role: 'operator' });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const operator = await signInWithToken(world.server.url, { email, password: 'operator-password-1' });
      const user = world.sim.createUser({ first_name: 'Hidden' });
      const mine = await world.telegramWrites(user, 'Hidden on Telegram');
      await admin.patch(`/api/contacts/${mine.contactId}`, { phone: '+7 702 000 11 22' });
      const theirs = await world.whatsappWrites('77020001122', 'Hidden WA', 'Hidden on WhatsApp');
      assert.equal((await operator.get(`/api/contacts/${mine.contactId}/timeline`)).status, 404, 'unassigned: not visible');
      await admin.post(`/api/chats/${mine.chatId}/assign`, { operator_id: created.body.id });
      const seen = await operator.get(`/api/contacts/${mine.contactId}/merge-suggestions`);
      assert.equal(seen.status, 200);
      assert.deepEqual(seen.body.results, [], 'the WhatsApp contact sits in a conversation the operator may not see');
      assert.equal((await admin.get(`/api/contacts/${mine.contactId}/merge-suggestions`)).body.results[0].contact.id, theirs.contactId);
      await admin.post(`/api/contacts/${mine.contactId}/merge`, { duplicate_id: theirs.contactId });
      const timeline = (await operator.get(`/api/contacts/${mine.contactId}/timeline`)).body;
      assert.deepEqual(
        timeline.results.filter((message: any) => message.service === null).map((message: any) => message.text),
        ['Hidden on Telegram'],
        'the WhatsApp conversation stays hidden after the merge',
      );
      assert.equal(timeline.reply_chat_id, mine.chatId);
      assert.equal((await createApiClient(world.server.url).get(`/api/contacts/${mine.contactId}/timeline`)).status, 401);
    });
  });
}
