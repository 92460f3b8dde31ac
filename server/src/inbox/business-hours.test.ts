// Issue 26: business hours on the inbox's controlled clock — the away message (once per conversation per closed
// period, in the customer's language) and the SLA badge counted in open time only. The clock runs with real
// time plus an offset the test moves, because Telegram stamps messages with real time; the time zone is picked so
// that it is local noon when the test starts, which keeps every expectation clear of midnight.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import { createApiClient, signInWithToken, type ApiClient } from '../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../testing/harness.ts';
import { eventually } from '../testing/ws-client.ts';

const minute = 60_000;
const hour = 60 * minute;

/** An Etc/GMT zone where it is now 12:xx, and that local date shifted by `days`. */
function noonZone(startMs: number): { zone: string; localDate: (days: number) => string } {
  const offsetHours = 12 - new Date(startMs).getUTCHours();
  // Etc/GMT names have the sign reversed: Etc/GMT-3 is UTC+3.
  const zone = offsetHours === 0 ? 'Etc/GMT' : offsetHours > 0 ? `Etc/GMT-${offsetHours}` : `Etc/GMT+${-offsetHours}`;
  const localDate = (days: number) => new Date(startMs + offsetHours * hour + days * 24 * hour).toISOString().slice(0, 10);
  return { zone, localDate };
}

