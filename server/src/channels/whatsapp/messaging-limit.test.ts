// WhatsApp's messaging limit against tools/fake-meta on both engines: the number's limit is read with its templates;
// templates that start conversations take places up to it, and the next waits in the queue with the reason
// (the fake does not enforce the limit: its log of sent messages is counted); a customer already reached takes no
// new place; held messages do not slow the number for anyone else; a raised limit applies at the next sync.
import assert from 'node:assert/strict';
import { whatsappMessage } from '@switchboard/fake-meta';
import { after, before, describe, test } from 'node:test';
import { testEngines } from '../../testing/harness.ts';
import { eventually } from '../../testing/ws-client.ts';
import { recipientsOfTier } from './messaging-limit.ts';
import { startWhatsAppWorld, type WhatsAppWorld } from './whatsapp.fixture.ts';

describe('WhatsApp messaging limit tiers', () => {
  test('tier names as the Graph API gives them', () => {
    assert.equal(recipientsOfTier('TIER_50'), 50);
    assert.equal(recipientsOfTier('TIER_250'), 250);
    assert.equal(recipientsOfTier('TIER_2K'), 2_000);
    assert.equal(recipientsOfTier('TIER_100K'), 100_000);
    assert.equal(recipientsOfTier('TIER_UNLIMITED'), null);
    assert.equal(recipientsOfTier('UNLIMITED'), null);
    assert.equal(recipientsOfTier('TIER_MAYBE'), undefined);
  });
});

for (const engine of testEngines()) {
  describe(`WhatsApp messaging limit on ${engine}`, () => {
    let world: WhatsAppWorld;
    const customers = Array.from({ length: 56 }, (_, index) => ({
      waId: `7702000${String(index).padStart(4, '0')}`,
      name: `Limit ${index}`,
    }));
    const chats = new Map<string, number>();

    before(async () => {
      world = await startWhatsAppWorld(engine, { name: 'Limited clinic', messagingLimit: 'TIER_50' });
      world.meta.control.seedTemplate({
        wabaId: world.phone.wabaId,
        name: 'spring_news',
        language: 'ru',
        components: [{ type: 'BODY', text: 'Новости клиники' }],
      });
      // Every customer last wrote 30 hours ago: their windows are closed, so only a template reaches them.
      const writtenAt = Math.floor(Date.now() / 1000) - 30 * 60 * 60;
      await world.post(
        world.meta.control.whatsappInbound({
          phoneNumberId: world.phone.id,
          senders: customers.map(({ waId, name }) => ({ wa_id: waId, name })),
          messages: customers.map(({ waId }) => whatsappMessage.text(waId, 'Здравствуйте', { timestamp: writtenAt })),
        }),
      );
      await eventually(
        async () => {
          const listed = (await world.admin.get('/api/chats?messenger=whatsapp&limit=100')).body.results as Array<{
            id: number;
            title: string;
          }>;
          for (const chat of listed) chats.set(chat.title, chat.id);
          return customers.every(({ name }) => chats.has(name));
        },
        60_000,
        'every customer’s conversation',
      );
      const synced = await world.admin.post(`/api/accounts/${world.channelId}/templates/sync`, {});
      assert.equal(synced.status, 200, JSON.stringify(synced.body));
    });
    after(async () => world?.stop());

    const sendTemplate = async (customer: number) => {
      const sent = await world.admin.post(`/api/chats/${chats.get(customers[customer]!.name)}/templates/send`, {
        name: 'spring_news',
        language: 'ru',
      });
      assert.equal(sent.status, 201, JSON.stringify(sent.body));
      return sent.body.id as number;
    };
    const rowOf = (messageId: number) => world.server.switchboard.delivery.findByMessage(messageId);
    const templatesTo = () =>
      new Set(
        world.meta.control
          .whatsappSent()
          .filter((sent) => sent.type === 'template')
          .map((sent) => sent.to),
      );

    test('templates start conversations up to the limit; the next waits with the reason, and nothing else waits', async () => {
      const first: number[] = [];
      for (let customer = 0; customer < 50; customer++) first.push(await sendTemplate(customer));
      await eventually(
        async () => (await Promise.all(first.map(rowOf))).every((row) => row?.state === 'sent'),
        60_000,
        'fifty templates sent',
      );

      const held: number[] = [];
      for (let customer = 50; customer < 55; customer++) held.push(await sendTemplate(customer));
      const waiting = await eventually(
        async () => {
          const rows = await Promise.all(held.map(rowOf));
          return rows.every((row) => row?.last_error_code === 'RATE_LIMITED') && rows;
        },
        60_000,
        'the five over the limit refused by the number’s quota',
      );
      for (const row of waiting) {
        assert.notEqual(row!.state, 'sent');
        assert.notEqual(row!.state, 'failed');
        assert.match(row!.last_error ?? '', /50 customers in the last 24 hours.*TIER_50/);
        assert.ok(row!.next_attempt_at && row!.next_attempt_at.getTime() > Date.now() + 23 * 3600_000, 'it waits until a place frees');
      }
      assert.equal(templatesTo().size, 50, 'Meta saw templates to exactly fifty customers');

      // A customer already reached takes no new place.
      const again = await sendTemplate(0);
      await eventually(async () => (await rowOf(again))?.state === 'sent', 60_000, 'a second template to a reached customer');

      // Held messages are the number's own quota, not Meta's flood control: a customer who writes now is answered at once.
      const fresh = await world.customerWrites('77029999999', 'Window open', 'Можно вопрос?');
      const reply = await world.admin.post(`/api/chats/${fresh.id}/messages`, { text: 'Конечно' });
      assert.equal(reply.status, 201, JSON.stringify(reply.body));
      await eventually(async () => (await rowOf(reply.body.id))?.state === 'sent', 60_000, 'the free-form reply sent');
      assert.equal(templatesTo().size, 50);
    });

    test('a limit Meta raised applies at the next sync', async () => {
      world.meta.control.setMessagingLimit({ phoneNumberId: world.phone.id, tier: 'TIER_250' });
      await world.admin.post(`/api/accounts/${world.channelId}/templates/sync`, {});
      const next = await sendTemplate(55);
      await eventually(async () => (await rowOf(next))?.state === 'sent', 60_000, 'a template to a new customer under the raised limit');
      assert.ok(templatesTo().has(customers[55]!.waId));
    });
  });
}
