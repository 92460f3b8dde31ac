// A broadcast through a WhatsApp number, end to end on both engines against tools/fake-meta: the number starts
// conversations only with approved templates, so a broadcast to it must name one; a recipient who wrote within the
// last 24 hours gets the text as written, one who did not gets the template with their name filled in, and each
// template takes a place under the number's messaging limit.
import assert from 'node:assert/strict';
import { whatsappMessage } from '@switchboard/fake-meta';
import { after, before, describe, test } from 'node:test';
import { testEngines } from '../../testing/harness.ts';
import { eventually } from '../../testing/ws-client.ts';
import { startWhatsAppWorld, type WhatsAppWorld } from './whatsapp.fixture.ts';

for (const engine of testEngines()) {
  describe(`a broadcast through a WhatsApp number on ${engine}`, () => {
    let world: WhatsAppWorld;
    const recent = { waId: '77031110001', name: 'Айгерим Сапарова' };
    const lapsed = { waId: '77031110002', name: 'Ерлан Ахметов' };

    before(async () => {
      world = await startWhatsAppWorld(engine, { name: 'Broadcasting clinic' });
      world.meta.control.seedTemplate({
        wabaId: world.phone.wabaId,
        name: 'clinic_closed',
        language: 'ru',
        components: [{ type: 'BODY', text: '{{1}}, клиника закрыта 16 декабря.' }],
      });
      const now = Math.floor(Date.now() / 1000);
      await world.post(
        world.meta.control.whatsappInbound({
          phoneNumberId: world.phone.id,
          senders: [
            { wa_id: recent.waId, name: recent.name },
            { wa_id: lapsed.waId, name: lapsed.name },
          ],
          messages: [
            whatsappMessage.text(recent.waId, 'Спасибо!', { timestamp: now - 60 * 60 }),
            whatsappMessage.text(lapsed.waId, 'До свидания', { timestamp: now - 30 * 60 * 60 }),
          ],
        }),
      );
      await eventually(
        async () => (await world.admin.get('/api/chats?messenger=whatsapp')).body.results.length === 2,
        60_000,
        'both customers’ conversations',
      );
      assert.equal((await world.admin.post(`/api/accounts/${world.channelId}/templates/sync`, {})).status, 200);
    });
    after(async () => world?.stop());

    const compose = (extra: Record<string, unknown> = {}) =>
      world.admin.post('/api/broadcasts', {
        name: 'Holiday',
        kind: 'service',
        filter: { channel_id: world.channelId },
        texts: { default: '{{first_name|Здравствуйте}}, клиника закрыта 16 декабря.' },
        ...extra,
      });

    test('without a template it is refused with the fix; with one, each recipient gets what the window allows', async () => {
      const refused = await compose();
      assert.equal(refused.status, 422, JSON.stringify(refused.body));
      assert.equal(refused.body.error.code, 'account_cannot_broadcast');
      assert.match(refused.body.error.message, /approved templates: add template/);
      const badTemplate = await compose({ template: { name: 'Clinic Closed!', parameters: ['age'] } });
      assert.equal(badTemplate.status, 400, JSON.stringify(badTemplate.body));

      const preview = await world.admin.post('/api/broadcasts/preview', { kind: 'service', filter: { channel_id: world.channelId } });
      assert.equal(preview.status, 200, JSON.stringify(preview.body));
      assert.equal(preview.body.count, 2);
      // The preview says who gets the text (wrote within 24 hours) and the template, and what the limit leaves.
      assert.deepEqual(preview.body.reply_window, { inside: 1, outside: 1 });
      assert.deepEqual(preview.body.conversation_starts, { limit: 250, taken: 0, left: 250, frees_at: null });
      // The compose form offers the number's synced templates.
      const listed = await world.admin.get(`/api/accounts/${world.channelId}/templates`);
      assert.equal(listed.status, 200, JSON.stringify(listed.body));
      assert.equal(listed.body.supported, true);
      assert.deepEqual(
        listed.body.templates.map((template: any) => [template.name, template.status, template.variables.body]),
        [['clinic_closed', 'APPROVED', 1]],
      );

      const created = await compose({ template: { name: 'clinic_closed', parameters: ['first_name'] } });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal((await world.admin.post(`/api/broadcasts/${created.body.id}/start`)).status, 200);
      const stats = await eventually(
        async () => {
          const answer = (await world.admin.get(`/api/broadcasts/${created.body.id}/stats`)).body;
          return answer.state === 'done' && answer;
        },
        60_000,
        'the broadcast done',
      );
      assert.equal(stats.sent, 2, JSON.stringify(stats));

      const toRecent = world.meta.control.whatsappSent({ to: recent.waId });
      assert.equal(toRecent.length, 1);
      assert.equal(toRecent[0]!.type, 'text');
      assert.equal((toRecent[0]!.payload as any).text.body, 'Айгерим, клиника закрыта 16 декабря.');

      const toLapsed = world.meta.control.whatsappSent({ to: lapsed.waId });
      assert.equal(toLapsed.length, 1);
      assert.equal(toLapsed[0]!.type, 'template');
      assert.deepEqual((toLapsed[0]!.payload as any).template, {
        name: 'clinic_closed',
        language: { code: 'ru' },
        components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ерлан' }] }],
      });
      const limit = await world.server.switchboard.database.db
        .selectFrom('whatsapp_conversation_starts' as never)
        .select(['wa_id' as never])
        .execute();
      assert.deepEqual(
        limit.map((row: any) => row.wa_id),
        [lapsed.waId],
        'only the template took a place under the messaging limit',
      );
      const after = await world.admin.post('/api/broadcasts/preview', { kind: 'service', filter: { channel_id: world.channelId } });
      assert.equal(after.body.conversation_starts.left, 249);
      assert.ok(Date.parse(after.body.conversation_starts.frees_at) > Date.now() + 23 * 3600_000, 'the place frees a day on');
      // Narrowed to those who wrote in the last hour or so, the recent customer alone.
      const recentOnly = await world.admin.post('/api/broadcasts/preview', {
        kind: 'service',
        filter: { channel_id: world.channelId, last_inbound_after: new Date(Date.now() - 2 * 3600_000).toISOString() },
      });
      assert.deepEqual([recentOnly.body.count, recentOnly.body.reply_window], [1, { inside: 1, outside: 0 }]);
    });
  });
}