for (const engine of testEngines()) {
  describe(`business hours and SLA on ${engine}`, () => {
    let sim: Simulator;
    let server: TestServer;
    let admin: ApiClient;
    let token: string;
    let channelId: number;
    const startMs = Date.now();
    let offsetMs = 0;
    const clock = () => new Date(Date.now() + offsetMs);
    const { zone, localDate } = noonZone(startMs);
    const everyDay = (from: string, to: string) =>
      Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, [[from, to]]]));

    before(async () => {
      sim = await startTelegramSimulator();
      token = sim.createBot({ username: 'hours_bot' }).token;
      server = await startTestServer(
        engine,
        { TELEGRAM_API_ROOT: sim.apiRoot, TELEGRAM_BOT_TOKEN: token, TELEGRAM_MODE: 'polling' },
        undefined,
        { clock },
      );
      admin = await signInWithToken(server.url, testAdmin);
      assert.equal((await admin.put('/api/inbox/policy', { auto_assign: false, operators_see_unassigned: true })).status, 200);
      const listed = await admin.get('/api/business-hours');
      assert.equal(listed.status, 200);
      assert.equal(listed.body.default, null);
      channelId = listed.body.open_now[0].channel_id;
    });
    after(async () => {
      await server.stop();
      await sim.stop();
    });

    async function customerSays(user: { id: number }, text: string): Promise<number> {
      sim.sendText(token, { from: user.id, text });
      const message = await eventually(
        async () => (await admin.get('/api/messages/?limit=200')).body.results.find((item: any) => item.text === text),
        60_000,
        `"${text}" in the inbox`,
      );
      return message.chat_id;
    }
    const history = async (chatId: number) => (await admin.get(`/api/messages/by_chat?chat_id=${chatId}&limit=200`)).body.results;

    test('bad hours are a precise 400; an account follows the default until it has its own', async () => {
      const badZone = await admin.put('/api/business-hours/default', { time_zone: 'Mars/Olympus', weekly: {} });
      assert.equal(badZone.status, 400);
      assert.match(badZone.body.error.message, /Unknown time zone "Mars\/Olympus"/);
      const backwards = await admin.put('/api/business-hours/default', { time_zone: zone, weekly: { mon: [['18:00', '09:00']] } });
      assert.equal(backwards.status, 400);
      assert.match(backwards.body.error.message, /must end after they start/);
      const badHoliday = await admin.put('/api/business-hours/default', { time_zone: zone, weekly: {}, holidays: ['2030-02-30'] });
      assert.equal(badHoliday.status, 400);
      const silentAway = await admin.put('/api/business-hours/default', { time_zone: zone, weekly: {}, away_enabled: true });
      assert.equal(silentAway.status, 400);
      assert.match(silentAway.body.error.message, /no text/);
      assert.equal((await admin.put('/api/business-hours/accounts/999999', { time_zone: zone, weekly: {} })).status, 404);
      assert.equal((await admin.get('/api/business-hours')).body.default, null, 'nothing half-written');

      assert.equal((await admin.put('/api/business-hours/default', { time_zone: zone, weekly: everyDay('00:00', '24:00') })).status, 200);
      assert.deepEqual((await admin.get('/api/business-hours')).body.open_now, [{ channel_id: channelId, open: true }]);
      const own = await admin.put(`/api/business-hours/accounts/${channelId}`, { time_zone: zone, weekly: {} });
      assert.equal(own.status, 200);
      assert.equal(own.body.channel_id, channelId);
      assert.deepEqual((await admin.get('/api/business-hours')).body.open_now, [{ channel_id: channelId, open: false }]);
      assert.equal((await admin.delete(`/api/business-hours/accounts/${channelId}`)).status, 200);
      assert.deepEqual((await admin.get('/api/business-hours')).body.open_now, [{ channel_id: channelId, open: true }]);
      const operator = createApiClient(server.url);
      assert.equal((await operator.get('/api/business-hours')).status, 401);
    });

    test('outside hours the customer gets the away message once per closed period, in their language', async () => {
      // Open 09:00–18:00 every day, but today (local) is a holiday: closed now.
      const saved = await admin.put('/api/business-hours/default', {
        time_zone: zone,
        weekly: everyDay('09:00', '18:00'),
        holidays: [localDate(0)],
        away_enabled: true,
        away_text_ru: 'Мы сейчас не работаем, ответим утром.',
        away_text_en: 'We are closed now and will answer in the morning.',
      });
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      const anna = sim.createUser({ first_name: 'Anna', language_code: 'ru' });
      const chatId = await customerSays(anna, 'здравствуйте, заказ не пришёл');
      await sim.waitForSent(token, anna.id, (message) => message.text === 'Мы сейчас не работаем, ответим утром.', 60_000);
      // The second message's away decision commits with it, so once it is in the inbox the count is final.
      await customerSays(anna, 'вы тут?');
      const aways = (await history(chatId)).filter((message: any) => message.text === 'Мы сейчас не работаем, ответим утром.');
      assert.equal(aways.length, 1);
      assert.equal(aways[0].sender_type, 'bot');

      // Tomorrow at noon it is open: no away message.
      offsetMs = 24 * hour;
      await customerSays(anna, 'добрый день');
      // Tomorrow at 20:xx a new closed period began at 18:00: one more.
      offsetMs = 32 * hour;
      await customerSays(anna, 'а сейчас?');
      await eventually(
        async () => (await history(chatId)).filter((message: any) => message.text === 'Мы сейчас не работаем, ответим утром.').length === 2,
        60_000,
        'the second closed period’s away message',
      );

      offsetMs = 0;
      const john = sim.createUser({ first_name: 'John', language_code: 'en' });
      await customerSays(john, 'hello?');
      await sim.waitForSent(token, john.id, (message) => message.text === 'We are closed now and will answer in the morning.', 60_000);
    });

    test('the SLA badge counts open time only: at risk, then breached; a reply ends the first-response clock', async () => {
      offsetMs = 0;
      // Open all day except tomorrow (local), a holiday. First response within 60 open minutes, resolution within 13 open hours.
      const saved = await admin.put('/api/business-hours/default', {
        time_zone: zone,
        weekly: everyDay('00:00', '24:00'),
        holidays: [localDate(1)],
        first_response_minutes: 60,
        resolution_minutes: 13 * 60,
      });
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      const slaOf = async (chatId: number) => {
        const listed = (await admin.get('/api/chats?limit=200')).body.results.find((chat: any) => chat.id === chatId);
        const single = (await admin.get(`/api/chats/${chatId}`)).body;
        assert.equal(listed.sla, single.sla, 'the list and the conversation agree');
        return single.sla;
      };
      const pavel = sim.createUser({ first_name: 'Pavel' });
      const waiting = await customerSays(pavel, 'where is my parcel?');
      const answered = await customerSays(sim.createUser({ first_name: 'Vera' }), 'can I change the address?');
      assert.equal(await slaOf(waiting), null);

      offsetMs = 50 * minute;
      assert.equal(await slaOf(waiting), 'at_risk');
      const reply = await admin.post(`/api/chats/${answered}/messages`, { text: 'Yes, send it here.' });
      assert.ok(reply.status < 300, JSON.stringify(reply.body));
      assert.equal(await slaOf(answered), null, 'answered within the hour');

      offsetMs = 3 * hour;
      assert.equal(await slaOf(waiting), 'breached');
      assert.equal(await slaOf(answered), null);
      // 30 wall hours later it is tomorrow evening, a holiday: about 12 open hours of 13 — at risk, not breached.
      offsetMs = 30 * hour;
      assert.equal(await slaOf(answered), 'at_risk');
      // Two hours into the day after: 14 open hours.
      offsetMs = 38 * hour;
      assert.equal(await slaOf(answered), 'breached');
      assert.equal((await admin.post(`/api/chats/${answered}/status`, { status: 'resolved' })).status, 200);
      assert.equal(await slaOf(answered), null, 'a resolved conversation shows no badge');
    });
  });
}
