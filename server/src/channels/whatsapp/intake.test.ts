// WhatsApp intake against tools/fake-meta on both engines: connecting a number (credentials checked with the
// Graph API, secrets masked, the Meta app filed), Meta's GET handshake, signed webhooks on the raw body
// (missing and wrong signatures refused, nothing stored), every inbound type of the documented shape reaching
// the inbox, media fetched with the two-step download, redeliveries stored once, statuses journaled.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startFakeMeta, whatsappMessage, whatsappStatus, type FakeMeta, type PhoneNumber } from '@switchboard/fake-meta';
import { createApiClient, signInWithToken, type ApiClient } from '../../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../../testing/harness.ts';
import { eventually } from '../../testing/ws-client.ts';

const appSecret = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const verifyToken = 'clinic-verify-phrase';

for (const engine of testEngines()) {
  describe(`WhatsApp intake on ${engine}`, () => {
    let meta: FakeMeta;
    let server: TestServer;
    let admin: ApiClient;
    let phone: PhoneNumber;
    let hook: string;
    const customer = '77011234567';

    const deliver = (payload: unknown, signature?: string | null) => meta.control.sendWebhook({ url: hook, payload, appSecret, signature });
    const inbound = (messages: Array<Record<string, unknown>>, name = 'Айгерим Сапарова', waId = customer) =>
      meta.control.whatsappInbound({ phoneNumberId: phone.id, senders: [{ name, wa_id: waId }], messages });
    // A WhatsApp chat is titled with the customer's profile name.
    const chatOf = async (title: string) =>
      (await admin.get('/api/chats?messenger=whatsapp')).body.results.find((chat: any) => chat.title === title);
    const messagesOf = async (chatId: number) =>
      (await admin.get(`/api/messages/by_chat?chat_id=${chatId}&limit=100`)).body.results as any[];

    before(async () => {
      meta = await startFakeMeta();
      phone = meta.control.seedWhatsAppNumber({ display_phone_number: '+7 701 555 0100', verified_name: 'Clinic Aksai' });
      server = await startTestServer(engine, { META_GRAPH_URL: meta.whatsappUrl });
      admin = await signInWithToken(server.url, testAdmin);
      hook = `${server.url}/webhooks/whatsapp`;
    });
    after(async () => {
      await server?.stop();
      await meta?.stop();
    });

    test('connecting a number checks the token with the Graph API, masks the secrets and files its Meta app', async () => {
      const base = {
        name: 'Clinic',
        account_type: 'whatsapp',
        phone_number_id: phone.id,
        waba_id: phone.wabaId,
        app_secret: appSecret,
        verify_token: verifyToken,
      };
      const missing = await admin.post('/api/accounts', { name: 'Clinic', account_type: 'whatsapp', phone_number_id: phone.id });
      assert.equal(missing.status, 400);
      assert.match(missing.body.error.message, /access_token/);
      const badId = await admin.post('/api/accounts', { ...base, access_token: phone.accessToken, phone_number_id: '+7 701' });
      assert.equal(badId.status, 400);
      assert.match(badId.body.error.message, /phone_number_id/);
      const refused = await admin.post('/api/accounts', { ...base, access_token: 'EAAGnot-a-token-meta-knows-000' });
      assert.equal(refused.status, 422);
      assert.equal(refused.body.error.code, 'invalid_token');
      assert.match(refused.body.error.message, /access token/);

      const created = await admin.post('/api/accounts', { ...base, access_token: phone.accessToken });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.messenger, 'whatsapp');
      assert.equal(created.body.bot_id, phone.id);
      assert.equal(created.body.bot_name, 'Clinic Aksai');
      const shown = JSON.stringify(created.body);
      for (const secret of [phone.accessToken, appSecret, verifyToken]) assert.ok(!shown.includes(secret), 'secrets are only masked');
      assert.ok(!server.logs().some((line) => line.includes(phone.accessToken) || line.includes(appSecret)), 'no secret in the logs');
      await eventually(
        async () => (await admin.get(`/api/accounts/${created.body.id}`)).body.status === 'active',
        10_000,
        'the number to be active',
      );

      const checked = await admin.post(`/api/accounts/${created.body.id}/test`);
      assert.equal(checked.status, 200);
      assert.equal(checked.body.ok, true);
      // A token Meta stops taking: the test action says so and the account shows it as its status and last error,
      // until a check passes again.
      meta.control.seedWhatsAppToken({ token: phone.accessToken, expiresAt: Date.now() - 60_000 });
      const lapsed = await admin.post(`/api/accounts/${created.body.id}/test`);
      assert.equal(lapsed.status, 422);
      assert.equal(lapsed.body.error.code, 'invalid_token');
      const failing = (await admin.get(`/api/accounts/${created.body.id}`)).body;
      assert.equal(failing.status, 'error');
      assert.match(failing.status_detail, /access token/);
      meta.control.seedWhatsAppToken({ token: phone.accessToken, expiresAt: null });
      assert.equal((await admin.post(`/api/accounts/${created.body.id}/test`)).status, 200);
      const healed = (await admin.get(`/api/accounts/${created.body.id}`)).body;
      assert.deepEqual([healed.status, healed.status_detail], ['active', null]);
      const again = await admin.post('/api/accounts', { ...base, access_token: phone.accessToken });
      assert.equal(again.status, 409);

      const kinds = (await admin.get('/api/channels/kinds')).body.results.find((kind: any) => kind.kind === 'whatsapp');
      assert.deepEqual(kinds.credential_fields, ['phone_number_id', 'access_token', 'app_secret', 'verify_token', 'waba_id']);
      // The web app's connect form comes from here: the fields, which are secrets, the webhook, the labels.
      const secrets = kinds.connect_form.fields.filter((field: any) => field.secret).map((field: any) => field.name);
      assert.deepEqual(secrets, ['access_token', 'app_secret', 'verify_token']);
      const order = kinds.connect_form.fields.map((field: any) => field.name);
      assert.deepEqual(order, ['phone_number_id', 'waba_id', 'access_token', 'app_secret', 'verify_token'], 'as the words list them');
      assert.equal(kinds.connect_form.webhook_path, '/webhooks/whatsapp');
      assert.equal(kinds.vocabulary.ru.connect.fieldLabels.waba_id, 'ID аккаунта WhatsApp Business');
      assert.deepEqual(kinds.capabilities.buttons, { perMessage: 3, titleMaxLength: 20 });
      assert.equal(kinds.capabilities.businessInitiated, 'template');
    });

    test('Meta’s verification handshake: the known verify token gets the challenge back, others 403', async () => {
      const good = await meta.control.verifySubscription({ url: hook, verifyToken, challenge: '1158201444' });
      assert.equal(good.verified, true, JSON.stringify(good));
      const anonymous = createApiClient(server.url);
      const wrong = await anonymous.request('GET', '/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=nope-nope-nope&hub.challenge=1');
      assert.equal(wrong.status, 403);
      const malformed = await anonymous.request('GET', '/webhooks/whatsapp?hub.mode=unsubscribe');
      assert.equal(malformed.status, 400);
    });

    test('a missing or wrong signature is refused and nothing is stored; a signed message reaches the inbox', async () => {
      const forged = inbound([whatsappMessage.text(customer, 'forged: do not store')]);
      assert.equal((await deliver(forged, null)).status, 401);
      assert.equal((await deliver(forged, `sha256=${'0'.repeat(64)}`)).status, 401);
      assert.equal((await meta.control.sendWebhook({ url: hook, payload: forged, appSecret: 'someone-elses-secret-0000' })).status, 401);
      const notJson = await meta.control.sendWebhook({ url: hook, payload: '{"object":', appSecret });
      assert.equal(notJson.status, 400);

      const body = inbound([whatsappMessage.text(customer, 'Здравствуйте, можно записаться?')]);
      assert.equal((await deliver(body)).status, 200);
      const chat = await eventually(() => chatOf('Айгерим Сапарова'), 10_000, 'the chat');
      const messages = await eventually(async () => {
        const list = await messagesOf(chat.id);
        return list.some((message) => message.text === 'Здравствуйте, можно записаться?') && list;
      });
      assert.ok(!messages.some((message: any) => String(message.text).startsWith('forged')), 'refused bodies left nothing');
      // WhatsApp's id is the customer's phone number: their contact has it.
      assert.equal(chat.contact.phone, `+${customer}`);
    });

    test('a redelivered body is stored once', async () => {
      const body = inbound([whatsappMessage.text(customer, 'one and only')]);
      assert.equal((await deliver(body)).status, 200);
      assert.equal((await deliver(body)).status, 200);
      const marker = inbound([whatsappMessage.text(customer, 'after the redelivery')]);
      assert.equal((await deliver(marker)).status, 200);
      const chat = await chatOf('Айгерим Сапарова');
      const messages = await eventually(async () => {
        const list = await messagesOf(chat.id);
        return list.some((message) => message.text === 'after the redelivery') && list;
      });
      assert.equal(messages.filter((message: any) => message.text === 'one and only').length, 1);
    });

    test('every inbound type of the documented shape is recorded; media is fetched through the Graph API', async () => {
      const from = '77017654321';
      const image = meta.control.seedMedia({ bytes: Buffer.from('fake-jpeg-bytes'), mime_type: 'image/jpeg' });
      const voice = meta.control.seedMedia({ bytes: Buffer.from('fake-ogg'), mime_type: 'audio/ogg; codecs=opus' });
      const doc = meta.control.seedMedia({ bytes: Buffer.from('%PDF-1.4'), mime_type: 'application/pdf', filename: 'analysis.pdf' });
      const first = whatsappMessage.text(from, 'first');
      const items = [
        first,
        whatsappMessage.image(from, { ...image, caption: 'a rash' }),
        whatsappMessage.audio(from, { ...voice, voice: true }),
        whatsappMessage.video(from, { id: '900001', mime_type: 'video/mp4', sha256: 'x' }),
        whatsappMessage.document(from, { ...doc, filename: 'analysis.pdf', caption: 'results' }),
        whatsappMessage.sticker(from, { id: '900002', mime_type: 'image/webp', sha256: 'y' }),
        whatsappMessage.location(from, { latitude: 43.238, longitude: 76.945, name: 'Clinic', address: 'Abai 1' }),
        whatsappMessage.contacts(from, [{ name: 'Dana Nur', phone: '+7 701 000 0000' }]),
        whatsappMessage.buttonReply(from, { id: 'slot:10', title: '10:00' }, { context: { from: phone.id, id: 'wamid.menu1' } }),
        whatsappMessage.listReply(from, { id: 'doctor:2', title: 'Dr Sato' }, { context: { from: phone.id, id: 'wamid.menu2' } }),
        whatsappMessage.reaction(from, { message_id: (first as any).id, emoji: '👍' }),
        whatsappMessage.text(from, 'a reply', { context: { from, id: (first as any).id } }),
      ];
      assert.equal((await deliver(inbound(items, 'Dana Nur', from))).status, 200);
      const chat = await eventually(() => chatOf('Dana Nur'), 10_000, 'the chat');
      const messages = await eventually(async () => {
        const list = await messagesOf(chat.id);
        return list.some((message) => message.text === 'a reply') && list;
      });
      const byId = (id: unknown) => messages.find((message: any) => message.external_message_id === id);
      const kinds = items.map((item: any) => byId(item.id)?.kind);
      assert.deepEqual(kinds.slice(0, 8), ['text', 'photo', 'voice', 'video', 'document', 'sticker', 'venue', 'contact']);
      assert.equal(byId((items[1] as any).id).text, 'a rash');
      assert.equal(byId((items[6] as any).id).attachments[0].latitude, 43.238);
      assert.equal(byId((items[7] as any).id).attachments[0].phone_number, '+7 701 000 0000');
      assert.equal(byId((items[10] as any).id).text, '👍');
      assert.equal(byId((items[10] as any).id).reply_to_external_id, (first as any).id);
      assert.equal(byId((items[11] as any).id).reply_to_external_id, (first as any).id);
      assert.ok(
        messages.some((message: any) => message.text?.includes('10:00')),
        'the pressed button is shown',
      );

      const photo = await eventually(
        async () => {
          const attachment = (await messagesOf(chat.id)).find((message) => message.external_message_id === (items[1] as any).id)
            .attachments[0];
          return attachment.download_state === 'ready' && attachment;
        },
        15_000,
        'the photo to be downloaded',
      );
      const file = await admin.request('GET', photo.url);
      assert.equal(file.status, 200);
      assert.equal(file.body, 'fake-jpeg-bytes');
    });

    test('statuses of sent messages are journaled once and do not open a conversation', async () => {
      const statuses = meta.control.whatsappStatuses({
        phoneNumberId: phone.id,
        statuses: [
          whatsappStatus('wamid.out1', customer, 'delivered'),
          whatsappStatus('wamid.out2', customer, 'failed', { error: { code: 131047, title: 'Re-engagement message' } }),
        ],
      });
      assert.equal((await deliver(statuses)).status, 200);
      assert.equal((await deliver(statuses)).status, 200);
      const stranger = meta.control.whatsappStatuses({
        phoneNumberId: phone.id,
        statuses: [whatsappStatus('wamid.out3', '70000000000', 'read')],
      });
      assert.equal((await deliver(stranger)).status, 200);
      assert.equal(await chatOf('+70000000000'), undefined);
    });
  });
}
