// Meta's status webhooks applied to what operators see, on both engines against tools/fake-meta: a reply's
// ticks move sent → delivered → read as Meta reports them (a late or repeated "delivered" never takes
// "read" back), a failure carries Meta's code and title into the message and the delivery ledger, and an
// operator's reply to a customer's message goes out quoting it (Cloud API `context`).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { whatsappStatus } from '@switchboard/fake-meta';
import { testEngines } from '../../testing/harness.ts';
import { eventually } from '../../testing/ws-client.ts';
import { startWhatsAppWorld, type WhatsAppWorld } from './whatsapp.fixture.ts';

for (const engine of testEngines()) {
  describe(`WhatsApp delivery statuses and quoting on ${engine}`, () => {
    let world: WhatsAppWorld;

    before(async () => {
      world = await startWhatsAppWorld(engine);
    });
    after(async () => {
      await world?.stop();
    });

    const messageOf = (chatId: number, messageId: number, status: string) =>
      eventually(
        async () => {
          const list = (await world.admin.get(`/api/messages/by_chat?chat_id=${chatId}&limit=50`)).body.results as any[];
          const found = list.find((item) => item.id === messageId);
          return found?.status === status && found;
        },
        // Generous: a status that beats its send's record is retried by intake with a growing delay, and the
        // shared CI machine can be slow; the wait ends as soon as the status shows.
        60_000,
        `message ${messageId} ${status}`,
      );
    const statusBody = (messageId: string, to: string, status: 'sent' | 'delivered' | 'read' | 'failed', error?: object) =>
      world.meta.control.whatsappStatuses({
        phoneNumberId: world.phone.id,
        statuses: [whatsappStatus(messageId, to, status, error ? { error: error as never } : {})],
      });

    test('a reply’s ticks follow Meta: delivered, then read; a late "delivered" does not undo "read"', async () => {
      world.meta.control.setStatusWebhookTarget({ url: `${world.server.url}/webhooks/whatsapp`, appSecret: world.appSecret });
      const waId = '77020000001';
      const chat = await world.customerWrites(waId, 'Aigerim', 'Is the lab open?');
      const reply = await world.admin.post(`/api/chats/${chat.id}/messages`, { text: 'Yes, until 18:00.' });
      assert.equal(reply.status, 201);
      // fake-meta reports "sent" and "delivered" for every accepted message, signed, to our webhook.
      const delivered = await messageOf(chat.id, reply.body.id, 'delivered');
      const wamid = delivered.external_message_id as string;
      assert.ok(wamid.startsWith('wamid.'), wamid);
      await world.meta.control.statusWebhooksSettled();

      await world.post(statusBody(wamid, waId, 'read'));
      await messageOf(chat.id, reply.body.id, 'read');
      // A redelivered "delivered" after the "read": journalled once more as its own event, but the ticks stay.
      await world.post(statusBody(wamid, waId, 'delivered'));
      const after = await world.customerWrites(waId, 'Aigerim', 'Thanks');
      assert.equal(after.id, chat.id);
      const list = (await world.admin.get(`/api/messages/by_chat?chat_id=${chat.id}&limit=50`)).body.results as any[];
      assert.equal(list.find((item) => item.id === reply.body.id).status, 'read');
      world.meta.control.setStatusWebhookTarget(null);
    });

    test('a failed status carries Meta’s code and title into the message and the delivery ledger', async () => {
      const waId = '77020000002';
      const chat = await world.customerWrites(waId, 'Nurlan', 'Please call me');
      const reply = await world.admin.post(`/api/chats/${chat.id}/messages`, { text: 'We will call at noon.' });
      const sent = await messageOf(chat.id, reply.body.id, 'sent');
      await world.post(statusBody(sent.external_message_id, waId, 'failed', { code: 131026, title: 'Message undeliverable' }));
      const failed = await messageOf(chat.id, reply.body.id, 'failed');
      assert.equal(failed.status_reason, '131026: Message undeliverable');
      const row = await world.server.switchboard.delivery.findByMessage(reply.body.id);
      assert.equal(row?.state, 'failed');
      assert.equal(row?.last_error_code, '131026');
      assert.equal(row?.last_error, '131026: Message undeliverable');
    });

    test('answering a customer’s message quotes it (context.message_id)', async () => {
      const waId = '77020000003';
      const chat = await world.customerWrites(waId, 'Saule', 'Which documents do I need?');
      const incoming = ((await world.admin.get(`/api/messages/by_chat?chat_id=${chat.id}&limit=50`)).body.results as any[]).find(
        (item) => item.direction === 'in',
      );
      const answer = await world.admin.post(`/api/messages/${incoming.id}/reply`, { text: 'Your ID card only.' });
      assert.equal(answer.status, 201, JSON.stringify(answer.body));
      await messageOf(chat.id, answer.body.id, 'sent');
      const sent = world.meta.control.whatsappSent({ to: waId }).at(-1)!;
      assert.deepEqual((sent.payload as any).context, { message_id: incoming.external_message_id });
      assert.equal((sent.payload as any).text.body, 'Your ID card only.');
    });
  });
}
