// The admins' new-job offers are edited once the job is taken (issue 19): through delivery's neutral edit and the bot
// channel's editMessage, on the Bot API simulator. Assigned from the bot, from the web board, or cancelled: every
// admin's offer says so in their language and loses its measurer buttons (a taken job's keeps Reassign and Cancel).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { SentMessage } from '@switchboard/telegram-sim';
import { testEngines } from '../../testing/harness.ts';
import { eventually } from '../../testing/ws-client.ts';
import { joinCrew, seedDeal, sendLeadWebhook, startDispatchWorld, type DispatchWorld } from '../../testing/dispatch.fixture.ts';

const buttons = (message: SentMessage) =>
  ((message.reply_markup as { inline_keyboard?: Array<Array<{ text: string }>> } | undefined)?.inline_keyboard ?? [])
    .flat()
    .map((button) => button.text);
const hasButtons = (message: SentMessage) => buttons(message).length > 0;

for (const engine of testEngines()) {
  describe(`new-job offers edited after assignment on ${engine}`, () => {
    let world: DispatchWorld;
    let boss: Awaited<ReturnType<typeof joinCrew>>;
    let deputy: Awaited<ReturnType<typeof joinCrew>>;
    let measurer: Awaited<ReturnType<typeof joinCrew>>;
    let staffName: string;
    before(async () => {
      world = await startDispatchWorld(engine);
      boss = await joinCrew(world, 'admin', { first_name: 'Алия' });
      deputy = await joinCrew(world, 'admin', { first_name: 'Deputy', language_code: 'en' });
      measurer = await joinCrew(world, 'measurer', { first_name: 'Ерлан' });
      staffName = (await world.admin.get('/api/auth/me')).body.user.name;
      assert.ok(staffName, 'the signed-in staff user has a name');
    });
    after(async () => {
      await world.stop();
    });

    /** A new deal's job, and each admin's offer of it as the bot sent it. */
    async function newJob(client: string) {
      const lead = seedDeal(world, { client, phone: '+77010000000', address: 'Абая 1' });
      assert.equal((await sendLeadWebhook(world, lead.id)).status, 200);
      const offerTo = (userId: number) =>
        world.sim.waitForSent(world.token, userId, (message) => message.text?.includes(client) === true && hasButtons(message), 15_000);
      const [bossOffer, deputyOffer] = await Promise.all([offerTo(boss.user.id), offerTo(deputy.user.id)]);
      const job = (await world.admin.get('/api/dispatch/jobs?status=pending')).body.results.find(
        (each: any) => each.client_name === client,
      );
      return { job, bossOffer, deputyOffer };
    }

    /** The offer once edited (the same message: the simulator reports its edits). */
    const edited = (userId: number, offer: SentMessage, pattern: RegExp) =>
      world.sim.waitForSent(
        world.token,
        userId,
        (message) => message.message_id === offer.message_id && message.edits.length > 0 && pattern.test(message.text ?? ''),
        15_000,
      );

    test('taken in the bot: both admins’ offers say who took it and who assigned, in their language, without buttons', async () => {
      const { bossOffer, deputyOffer } = await newJob('Клиент Бот');
      world.sim.pressButton(world.token, { from: boss.user.id, message_id: bossOffer.message_id, text: 'Ерлан' });
      const mine = await edited(boss.user.id, bossOffer, /✅ Замер взят: Ерлан \(назначил\(а\): Алия\)/);
      const theirs = await edited(deputy.user.id, deputyOffer, /✅ Taken: Ерлан \(assigned by Алия\)/);
      // The measurer buttons went; what an admin may still do to a taken job stays.
      assert.deepEqual(buttons(mine), ['🔁 Переназначить', '❌ Отменить']);
      assert.deepEqual(buttons(theirs), ['🔁 Reassign', '❌ Cancel']);
      for (const message of [mine, theirs]) {
        assert.deepEqual(
          message.edits.map((edit) => edit.method),
          ['editMessageText'],
        );
      }
      assert.match(theirs.text!, /Клиент Бот/);
      assert.match(theirs.text!, /Measurer: Ерлан/);
      // The inbox, which keeps what the bot told each chat, shows the offer edited too.
      await eventually(
        async () =>
          (await world.admin.get('/api/messages/')).body.results.some(
            (message: any) => /✅ Taken: Ерлан/.test(message.text ?? '') && message.edited_at !== null,
          ),
        15_000,
        'the edited offer in the inbox',
      );
      // The deputy's buttons are gone: the simulator, like Telegram, has nothing left to press.
      assert.throws(
        () => world.sim.pressButton(world.token, { from: deputy.user.id, message_id: deputyOffer.message_id, text: 'Ерлан' }),
        /no callback button/,
      );
    });

    test('taken on the web board: the offers name the staff user who assigned', async () => {
      const { job, bossOffer, deputyOffer } = await newJob('Клиент Веб');
      const assigned = await world.admin.post(`/api/dispatch/jobs/${job.id}/assign`, { measurer_id: measurer.member.id });
      assert.equal(assigned.status, 200, JSON.stringify(assigned.body));
      const escaped = staffName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const mine = await edited(boss.user.id, bossOffer, new RegExp(`Замер взят: Ерлан \\(назначил\\(а\\): ${escaped}\\)`));
      const theirs = await edited(deputy.user.id, deputyOffer, new RegExp(`Taken: Ерлан \\(assigned by ${escaped}\\)`));
      assert.deepEqual(buttons(theirs), ['🔁 Reassign', '❌ Cancel']);
      // The offer's ❌ still cancels the taken job from the bot.
      world.sim.pressButton(world.token, { from: boss.user.id, message_id: mine.message_id, text: '❌ Отменить' });
      await edited(boss.user.id, mine, /❌ Замер отменён \(отменил\(а\): Алия\)/);
      assert.equal((await world.admin.get(`/api/dispatch/jobs/${job.id}`)).body.status, 'cancelled');
    });

    test('cancelled on the web board: the offers say so and lose their buttons', async () => {
      const { job, bossOffer, deputyOffer } = await newJob('Клиент Отмена');
      const cancelled = await world.admin.post(`/api/dispatch/jobs/${job.id}/cancel`, { reason: 'клиент передумал' });
      assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
      const mine = await edited(boss.user.id, bossOffer, /❌ Замер отменён \(отменил\(а\): /);
      const theirs = await edited(deputy.user.id, deputyOffer, /❌ Job cancelled \(cancelled by /);
      assert.equal(hasButtons(mine) || hasButtons(theirs), false);
    });
  });
}
