// Message templates on a WhatsApp number against tools/fake-meta on both engines: the admin's sync reads
// GET /{waba_id}/message_templates into the module's table; the neutral inbox API lists them with the
// window's end; an approved one goes out as `type: template` with its components; the hourly job picks up a
// status Meta changed; wrong variables, an unapproved or unknown template are refused before anything is written.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testEngines } from '../../testing/harness.ts';
import { eventually } from '../../testing/ws-client.ts';
import { templateSyncQueue } from './module.ts';
import { startWhatsAppWorld, type WhatsAppWorld } from './whatsapp.fixture.ts';

for (const engine of testEngines()) {
  describe(`WhatsApp message templates on ${engine}`, () => {
    let world: WhatsAppWorld;
    let reminderId: string;

    before(async () => {
      world = await startWhatsAppWorld(engine, { name: 'Templates clinic' });
      const { meta, phone } = world;
      reminderId = meta.control.seedTemplate({
        wabaId: phone.wabaId,
        name: 'visit_reminder',
        language: 'ru',
        category: 'UTILITY',
        components: [
          { type: 'HEADER', format: 'TEXT', text: 'Клиника {{1}}' },
          { type: 'BODY', text: 'Здравствуйте, {{1}}! Напоминаем о визите {{2}}.' },
          { type: 'FOOTER', text: 'Ответьте, чтобы написать нам' },
        ],
      }).id;
      meta.control.seedTemplate({
        wabaId: phone.wabaId,
        name: 'visit_reminder',
        language: 'en',
        components: [{ type: 'BODY', text: 'Hello!' }],
      });
      meta.control.seedTemplate({ wabaId: phone.wabaId, name: 'spring_sale', language: 'ru', category: 'MARKETING', status: 'PENDING' });
      // Another business's template never shows on this number.
      const other = meta.control.seedWhatsAppNumber({ verified_name: 'Other' });
      meta.control.seedTemplate({ wabaId: other.wabaId, name: 'not_ours', language: 'ru' });
    });
    after(async () => world?.stop());

    const templatesOf = async (chatId: number) => {
      const answer = await world.admin.get(`/api/chats/${chatId}/templates`);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      return answer.body;
    };
    const messagesOf = async (chatId: number) => (await world.admin.get(`/api/messages/by_chat?chat_id=${chatId}&limit=100`)).body.results;

    test('the sync action reads every template of the business account; the chat lists them with the window closed', async () => {
      const synced = await world.admin.post(`/api/accounts/${world.channelId}/templates/sync`, {});
      assert.equal(synced.status, 200, JSON.stringify(synced.body));
      assert.equal(synced.body.count, 3);

      const chat = await world.customerWrites('77011110001', 'Dana', 'Hello', 30 * 60 * 60);
      const listed = await templatesOf(chat.id);
      assert.equal(listed.supported, true);
      assert.equal(listed.window.can_reply, false);
      assert.match(listed.window.reason, /24 hours/);
      assert.deepEqual(
        listed.templates.map((item: any) => `${item.name}/${item.language}/${item.status}/${item.category}`),
        ['spring_sale/ru/PENDING/MARKETING', 'visit_reminder/en/APPROVED/UTILITY', 'visit_reminder/ru/APPROVED/UTILITY'],
      );
      const reminder = listed.templates.find((item: any) => item.name === 'visit_reminder' && item.language === 'ru');
      assert.deepEqual(reminder.header, { format: 'TEXT', text: 'Клиника {{1}}' });
      assert.equal(reminder.footer, 'Ответьте, чтобы написать нам');
      assert.deepEqual(reminder.variables, { header: 1, body: 2 });
    });

    test('an approved template goes out as type template with its components, and shows in the conversation', async () => {
      await world.admin.post(`/api/accounts/${world.channelId}/templates/sync`, {});
      const waId = '77011110002';
      const chat = await world.customerWrites(waId, 'Erlan', 'See you', 26 * 60 * 60);
      const sent = await world.admin.post(`/api/chats/${chat.id}/templates/send`, {
        name: 'visit_reminder',
        language: 'ru',
        variables: { header: ['Здоровье'], body: ['Эрлан', 'завтра в 10:00'] },
      });
      assert.equal(sent.status, 201, JSON.stringify(sent.body));
      assert.equal(
        sent.body.text,
        'Клиника Здоровье\n\nЗдравствуйте, Эрлан! Напоминаем о визите завтра в 10:00.\n\nОтветьте, чтобы написать нам',
      );
      const delivered = await eventually(
        async () => {
          const row = await world.server.switchboard.delivery.findByMessage(sent.body.id);
          return row && (row.state === 'sent' || row.state === 'failed') && row;
        },
        60_000,
        'the template delivered',
      );
      assert.equal(delivered.state, 'sent');
      const outgoing = world.meta.control.whatsappSent({ to: waId }).at(-1)!;
      assert.equal(outgoing.type, 'template');
      assert.deepEqual((outgoing.payload as any).template, {
        name: 'visit_reminder',
        language: { code: 'ru' },
        components: [
          { type: 'header', parameters: [{ type: 'text', text: 'Здоровье' }] },
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'Эрлан' },
              { type: 'text', text: 'завтра в 10:00' },
            ],
          },
        ],
      });
      const shown = await eventually(
        async () => (await messagesOf(chat.id)).find((message: any) => message.id === sent.body.id && message.status === 'sent'),
        60_000,
        'the message marked sent',
      );
      assert.equal(shown.direction ?? 'out', 'out');
    });

    test('wrong variables, an unapproved or unknown template are refused before anything is written', async () => {
      await world.admin.post(`/api/accounts/${world.channelId}/templates/sync`, {});
      const chat = await world.customerWrites('77011110003', 'Gulnar', 'Bye', 40 * 60 * 60);
      const before = (await messagesOf(chat.id)).length;
      const send = (body: unknown) => world.admin.post(`/api/chats/${chat.id}/templates/send`, body);

      const short = await send({ name: 'visit_reminder', language: 'ru', variables: { header: ['X'], body: ['only one'] } });
      assert.equal(short.status, 422);
      assert.equal(short.body.error.code, 'invalid_value');
      assert.match(short.body.error.message, /takes 2 body variable\(s\); 1 given/);

      const empty = await send({ name: 'visit_reminder', language: 'ru', variables: { header: ['X'], body: ['a', '  '] } });
      assert.ok(empty.status === 400 || empty.status === 422, JSON.stringify(empty.body));

      const pending = await send({ name: 'spring_sale', language: 'ru', variables: { body: ['x'] } });
      assert.equal(pending.status, 409);
      assert.match(pending.body.error.message, /PENDING.*APPROVED/);

      const unknown = await send({ name: 'not_ours', language: 'ru' });
      assert.equal(unknown.status, 422);
      assert.match(unknown.body.error.message, /templates\/sync/);

      assert.equal((await messagesOf(chat.id)).length, before, 'nothing was written');
    });

    test('inside the window the list says until when free-form replies are allowed', async () => {
      const writtenAt = Math.floor(Date.now() / 1000) - 60 * 60;
      const chat = await world.customerWrites('77011110004', 'Aigerim', 'Hi', 60 * 60);
      const listed = await templatesOf(chat.id);
      assert.equal(listed.window.can_reply, true);
      const until = Date.parse(listed.window.until);
      // The customer's message time (whole seconds, as Meta sends it) plus 24 hours.
      assert.ok(Math.abs(until - (writtenAt * 1000 + 24 * 3600_000)) <= 2_000, listed.window.until);
    });

    test('the hourly job picks up a status Meta changed', async () => {
      await world.admin.post(`/api/accounts/${world.channelId}/templates/sync`, {});
      world.meta.control.setTemplateStatus({ id: reminderId, status: 'PAUSED' });
      await world.server.switchboard.jobs.send(templateSyncQueue, {});
      const chat = await world.customerWrites('77011110005', 'Timur', 'Hey', 30 * 60 * 60);
      await eventually(
        async () =>
          (await templatesOf(chat.id)).templates.some(
            (item: any) => item.name === 'visit_reminder' && item.language === 'ru' && item.status === 'PAUSED',
          ),
        60_000,
        'the paused status synced by the job',
      );
    });
  });
}
