import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { instagramEvent, signBody, startFakeMeta, whatsappMessage, whatsappStatus, type FakeMeta, type PhoneNumber } from './index.ts';
import { graph, startReceiver } from './test-support.ts';

const APP_SECRET = 'meta-app-secret';

describe('Meta webhooks: bodies, signatures and the verification handshake', () => {
  let fake: FakeMeta;
  let phone: PhoneNumber;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  before(async () => {
    fake = await startFakeMeta();
    phone = fake.control.seedWhatsAppNumber({ display_phone_number: '15550100', wabaId: '102290129340398' });
    receiver = await startReceiver((request) => {
      const url = new URL(request.url, 'http://receiver');
      if (url.searchParams.get('hub.mode') === 'subscribe' && url.searchParams.get('hub.verify_token') === 'verify-me') {
        return { status: 200, body: url.searchParams.get('hub.challenge') ?? '' };
      }
      return { status: request.headers['x-hub-signature-256'] ? 200 : 403 };
    });
  });
  after(async () => {
    await receiver.close();
    await fake.stop();
  });

  test('a WhatsApp text webhook has the documented envelope and opens the service window', async () => {
    const payload = fake.control.whatsappInbound({
      phoneNumberId: phone.id,
      senders: [{ name: 'Айгерим', wa_id: '77011234567' }],
      messages: [whatsappMessage.text('77011234567', 'Здравствуйте', { timestamp: 1_700_000_000 })],
    }) as any;
    assert.equal(payload.object, 'whatsapp_business_account');
    const [entry] = payload.entry;
    assert.equal(entry.id, '102290129340398');
    assert.equal(entry.changes[0].field, 'messages');
    const value = entry.changes[0].value;
    assert.equal(value.messaging_product, 'whatsapp');
    assert.deepEqual(value.metadata, { display_phone_number: '15550100', phone_number_id: phone.id });
    assert.deepEqual(value.contacts, [{ profile: { name: 'Айгерим' }, wa_id: '77011234567' }]);
    const [message] = value.messages;
    assert.equal(message.from, '77011234567');
    assert.match(message.id, /^wamid\./);
    assert.equal(message.timestamp, '1700000000', 'timestamps are strings of unix seconds');
    assert.deepEqual(message.text, { body: 'Здравствуйте' });
    const reply = await graph(fake.whatsappUrl, 'POST', `/v21.0/${phone.id}/messages`, {
      token: phone.accessToken,
      body: { messaging_product: 'whatsapp', to: '77011234567', text: { body: 'Добрый день' } },
    });
    assert.equal(reply.status, 200, 'the inbound message opened the window');
  });

  test('every inbound type has its documented fields', () => {
    const from = '77011234567';
    const media = { id: '1', mime_type: 'image/jpeg', sha256: 'abc' };
    const context = { from: '15550100', id: 'wamid.TEMPLATE' };
    const built = [
      whatsappMessage.image(from, { ...media, caption: 'фото' }),
      whatsappMessage.audio(from, { id: '2', mime_type: 'audio/ogg; codecs=opus', sha256: 'x', voice: true }),
      whatsappMessage.video(from, { id: '3', mime_type: 'video/mp4', sha256: 'x' }),
      whatsappMessage.document(from, { id: '4', mime_type: 'application/pdf', sha256: 'x', filename: 'analysis.pdf' }),
      whatsappMessage.sticker(from, { id: '5', mime_type: 'image/webp', sha256: 'x' }),
      whatsappMessage.location(from, { latitude: 43.238, longitude: 76.945, name: 'Клиника' }),
      whatsappMessage.contacts(from, [{ name: 'Арман Б', phone: '+7 701 000 0000', wa_id: '77010000000' }]),
      whatsappMessage.buttonReply(from, { id: 'slot-1', title: '10:00' }, { context }),
      whatsappMessage.listReply(from, { id: 'doc-2', title: 'Терапевт', description: 'Каб. 5' }, { context }),
      whatsappMessage.templateButton(from, { payload: 'CONFIRM', text: 'Подтверждаю' }, { context }),
      whatsappMessage.reaction(from, { message_id: 'wamid.OUT', emoji: '👍' }),
      whatsappMessage.text(from, 'ответ', { context: { from: '15550100', id: 'wamid.OUT' } }),
    ] as any[];
    assert.deepEqual(
      built.map((message) => message.type),
      [
        'image',
        'audio',
        'video',
        'document',
        'sticker',
        'location',
        'contacts',
        'interactive',
        'interactive',
        'button',
        'reaction',
        'text',
      ],
    );
    assert.equal(built[0].image.caption, 'фото');
    assert.equal(built[1].audio.voice, true);
    assert.equal(built[3].document.filename, 'analysis.pdf');
    assert.equal(built[4].sticker.animated, false);
    assert.equal(built[5].location.latitude, 43.238);
    assert.equal(built[6].contacts[0].phones[0].wa_id, '77010000000');
    assert.deepEqual(built[7].interactive, { type: 'button_reply', button_reply: { id: 'slot-1', title: '10:00' } });
    assert.deepEqual(built[8].interactive.list_reply.description, 'Каб. 5');
    assert.deepEqual(built[9].button, { payload: 'CONFIRM', text: 'Подтверждаю' });
    assert.deepEqual(built[9].context, context);
    assert.deepEqual(built[10].reaction, { message_id: 'wamid.OUT', emoji: '👍' });
    assert.equal(built[11].context.id, 'wamid.OUT');
  });

  test('an inbound media message carries a download link that works with the bearer token; a removed reaction has no emoji', async () => {
    const { id, sha256 } = fake.control.seedMedia({ bytes: Buffer.from('OggS'), mime_type: 'audio/ogg' });
    const payload = fake.control.whatsappInbound({
      phoneNumberId: phone.id,
      senders: [{ name: 'A', wa_id: '7700' }],
      messages: [
        whatsappMessage.audio('7700', { id, mime_type: 'audio/ogg; codecs=opus', sha256, voice: true }),
        whatsappMessage.reaction('7700', { message_id: 'wamid.OUT' }),
      ],
    }) as any;
    const [voice, unreact] = payload.entry[0].changes[0].value.messages;
    const download = await fetch(voice.audio.url, { headers: { authorization: `Bearer ${phone.accessToken}` } });
    assert.equal(download.status, 200);
    assert.equal(await download.text(), 'OggS');
    assert.deepEqual(unreact.reaction, { message_id: 'wamid.OUT' });
  });

  test('statuses: sent/delivered/read with per-message pricing, failed with errors[]', () => {
    const payload = fake.control.whatsappStatuses({
      phoneNumberId: phone.id,
      statuses: [
        whatsappStatus('wamid.A', '77011234567', 'delivered'),
        whatsappStatus('wamid.B', '77011234567', 'failed', { error: { code: 131047, title: 'Re-engagement message' } }),
      ],
    }) as any;
    const [delivered, failed] = payload.entry[0].changes[0].value.statuses;
    assert.equal(payload.entry[0].changes[0].value.messages, undefined);
    assert.equal(delivered.status, 'delivered');
    assert.equal(delivered.recipient_id, '77011234567');
    assert.deepEqual(delivered.pricing, { billable: false, pricing_model: 'PMP', category: 'service', type: 'free_customer_service' });
    assert.equal(failed.pricing, undefined);
    assert.equal(failed.errors[0].code, 131047);
    assert.equal(failed.errors[0].title, 'Re-engagement message');
  });

  test('Instagram bodies: messages, story replies, quick replies, echoes, unsends, reactions, story mentions', () => {
    const account = fake.control.seedInstagramAccount();
    const user = '5566778899';
    const payload = fake.control.instagramInbound({
      accountId: account.id,
      events: [
        instagramEvent.message(account.id, user, { text: 'Привет', mid: 'aWdf1' }),
        instagramEvent.message(account.id, user, {
          text: 'Классно!',
          replyToStory: { id: '1799', url: 'https://lookaside.fbsbx.com/story' },
        }),
        instagramEvent.message(account.id, user, { text: 'Да', quickReplyPayload: 'YES' }),
        instagramEvent.message(account.id, user, { attachments: [{ type: 'image', url: 'https://lookaside.fbsbx.com/img' }] }),
        instagramEvent.echo(account.id, user, { text: 'from the app' }),
        instagramEvent.deleted(account.id, user, 'aWdf1'),
        instagramEvent.reaction(account.id, user, 'aWdfOUT', { action: 'react', reaction: 'love', emoji: '❤️' }),
        instagramEvent.storyMention(account.id, user, 'https://lookaside.fbsbx.com/mention'),
      ],
    }) as any;
    assert.equal(payload.object, 'instagram');
    const [entry] = payload.entry;
    assert.equal(entry.id, account.id);
    assert.equal(typeof entry.time, 'number');
    const [text, story, quick, image, echo, deleted, reaction, mention] = entry.messaging;
    assert.deepEqual(text.sender, { id: user });
    assert.deepEqual(text.recipient, { id: account.id });
    assert.deepEqual(text.message, { mid: 'aWdf1', text: 'Привет' });
    assert.deepEqual(story.message.reply_to, { story: { id: '1799', url: 'https://lookaside.fbsbx.com/story' } });
    assert.deepEqual(quick.message.quick_reply, { payload: 'YES' });
    assert.deepEqual(image.message.attachments, [{ type: 'image', payload: { url: 'https://lookaside.fbsbx.com/img' } }]);
    assert.equal(echo.message.is_echo, true);
    assert.deepEqual(echo.sender, { id: account.id });
    assert.deepEqual(deleted.message, { mid: 'aWdf1', is_deleted: true });
    assert.deepEqual(reaction.reaction, { mid: 'aWdfOUT', action: 'react', reaction: 'love', emoji: '❤️' });
    assert.equal(mention.message.attachments[0].type, 'story_mention');
  });

  test('sendWebhook signs the raw bytes with X-Hub-Signature-256; a wrong or missing signature can be sent on purpose', async () => {
    const payload = fake.control.whatsappInbound({
      phoneNumberId: phone.id,
      senders: [{ name: 'A', wa_id: '7700' }],
      messages: [whatsappMessage.text('7700', 'ü')],
    });
    const delivery = await fake.control.sendWebhook({ url: receiver.url, payload, appSecret: APP_SECRET });
    assert.equal(delivery.status, 200);
    const received = receiver.received.at(-1)!;
    assert.equal(received.headers['content-type'], 'application/json');
    const expected = `sha256=${createHmac('sha256', APP_SECRET).update(received.raw).digest('hex')}`;
    assert.equal(received.headers['x-hub-signature-256'], expected);
    assert.equal(signBody(APP_SECRET, received.raw), expected);
    assert.deepEqual(JSON.parse(received.raw.toString('utf8')), payload);

    await fake.control.sendWebhook({ url: receiver.url, payload, appSecret: APP_SECRET, signature: 'sha256=00' });
    assert.equal(receiver.received.at(-1)!.headers['x-hub-signature-256'], 'sha256=00');
    const unsigned = await fake.control.sendWebhook({ url: receiver.url, payload, appSecret: APP_SECRET, signature: null });
    assert.equal(unsigned.status, 403);
    assert.equal(receiver.received.at(-1)!.headers['x-hub-signature-256'], undefined);
    assert.equal(fake.control.webhookDeliveries().length, 3);
  });

  test('verifySubscription runs the GET handshake and checks the challenge is echoed', async () => {
    const good = await fake.control.verifySubscription({ url: receiver.url, verifyToken: 'verify-me' });
    assert.equal(good.verified, true);
    assert.equal(good.body, good.challenge);
    const lastUrl = new URL(receiver.received.at(-1)!.url, 'http://receiver');
    assert.equal(lastUrl.searchParams.get('hub.mode'), 'subscribe');
    assert.match(lastUrl.searchParams.get('hub.challenge')!, /^\d+$/);
    const bad = await fake.control.verifySubscription({ url: receiver.url, verifyToken: 'wrong' });
    assert.equal(bad.verified, false);
    assert.equal(bad.status, 403);
  });
});
