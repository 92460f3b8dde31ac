// Sending through an Instagram account against tools/fake-meta on both engines, on a clock the test drives (the
// server's and the fake's moved together): replies inside 24 hours go as responses; from 24 hours to 7 days only an
// operator's reply goes, with the HUMAN_AGENT tag, and automation is refused; after 7 days the inbox refuses with
// 409 cannot_reply before writing anything; an echo of our own reply is not doubled; flow choices go as quick replies
// (13, titles of 20); the 60-day token is refreshed by its job ten days ahead, and a failed refresh warns the admins.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { instagramEvent, startFakeMeta, type FakeMeta, type InstagramAccount } from '@switchboard/fake-meta';
import { ChannelError } from '../channel.ts';
import { signInWithToken, type ApiClient } from '../../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../../testing/harness.ts';
import { eventually } from '../../testing/ws-client.ts';
import { tokenRefreshQueue, type InstagramModule } from './index.ts';

const appSecret = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const verifyToken = 'send-instagram-verify';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

for (const engine of testEngines()) {
  describe(`sending through an Instagram account on ${engine}`, () => {
    let meta: FakeMeta;
    let server: TestServer;
    let admin: ApiClient;
    let account: InstagramAccount;
    let channelId: number;
    let clockMs = Date.now();
    let module: InstagramModule;
    let connectedAt = 0;

    /** Moves the server's clock and the fake Meta's together. */
    function advance(ms: number): void {
      clockMs += ms;
      meta.control.setClock({ advanceMs: ms });
    }

    /** A customer writes (Meta's timestamp on the shared clock); resolves with their conversation. */
    async function customerWrites(igsid: string, name: string, text: string): Promise<any> {
      const body = meta.control.instagramInbound({
        accountId: account.id,
        events: [instagramEvent.message(account.id, igsid, { text, timestamp: clockMs })],
      });
      assert.equal((await meta.control.sendWebhook({ url: `${server.url}/webhooks/instagram`, payload: body, appSecret })).status, 200);
      return eventually(
        async () => {
          const chat = (await admin.get('/api/chats?messenger=instagram')).body.results.find((item: any) => item.title === name);
          return chat?.last_message?.text === text && chat;
        },
        10_000,
        `${name}'s message`,
      );
    }
    const outcome = (messageId: number) =>
      eventually(
        async () => {
          const row = await server.switchboard.delivery.findByMessage(messageId);
          return row && (row.state === 'sent' || row.state === 'failed') && row;
        },
        20_000,
        'the delivery outcome',
      );
    const messagesOf = async (chatId: number) =>
      (await admin.get(`/api/messages/by_chat?chat_id=${chatId}&limit=100`)).body.results as any[];
    const refreshes = () => meta.control.requests({ method: 'GET', pathPrefix: '/graph.instagram.com/refresh_access_token' });

    before(async () => {
      meta = await startFakeMeta();
      meta.control.setClock({ now: clockMs });
      account = meta.control.seedInstagramAccount({ username: 'salon.send', tokenIssuedAt: clockMs - 3 * DAY });
      server = await startTestServer(engine, { INSTAGRAM_GRAPH_URL: meta.instagramUrl }, undefined, { clock: () => new Date(clockMs) });
      admin = await signInWithToken(server.url, testAdmin);
      const created = await admin.post('/api/accounts', {
        name: 'Salon',
        account_type: 'instagram',
        instagram_account_id: account.id,
        access_token: account.accessToken,
        app_secret: appSecret,
        verify_token: verifyToken,
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      channelId = created.body.id;
      connectedAt = clockMs;
      await eventually(async () => (await admin.get(`/api/accounts/${channelId}`)).body.status === 'active', 10_000, 'active');
      module = server.switchboard.registry.moduleFor('instagram') as unknown as InstagramModule;
    });
    after(async () => {
      await server?.stop();
      await meta?.stop();
    });

    test('inside 24 hours a reply goes as a response; its echo is not doubled; 1001 characters are refused', async () => {
      meta.control.seedInstagramUser({ id: '5100000000000001', username: 'asel', name: 'Asel' });
      const chat = await customerWrites('5100000000000001', 'Asel', 'Есть окно в пятницу?');
      const reply = await admin.post(`/api/chats/${chat.id}/messages`, { text: 'Да, в 10:00 и 15:30.' });
      assert.equal(reply.status, 201);
      const row = await outcome(reply.body.id);
      assert.equal(row.state, 'sent');
      const sent = meta.control.instagramSent({ to: '5100000000000001' }).at(-1)!;
      assert.deepEqual(sent.payload, {
        recipient: { id: '5100000000000001' },
        messaging_type: 'RESPONSE',
        message: { text: 'Да, в 10:00 и 15:30.' },
      });

      // Meta echoes what the account sent, ours included: the same mid, so the conversation keeps one copy.
      const echo = meta.control.instagramInbound({
        accountId: account.id,
        events: [instagramEvent.echo(account.id, '5100000000000001', { mid: sent.id, text: 'Да, в 10:00 и 15:30.' })],
      });
      assert.equal((await meta.control.sendWebhook({ url: `${server.url}/webhooks/instagram`, payload: echo, appSecret })).status, 200);
      await customerWrites('5100000000000001', 'Asel', 'Спасибо');
      const copies = (await messagesOf(chat.id)).filter((message) => message.text === 'Да, в 10:00 и 15:30.');
      assert.equal(copies.length, 1);
      assert.equal(copies[0].external_message_id, sent.id);

      const tooLong = await admin.post(`/api/chats/${chat.id}/messages`, { text: 'x'.repeat(1001) });
      assert.equal(tooLong.status, 422);
      assert.match(tooLong.body.error.message, /Instagram allows 1000/);
    });

    test('24 hours to 7 days: an operator’s reply goes with HUMAN_AGENT, automation is refused; after 7 days 409 before anything is written', async () => {
      meta.control.seedInstagramUser({ id: '5100000000000002', username: 'bolat', name: 'Bolat' });
      const chat = await customerWrites('5100000000000002', 'Bolat', 'Спасибо!');
      advance(25 * HOUR);
      const status = await admin.get(`/api/chats/${chat.id}/reply-status`);
      assert.equal(status.body.can_reply ?? status.body.canReply, true);
      const reply = await admin.post(`/api/chats/${chat.id}/messages`, { text: 'Вы придёте завтра?' });
      assert.equal(reply.status, 201);
      assert.equal((await outcome(reply.body.id)).state, 'sent');
      const tagged = meta.control.instagramSent({ to: '5100000000000002' }).at(-1)!;
      assert.equal(tagged.payload.messaging_type, 'MESSAGE_TAG');
      assert.equal(tagged.payload.tag, 'HUMAN_AGENT');

      // Automation (an app's notification goes through the same adapter, not written by a person) may not use the tag.
      const channel = (await server.switchboard.registry.get(channelId))!;
      const before = meta.control.instagramSent({ to: '5100000000000002' }).length;
      await assert.rejects(
        module.adapter.send(channel, { chatId: '5100000000000002', text: 'Напоминание о записи' }),
        (error: unknown) => error instanceof ChannelError && error.code === 'PERMANENT' && /person's reply/.test(error.message),
      );
      assert.equal(meta.control.instagramSent({ to: '5100000000000002' }).length, before);

      advance(6 * DAY);
      const messagesBefore = (await messagesOf(chat.id)).length;
      const closed = await admin.get(`/api/chats/${chat.id}/reply-status`);
      assert.equal(closed.body.can_reply ?? closed.body.canReply, false);
      const refused = await admin.post(`/api/chats/${chat.id}/messages`, { text: 'Ждём вас!' });
      assert.equal(refused.status, 409);
      assert.equal(refused.body.error.code, 'cannot_reply');
      assert.match(refused.body.error.message, /more than 7 days ago/);
      assert.equal((await messagesOf(chat.id)).length, messagesBefore, 'nothing was written');
      assert.equal(meta.control.instagramSent({ to: '5100000000000002' }).length, before);

      await customerWrites('5100000000000002', 'Bolat', 'Я снова здесь');
      assert.equal((await admin.post(`/api/chats/${chat.id}/messages`, { text: 'Рады вас слышать' })).status, 201);
    });

    test('flow choices go as quick replies: 13 at most, titles clipped to 20 characters', async () => {
      meta.control.seedInstagramUser({ id: '5100000000000003', username: 'dana', name: 'Dana' });
      await customerWrites('5100000000000003', 'Dana', 'Запишите меня');
      const channel = (await server.switchboard.registry.get(channelId))!;
      const buttons = Array.from({ length: 13 }, (_, index) => ({
        title: `Вторник ${index + 10}:00 у мастера Анны`,
        data: `slot:${index}`,
      }));
      const result = await module.adapter.renderReplies(channel, { chatId: '5100000000000003', topicId: '' }, [
        { type: 'buttons', text: 'Выберите время', format: 'plain', rows: [buttons.slice(0, 7), buttons.slice(7)], menuKey: 'm1' },
      ]);
      assert.deepEqual(result.problems, []);
      const sent = meta.control.instagramSent({ to: '5100000000000003' }).at(-1)!;
      const replies = (sent.payload.message as any).quick_replies as Array<{ content_type: string; title: string; payload: string }>;
      assert.equal(replies.length, 13);
      assert.ok(replies.every((reply) => reply.content_type === 'text' && [...reply.title].length <= 20));
      assert.equal(replies[0]!.payload, 'slot:0');
      assert.equal(module.adapter.interactions.buttons?.perMessage, 13);

      // Quick replies only answer: a link button goes as a "title: url" line under the text, beside them.
      await module.adapter.send(channel, {
        chatId: '5100000000000003',
        text: 'Вы записаны',
        links: [{ title: 'Запись', url: 'https://salon.example.com/visits/9' }],
        choices: [[{ title: 'Отменить', payload: 'cancel:9' }]],
      });
      const withLink = meta.control.instagramSent({ to: '5100000000000003' }).at(-1)!.payload.message as any;
      assert.equal(withLink.text, 'Вы записаны\n\nЗапись: https://salon.example.com/visits/9');
      assert.deepEqual(
        withLink.quick_replies.map((reply: { payload: string }) => reply.payload),
        ['cancel:9'],
      );
    });

    test('the token is refreshed by its job ten days before it lapses; a failed refresh warns the admins', async () => {
      // Connecting refreshed the 3-day-old token, so Meta said when the new one lapses: 60 days from then.
      assert.equal(refreshes().length, 1);
      const firstExpiry = (await module.tokens.expiresAt(channelId))!;
      assert.equal(firstExpiry.getTime(), connectedAt + 60 * DAY);

      // Not due yet: the job leaves it.
      assert.ok(server.switchboard.jobs.queueNames().includes(tokenRefreshQueue), 'the refresh is a scheduled job');
      assert.deepEqual(await module.tokens.refreshDue(), { refreshed: 0, failed: 0 });

      advance(firstExpiry.getTime() - clockMs - 9 * DAY);
      await server.switchboard.jobs.send(tokenRefreshQueue, {});
      const secondExpiry = await eventually(
        async () => {
          const expiry = (await module.tokens.expiresAt(channelId))!;
          return expiry.getTime() > firstExpiry.getTime() && expiry;
        },
        20_000,
        'the job to refresh the token',
      );
      assert.equal(secondExpiry.getTime(), clockMs + 60 * DAY);
      assert.equal(refreshes().length, 2);

      // Past the first token's lapse, the account still answers: it sends with the refreshed token.
      advance(15 * DAY);
      meta.control.seedInstagramUser({ id: '5100000000000004', username: 'erlan', name: 'Erlan' });
      const chat = await customerWrites('5100000000000004', 'Erlan', 'Добрый день');
      const reply = await admin.post(`/api/chats/${chat.id}/messages`, { text: 'Здравствуйте!' });
      assert.equal((await outcome(reply.body.id)).state, 'sent');

      // Meta refuses the next refresh: the account shows the trouble, with the date, before the token lapses.
      advance(secondExpiry.getTime() - clockMs - 5 * DAY);
      meta.control.injectFault({
        fault: { kind: 'graph-error', code: 190, httpStatus: 400 },
        count: 1,
        pathPrefix: '/graph.instagram.com/refresh_access_token',
      });
      await server.switchboard.jobs.send(tokenRefreshQueue, {});
      const troubled = await eventually(
        async () => {
          const shown = (await admin.get(`/api/accounts/${channelId}`)).body;
          return shown.status === 'error' && shown;
        },
        20_000,
        'the warning on the account',
      );
      assert.match(JSON.stringify(troubled), new RegExp(`lapses at ${secondExpiry.toISOString().replace(/[.]/g, '\\.')}`));

      // The next run succeeds: the account is active again.
      await server.switchboard.jobs.send(tokenRefreshQueue, {});
      await eventually(async () => (await admin.get(`/api/accounts/${channelId}`)).body.status === 'active', 20_000, 'active again');
    });
  });
}
