// Instagram intake against tools/fake-meta on both engines: connecting an account (the token checked with
// graph.instagram.com, secrets sealed and masked, the Meta app filed), Meta's GET handshake, signed webhooks on the
// raw body (missing and wrong signatures refused, nothing stored), routing by entry[].id, redeliveries stored once,
// and every inbound type: text, media fetched from its CDN link, story replies and mentions (with the story link),
// reactions, unsends, quick-reply taps and echoes of what the business sent from the Instagram app.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { instagramEvent, startFakeMeta, type FakeMeta, type InstagramAccount, type InstagramUser } from '@switchboard/fake-meta';
import { createApiClient, signInWithToken, type ApiClient } from '../../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../../testing/harness.ts';
import { eventually } from '../../testing/ws-client.ts';

const appSecret = '9f8e7d6c5b4a39281706f5e4d3c2b1a0';
const verifyToken = 'salon-instagram-verify';

for (const engine of testEngines()) {
  describe(`Instagram intake on ${engine}`, () => {
    let meta: FakeMeta;
    let server: TestServer;
    let admin: ApiClient;
    let account: InstagramAccount;
    let customer: InstagramUser;
    let hook: string;
    // A private chat is titled by the customer, whose name the route looked up.
    const name = 'Айгерим Сапарова';

    const deliver = (payload: unknown, signature?: string | null) => meta.control.sendWebhook({ url: hook, payload, appSecret, signature });
    const inbound = (events: Array<Record<string, unknown>>, accountId = account.id) =>
      meta.control.instagramInbound({ accountId, events });
    const chatOf = async (title: string) =>
      (await admin.get('/api/chats?messenger=instagram')).body.results.find((chat: any) => chat.title === title);
    const messagesOf = async (chatId: number) =>
      (await admin.get(`/api/messages/by_chat?chat_id=${chatId}&limit=100`)).body.results as any[];
    /** Delivers the body, then a marker, and resolves with the chat's messages once the marker is in. */
    async function deliverAndRead(body: unknown, chatTitle: string, from: string): Promise<any[]> {
      assert.equal((await deliver(body)).status, 200);
      const marker = `marker ${Math.random()}`;
      assert.equal((await deliver(inbound([instagramEvent.message(account.id, from, { text: marker })]))).status, 200);
      const chat = await eventually(() => chatOf(chatTitle), 10_000, 'the chat');
      return eventually(async () => {
        const list = await messagesOf(chat.id);
        return list.some((message) => message.text === marker) && list;
      });
    }

    before(async () => {
      meta = await startFakeMeta();
      account = meta.control.seedInstagramAccount({
        username: 'salon.almaty',
        name: 'Salon Almaty',
        tokenIssuedAt: Date.now() - 3 * 86_400_000,
      });
      customer = meta.control.seedInstagramUser({ username: 'aigerim.s', name: 'Айгерим Сапарова' });
      server = await startTestServer(engine, { INSTAGRAM_GRAPH_URL: meta.instagramUrl });
      admin = await signInWithToken(server.url, testAdmin);
      hook = `${server.url}/webhooks/instagram`;
    });
    after(async () => {
      await server?.stop();
      await meta?.stop();
    });

    test('connecting an account checks the token with Instagram, masks the secrets and files its Meta app', async () => {
      const base = {
        name: 'Salon',
        account_type: 'instagram',
        instagram_account_id: account.id,
        app_secret: appSecret,
        verify_token: verifyToken,
      };
      const missing = await admin.post('/api/accounts', { name: 'Salon', account_type: 'instagram', instagram_account_id: account.id });
      assert.equal(missing.status, 400);
      assert.match(missing.body.error.message, /access_token/);
      const badId = await admin.post('/api/accounts', { ...base, access_token: account.accessToken, instagram_account_id: '@salon' });
      assert.equal(badId.status, 400);
      assert.match(badId.body.error.message, /instagram_account_id/);
      const refused = await admin.post('/api/accounts', { ...base, access_token: 'IGAAnot-a-token-meta-knows-000000' });
      assert.equal(refused.status, 422);
      assert.equal(refused.body.error.code, 'invalid_token');
      const otherAccount = await admin.post('/api/accounts', {
        ...base,
        access_token: account.accessToken,
        instagram_account_id: '17841400000009999',
      });
      assert.equal(otherAccount.status, 422);
      assert.match(otherAccount.body.error.message, /belongs to @salon\.almaty/);

      const created = await admin.post('/api/accounts', { ...base, access_token: account.accessToken });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.messenger, 'instagram');
      assert.equal(created.body.bot_id, account.id);
      const shown = JSON.stringify(created.body);
      for (const secret of [account.accessToken, appSecret, verifyToken]) assert.ok(!shown.includes(secret), 'secrets are only masked');
      await eventually(async () => (await admin.get(`/api/accounts/${created.body.id}`)).body.status === 'active', 10_000, 'active');
      assert.ok(!server.logs().some((line) => line.includes(account.accessToken) || line.includes(appSecret)), 'no secret in the logs');
      assert.equal((await admin.post(`/api/accounts/${created.body.id}/test`)).body.ok, true);
      assert.equal((await admin.post('/api/accounts', { ...base, access_token: account.accessToken })).status, 409);

      const kind = (await admin.get('/api/channels/kinds')).body.results.find((item: any) => item.kind === 'instagram');
      assert.deepEqual(kind.credential_fields, ['instagram_account_id', 'access_token', 'app_secret', 'verify_token']);
      assert.deepEqual(kind.capabilities.buttons, { perMessage: 13, titleMaxLength: 20 });
      assert.equal(kind.capabilities.text.maxLength, 1000);
      assert.equal(kind.can_refuse_replies, true);
    });

    test('Meta’s verification handshake: the known verify token gets the challenge back, others 403', async () => {
      const good = await meta.control.verifySubscription({ url: hook, verifyToken, challenge: '1158201444' });
      assert.equal(good.verified, true, JSON.stringify(good));
      const anonymous = createApiClient(server.url);
      assert.equal(
        (await anonymous.request('GET', '/webhooks/instagram?hub.mode=subscribe&hub.verify_token=nope-nope&hub.challenge=1')).status,
        403,
      );
      assert.equal((await anonymous.request('GET', '/webhooks/instagram?hub.mode=unsubscribe')).status, 400);
    });

    test('a missing or wrong signature is refused and nothing is stored; a signed message reaches the inbox by entry id', async () => {
      const forged = inbound([instagramEvent.message(account.id, customer.id, { text: 'forged: do not store' })]);
      assert.equal((await deliver(forged, null)).status, 401);
      assert.equal((await deliver(forged, `sha256=${'0'.repeat(64)}`)).status, 401);
      assert.equal((await meta.control.sendWebhook({ url: hook, payload: forged, appSecret: 'someone-elses-secret-0000' })).status, 401);
      assert.equal((await meta.control.sendWebhook({ url: hook, payload: '{"object":', appSecret })).status, 400);
      const whatsappShaped = { object: 'whatsapp_business_account', entry: [] };
      assert.equal((await deliver(whatsappShaped)).status, 400);
      // An account of the same app that is not connected here: acknowledged, not stored.
      const stranger = inbound(
        [instagramEvent.message('17841499999999999', customer.id, { text: 'for someone else' })],
        '17841499999999999',
      );
      assert.equal((await deliver(stranger)).status, 200);

      const messages = await deliverAndRead(
        inbound([instagramEvent.message(account.id, customer.id, { text: 'Здравствуйте! Есть запись на пятницу?' })]),
        name,
        customer.id,
      );
      assert.ok(messages.some((message) => message.text === 'Здравствуйте! Есть запись на пятницу?'));
      assert.ok(!messages.some((message) => /forged|someone else/.test(String(message.text))), 'refused bodies left nothing');
      const chat = await chatOf(name);
      assert.equal(chat.contact.username, 'aigerim.s', 'the customer’s name and username were looked up');
    });

    test('a redelivered body is stored once', async () => {
      const body = inbound([instagramEvent.message(account.id, customer.id, { text: 'one and only' })]);
      assert.equal((await deliver(body)).status, 200);
      const messages = await deliverAndRead(body, name, customer.id);
      assert.equal(messages.filter((message: any) => message.text === 'one and only').length, 1);
    });

    test('media, story replies and mentions, reactions, quick replies, unsends and echoes', async () => {
      const photo = meta.control.seedInstagramMedia({ bytes: Buffer.from('fake-jpeg-bytes'), mime_type: 'image/jpeg' });
      const first = instagramEvent.message(account.id, customer.id, { text: 'first' });
      const firstMid = (first.message as any).mid;
      const storyUrl = 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=17900000000000001&signature=story';
      const items = [
        first,
        instagramEvent.message(account.id, customer.id, { attachments: [{ type: 'image', url: photo.url }] }),
        instagramEvent.message(account.id, customer.id, {
          text: 'Сколько стоит?',
          replyToStory: { id: '17900000000000001', url: storyUrl },
        }),
        instagramEvent.storyMention(account.id, customer.id, 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=179002&signature=m'),
        instagramEvent.reaction(account.id, customer.id, firstMid, { action: 'react', emoji: '❤️' }),
        instagramEvent.message(account.id, customer.id, { text: 'Пятница', quickReplyPayload: 'day:friday' }),
        instagramEvent.message(account.id, customer.id, { text: 'oops, wrong chat' }),
        instagramEvent.echo(account.id, customer.id, { text: 'Ответ из приложения Instagram' }),
        instagramEvent.message(account.id, customer.id, { text: 'a reply', replyToMid: firstMid }),
      ];
      const unsent = (items[6]!.message as any).mid;
      const messages = await deliverAndRead(inbound(items), name, customer.id);
      const byMid = (mid: string) => messages.find((message: any) => message.external_message_id === mid);
      const midOf = (index: number) => (items[index]!.message as any).mid as string;

      assert.equal(byMid(midOf(1)).kind, 'photo');
      assert.match(byMid(midOf(2)).text, /^Сколько стоит\?\n\n↪ Story: https:\/\/lookaside/);
      assert.ok(byMid(midOf(2)).text.includes(storyUrl), 'the story link is shown');
      assert.match(byMid(midOf(3)).text, /Story mention: https:\/\/lookaside\.fbsbx\.com\/ig_messaging_cdn\/\?asset_id=179002/);
      const reaction = messages.find((message: any) => String(message.external_message_id).startsWith(`reaction:${firstMid}`));
      assert.equal(reaction.text, '❤️');
      assert.equal(reaction.reply_to_external_id, firstMid);
      assert.ok(
        messages.some((message: any) => message.service?.code === 'pressed' && message.service.params.label === 'Пятница'),
        'the tap is a pressed line',
      );
      assert.equal(byMid(midOf(8)).reply_to_external_id, firstMid);
      const echo = byMid(midOf(7));
      assert.equal(echo.direction ?? (echo.is_outgoing ? 'out' : 'in'), 'out', JSON.stringify(echo));

      // The customer unsends a message: it stays, marked deleted.
      assert.equal(byMid(unsent).deleted_at ?? null, null);
      assert.equal((await deliver(inbound([instagramEvent.deleted(account.id, customer.id, unsent)]))).status, 200);
      const chat = await chatOf(name);
      await eventually(
        async () => (await messagesOf(chat.id)).find((message: any) => message.external_message_id === unsent)?.deleted_at,
        10_000,
        'the unsend',
      );

      const file = await eventually(
        async () => {
          const attachment = (await messagesOf(chat.id)).find((message: any) => message.external_message_id === midOf(1)).attachments[0];
          return attachment.download_state === 'ready' && attachment;
        },
        15_000,
        'the photo to be downloaded into the media store',
      );
      const bytes = await admin.request('GET', file.url);
      assert.equal(bytes.status, 200);
      assert.equal(bytes.body, 'fake-jpeg-bytes');
    });
  });
}
