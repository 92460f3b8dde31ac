// Scheduled reminders on a controlled clock (issue 19): the evening before and an hour before a visit,
// admins on a job left unassigned; only within working hours; each once, however many sweeps race.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { joinCrew, seedDeal, sendLeadWebhook, startDispatchWorld, type DispatchWorld } from '../../testing/dispatch.fixture.ts';
import { testEngines } from '../../testing/harness.ts';
import { createDispatchApp, type DispatchHandles } from './index.ts';

const hourMs = 3_600_000;
/** A local day (UTC+5, no daylight saving) `offset` days after today, as YYYY-MM-DD. */
const localDay = (offset: number) => new Date(Date.now() + 5 * hourMs + offset * 24 * hourMs).toISOString().slice(0, 10);
const at = (day: string, time: string) => new Date(`${day}T${time}:00+05:00`).getTime();

for (const engine of testEngines()) {
  describe(`dispatch reminders on ${engine}`, () => {
    let world: DispatchWorld;
    let handles: DispatchHandles;
    let clockMs = Date.now();
    const tomorrow = localDay(1);
    const visitDay = localDay(2);

    before(async () => {
      const dispatch = createDispatchApp({ clock: () => new Date(clockMs), expose: (exposed) => void (handles = exposed) });
      world = await startDispatchWorld(engine, {}, { apps: [dispatch] });
      const settings = await world.admin.put('/api/apps/dispatch/settings', {
        address_field_id: world.addressFieldId,
        time_zone: 'Asia/Tashkent',
        reminder_evening_hour: 19,
        unassigned_alert_minutes: 60,
        work_start_hour: 8,
        work_end_hour: 21,
      });
      assert.equal(settings.status, 200, JSON.stringify(settings.body));
    });
    after(async () => {
      await world.stop();
    });

    test('admins hear of an unassigned job, the measurer the evening before and an hour before, each once', async () => {
      const { sim, token, admin } = world;
      const boss = await joinCrew(world, 'admin', { first_name: 'Алия' });
      const measurer = await joinCrew(world, 'measurer', { first_name: 'Ерлан' });
      const waiting = seedDeal(world, { client: 'Ждущий Клиент', phone: '+77010000001', address: 'Сатпаева 1' });
      const visited = seedDeal(world, { client: 'Анна Петрова', phone: '+77011234567', address: 'Абая 10' });
      for (const lead of [waiting, visited]) assert.equal((await sendLeadWebhook(world, lead.id)).status, 200);
      const offer = await sim.waitForSent(
        token,
        boss.user.id,
        (message) => /Новый замер[\s\S]*Анна Петрова/.test(message.text ?? ''),
        15_000,
      );
      await sim.waitForSent(token, boss.user.id, (message) => /Новый замер[\s\S]*Ждущий Клиент/.test(message.text ?? ''), 15_000);
      sim.pressButton(token, { from: boss.user.id, message_id: offer.message_id, text: 'Ерлан' });
      await sim.waitForSent(token, boss.user.id, (message) => /назначен: Ерлан/.test(message.text ?? ''), 10_000);
      const jobs = (await admin.get('/api/dispatch/jobs')).body.results as Array<{ id: number; amocrm_lead_id: number }>;
      const waitingJob = jobs.find((job) => job.amocrm_lead_id === waiting.id)!.id;
      const visitJob = jobs.find((job) => job.amocrm_lead_id === visited.id)!.id;
      const planned = await admin.put(`/api/dispatch/jobs/${visitJob}/visit`, { planned_at: `${visitDay}T10:00:00+05:00` });
      assert.equal(planned.status, 200, JSON.stringify(planned.body));

      // Due, but before working hours: nothing goes.
      clockMs = at(tomorrow, '07:00');
      assert.equal(await handles.sweepReminders(), 0);
      // At nine the waiting job's alert goes to the admin, once however many sweeps race.
      clockMs = at(tomorrow, '09:00');
      const first = await Promise.all([handles.sweepReminders(), handles.sweepReminders(), handles.sweepReminders()]);
      assert.equal(
        first.reduce((sum, count) => sum + count, 0),
        1,
      );
      assert.equal(await handles.sweepReminders(), 0);
      await sim.waitForSent(
        token,
        boss.user.id,
        (message) => new RegExp(`⚠️ Замер #${waitingJob} \\(Ждущий Клиент\\) ждёт назначения`).test(message.text ?? ''),
        10_000,
      );

      // The evening before at 19:00 (the setting), then an hour before the visit.
      clockMs = at(tomorrow, '18:59');
      assert.equal(await handles.sweepReminders(), 0);
      clockMs = at(tomorrow, '19:05');
      const evening = await Promise.all([handles.sweepReminders(), handles.sweepReminders()]);
      assert.equal(evening[0] + evening[1], 1);
      await sim.waitForSent(
        token,
        measurer.user.id,
        (message) =>
          message.text === `⏰ Завтра визит по замеру #${visitJob}: ${visitDay} 10:00\n👤 Анна Петрова, 📞 +77011234567\n📍 Абая 10`,
        10_000,
      );
      clockMs = at(visitDay, '08:30');
      assert.equal(await handles.sweepReminders(), 0);
      clockMs = at(visitDay, '09:01');
      assert.equal(await handles.sweepReminders(), 1);
      assert.equal(await handles.sweepReminders(), 0);
      await sim.waitForSent(token, measurer.user.id, (message) => /⏰ Через час визит по замеру/.test(message.text ?? ''), 10_000);

      // A visit moved later reminds again for its new time.
      assert.equal((await admin.put(`/api/dispatch/jobs/${visitJob}/visit`, { planned_at: `${visitDay}T11:00:00+05:00` })).status, 200);
      assert.equal(await handles.sweepReminders(), 0);
      clockMs = at(visitDay, '10:00');
      assert.equal(await handles.sweepReminders(), 1);
      await sim.waitForSent(
        token,
        measurer.user.id,
        (message) => (message.text ?? '').startsWith(`⏰ Через час визит по замеру #${visitJob}: ${visitDay} 11:00`),
        10_000,
      );
      const alerts = sim.sentMessages(token, boss.user.id).filter((message) => /ждёт назначения/.test(message.text ?? ''));
      assert.equal(alerts.length, 1);
      const reminders = sim.sentMessages(token, measurer.user.id).filter((message) => /^⏰/.test(message.text ?? ''));
      assert.equal(reminders.length, 3);
    });
  });
}
