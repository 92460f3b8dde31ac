import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testEngines } from '../../testing/harness.ts';
import { eventually } from '../../testing/ws-client.ts';
import { joinCrew, seedDeal, sendLeadWebhook, startDispatchWorld, type DispatchWorld } from '../../testing/dispatch.fixture.ts';

const buttonTitles = (message: { reply_markup?: unknown }) =>
  ((message.reply_markup as { inline_keyboard?: Array<Array<{ text: string }>> } | undefined)?.inline_keyboard ?? [])
    .flat()
    .map((button) => button.text);

for (const engine of testEngines()) {
  describe(`field dispatch end to end on ${engine}`, () => {
    let world: DispatchWorld;
    before(async () => {
      world = await startDispatchWorld(engine);
    });
    after(async () => {
      await world.stop();
    });

    test('an AmoCRM webhook becomes a job an admin assigns, the measurer completes, and the deal is written back', async () => {
      const { sim, token, amo, admin } = world;
      const settings = await admin.put('/api/apps/dispatch/settings', { address_field_id: world.addressFieldId, completed_status_id: 142 });
      assert.equal(settings.status, 200, JSON.stringify(settings.body));
      const boss = await joinCrew(world, 'admin', { first_name: 'Алия' });
      const measurer = await joinCrew(world, 'measurer', { first_name: 'Ерлан' });
      const manager = await joinCrew(world, 'manager', { first_name: 'Dana', language_code: 'en' });
      const amoUser = amo.control.seedUser({ name: 'Dana' });
      assert.equal((await admin.patch(`/api/dispatch/crew/${manager.member.id}`, { amocrm_user_id: amoUser.id })).status, 200);

      const lead = seedDeal(world, { client: 'Анна Петрова', phone: '+77011234567', address: 'Абая 10, кв 5', responsible: amoUser.id });
      const delivery = await sendLeadWebhook(world, lead.id);
      assert.equal(delivery.status, 200, JSON.stringify(delivery));

      const offer = await sim.waitForSent(token, boss.user.id, (message) => /Новый замер/.test(message.text ?? ''), 15_000);
      assert.match(offer.text!, /Анна Петрова/);
      assert.match(offer.text!, /\+77011234567/);
      assert.match(offer.text!, /Абая 10, кв 5/);
      assert.deepEqual(buttonTitles(offer), ['Ерлан', '❌ Отменить']);
      sim.pressButton(token, { from: boss.user.id, message_id: offer.message_id, text: 'Ерлан' });
      await sim.waitForSent(token, boss.user.id, (message) => /Замер #\d+ назначен: Ерлан/.test(message.text ?? ''), 10_000);

      const assigned = await sim.waitForSent(token, measurer.user.id, (message) => /Вам назначен замер/.test(message.text ?? ''), 10_000);
      assert.deepEqual(buttonTitles(assigned), ['🔄 Начать выполнение']);
      await sim.waitForSent(token, manager.user.id, (message) => /Ерлан will measure your order/.test(message.text ?? ''), 10_000);

      sim.pressButton(token, { from: measurer.user.id, message_id: assigned.message_id, text: '🔄 Начать выполнение' });
      const started = await sim.waitForSent(token, measurer.user.id, (message) => buttonTitles(message).includes('✅ Завершить'), 10_000);
      await sim.waitForSent(token, manager.user.id, (message) => /Ерлан started job/.test(message.text ?? ''), 10_000);
      sim.pressButton(token, { from: measurer.user.id, message_id: started.message_id, text: '✅ Завершить' });
      await sim.waitForSent(token, measurer.user.id, (message) => /выполнен. Спасибо/.test(message.text ?? ''), 10_000);
      await sim.waitForSent(token, manager.user.id, (message) => /was completed by Ерлан/.test(message.text ?? ''), 10_000);

      await eventually(() => amo.control.lead(lead.id)?.status_id === 142, 15_000, 'the deal moved to the won status');
      await eventually(
        () => amo.control.notes({ leadId: lead.id }).some((note: any) => /Замер #\d+ выполнен/.test(note.params?.text ?? '')),
        10_000,
        'the note',
      );

      const list = await admin.get('/api/dispatch/jobs?status=completed');
      assert.equal(list.status, 200);
      const job = list.body.results.find((each: any) => each.amocrm_lead_id === lead.id);
      assert.deepEqual(
        {
          status: job.status,
          client: job.client_name,
          phone: job.client_phone,
          address: job.address,
          measurer: job.measurer?.name,
          manager: job.manager?.name,
        },
        {
          status: 'completed',
          client: 'Анна Петрова',
          phone: '+77011234567',
          address: 'Абая 10, кв 5',
          measurer: 'Ерлан',
          manager: 'Dana',
        },
      );
      assert.ok(job.created_at && job.assigned_at && job.completed_at);
      const detail = await eventually(
        async () => {
          const response = await admin.get(`/api/dispatch/jobs/${job.id}`);
          return response.body.history?.some((entry: any) => entry.event === 'written_back') ? response.body : undefined;
        },
        10_000,
        'the write-back in the history',
      );
      assert.deepEqual(
        detail.history.map((entry: any) => entry.event),
        ['created', 'assign', 'start', 'complete', 'written_back'],
      );
      assert.equal(detail.history[1].actor.kind, 'crew');
      assert.equal(
        (await admin.get(`/api/dispatch/jobs?measurer=${measurer.member.id}&manager=${manager.member.id}`)).body.results.length,
        1,
      );
      assert.equal((await admin.get('/api/dispatch/jobs?status=pending')).body.results.length, 0);
      assert.equal((await admin.get('/api/dispatch/jobs?status=done')).status, 400);

      // The seed's commands, by role.
      sim.sendText(token, { from: boss.user.id, text: '/all' });
      await sim.waitForSent(
        token,
        boss.user.id,
        (message) => /Последние замеры:\n#\d+ ✅ Выполнен: Анна Петрова/.test(message.text ?? ''),
        10_000,
      );
      sim.sendText(token, { from: boss.user.id, text: '/measurers' });
      await sim.waitForSent(token, boss.user.id, (message) => /Замерщики \(активных замеров\):\nЕрлан: 0/.test(message.text ?? ''), 10_000);
      sim.sendText(token, { from: manager.user.id, text: '/orders' });
      await sim.waitForSent(
        token,
        manager.user.id,
        (message) => /Jobs for your orders:\n#\d+ ✅ Completed: Анна Петрова/.test(message.text ?? ''),
        10_000,
      );
      sim.sendText(token, { from: measurer.user.id, text: '/my' });
      await sim.waitForSent(token, measurer.user.id, (message) => /нет активных замеров/.test(message.text ?? ''), 10_000);
      sim.sendText(token, { from: measurer.user.id, text: '/pending' });
      await sim.waitForSent(token, measurer.user.id, (message) => /для роли «Администратор»/.test(message.text ?? ''), 10_000);
      const stranger = sim.createUser({ first_name: 'Stranger', language_code: 'en' });
      sim.sendText(token, { from: stranger.id, text: '/pending' });
      await sim.waitForSent(token, stranger.id, (message) => /not in the crew/.test(message.text ?? ''), 10_000);
    });
  });
}
