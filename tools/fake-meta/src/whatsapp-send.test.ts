import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { signBody, startFakeMeta, type FakeMeta, type PhoneNumber } from './index.ts';
import { graph, startReceiver } from './test-support.ts';

const HOUR = 3600_000;

describe('WhatsApp Cloud API: POST /{phone_number_id}/messages', () => {
  let fake: FakeMeta;
  let phone: PhoneNumber;
  const customer = '77011234567';
  const send = (body: Record<string, unknown>, token = phone.accessToken) =>
    graph(fake.whatsappUrl, 'POST', `/v21.0/${phone.id}/messages`, {
      token,
      body: { messaging_product: 'whatsapp', to: customer, ...body },
    });

  before(async () => {
    fake = await startFakeMeta();
    phone = fake.control.seedWhatsAppNumber({ display_phone_number: '+7 701 555 0100', verified_name: 'Clinic' });
  });
  beforeEach(() => {
    fake.control.setLastInbound({ businessId: phone.id, customerId: customer });
  });
  after(() => fake.stop());

  test('a text inside the window answers contacts[{input, wa_id}] and messages[{id: wamid…}]', async () => {
    const answer = await graph(fake.whatsappUrl, 'POST', `/v21.0/${phone.id}/messages`, {
      token: phone.accessToken,
      body: {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: '+7 701 123-45-67',
        type: 'text',
        text: { body: 'Здравствуйте' },
      },
    });
    assert.equal(answer.status, 200);
    assert.equal(answer.body.messaging_product, 'whatsapp');
    assert.deepEqual(answer.body.contacts, [{ input: '+7 701 123-45-67', wa_id: customer }]);
    assert.match(answer.body.messages[0].id, /^wamid\./);
    const [sent] = fake.control.whatsappSent({ to: customer }).slice(-1);
    assert.equal(sent!.id, answer.body.messages[0].id);
    assert.deepEqual(sent!.payload.text, { body: 'Здравствуйте' });
  });

  test('outside the 24-hour window Meta accepts free-form, then reports it failed with 131047; templates go', async () => {
    fake.control.takeStatusWebhooks();
    fake.control.setLastInbound({ businessId: phone.id, customerId: customer, at: fake.control.now() - 24 * HOUR - 1000 });
    const late = await send({ type: 'text', text: { body: 'late' } });
    assert.equal(late.status, 200, 'accepted synchronously, as Meta does');
    const wamid = late.body.messages[0].id;
    const [failed] = fake.control.takeStatusWebhooks({ phoneNumberId: phone.id }) as any[];
    const status = failed.entry[0].changes[0].value.statuses[0];
    assert.equal(status.id, wamid);
    assert.equal(status.status, 'failed');
    assert.equal(status.recipient_id, customer);
    assert.equal(status.errors[0].code, 131047);
    assert.equal(status.errors[0].title, 'Re-engagement message');
    assert.match(status.errors[0].error_data.details, /24 hours/);
    assert.equal(fake.control.whatsappSent().at(-1)!.failedWith, 131047);

    fake.control.seedTemplate({
      wabaId: phone.wabaId,
      name: 'appointment_reminder',
      language: 'ru',
      components: [{ type: 'BODY', text: 'Напоминаем: {{1}} в {{2}}' }],
    });
    const template = await send({
      type: 'template',
      template: {
        name: 'appointment_reminder',
        language: { code: 'ru' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'завтра' },
              { type: 'text', text: '10:00' },
            ],
          },
        ],
      },
    });
    assert.equal(template.status, 200);
    assert.equal(template.body.messages[0].message_status, 'accepted');
    const statuses = (fake.control.takeStatusWebhooks() as any[]).map((body) => body.entry[0].changes[0].value.statuses[0]);
    assert.deepEqual(
      statuses.map((item) => item.status),
      ['sent', 'delivered'],
    );
    assert.equal(statuses[0].pricing.category, 'utility');
    assert.equal(statuses[0].pricing.type, 'regular', 'a utility template outside the window is charged');
    fake.control.setLastInbound({ businessId: phone.id, customerId: customer });
    await send({
      type: 'template',
      template: {
        name: 'appointment_reminder',
        language: { code: 'ru' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'a' },
              { type: 'text', text: 'b' },
            ],
          },
        ],
      },
    });
    const [inWindow] = (fake.control.takeStatusWebhooks() as any[]).map((body) => body.entry[0].changes[0].value.statuses[0]);
    assert.equal(inWindow.pricing.type, 'free_customer_service', 'inside an open window it is free');
  });

  test("in sync mode the request itself is refused with 131047 in Meta's error shape", async () => {
    fake.control.setWhatsAppWindowErrors('sync');
    try {
      fake.control.setLastInbound({ businessId: phone.id, customerId: customer, at: fake.control.now() - 24 * HOUR - 1000 });
      const refused = await send({ type: 'text', text: { body: 'late' } });
      assert.equal(refused.status, 400);
      assert.equal(refused.body.error.code, 131047);
      assert.equal(refused.body.error.message, '(#131047) Re-engagement message');
      assert.equal(refused.body.error.type, 'OAuthException');
      assert.equal(refused.body.error.error_data.messaging_product, 'whatsapp');
      assert.equal(typeof refused.body.error.fbtrace_id, 'string');
      const stranger = await graph(fake.whatsappUrl, 'POST', `/v21.0/${phone.id}/messages`, {
        token: phone.accessToken,
        body: { messaging_product: 'whatsapp', to: '77000000000', type: 'text', text: { body: 'never wrote' } },
      });
      assert.equal(stranger.body.error.code, 131047, 'no window at all is outside the window too');
    } finally {
      fake.control.setWhatsAppWindowErrors('async');
    }
  });

  test('with a webhook target set, statuses are POSTed to it signed with the app secret', async () => {
    const receiver = await startReceiver();
    try {
      fake.control.setStatusWebhookTarget({ url: receiver.url, appSecret: 'app-secret' });
      const sent = await send({ type: 'text', text: { body: 'inside the window' } });
      await fake.control.statusWebhooksSettled();
      assert.equal(receiver.received.length, 2);
      const [first] = receiver.received;
      const body = JSON.parse(first!.raw.toString('utf8'));
      assert.equal(body.entry[0].changes[0].value.statuses[0].id, sent.body.messages[0].id);
      assert.equal(first!.headers['x-hub-signature-256'], signBody('app-secret', first!.raw));
    } finally {
      fake.control.setStatusWebhookTarget(null);
      await receiver.close();
    }
  });

  test('templates: unknown or unapproved is 132001, paused 132015, disabled 132016, wrong parameter count 132000', async () => {
    const { id: pausedId } = fake.control.seedTemplate({
      wabaId: phone.wabaId,
      name: 'promo',
      language: 'ru',
      status: 'APPROVED',
      components: [{ type: 'BODY', text: 'Скидка' }],
    });
    fake.control.seedTemplate({ wabaId: phone.wabaId, name: 'pending_one', status: 'PENDING' });
    const template = (name: string, language = 'ru', parameters: unknown[] = []) =>
      send({
        type: 'template',
        template: { name, language: { code: language }, components: parameters.length ? [{ type: 'body', parameters }] : [] },
      });
    const unknown = await template('nope');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.code, 132001);
    assert.equal(unknown.body.error.error_data.details, 'template name (nope) does not exist in ru');
    assert.equal((await template('promo', 'en_US')).body.error.code, 132001, 'another language is another translation');
    assert.equal((await template('pending_one', 'ru', [{ type: 'text', text: 'x' }])).body.error.code, 132001);
    assert.equal((await template('promo')).status, 200);
    assert.equal((await template('promo', 'ru', [{ type: 'text', text: 'extra' }])).body.error.code, 132000);
    fake.control.setTemplateStatus({ id: pausedId, status: 'PAUSED' });
    assert.equal((await template('promo')).body.error.code, 132015);
    fake.control.setTemplateStatus({ id: pausedId, status: 'DISABLED' });
    assert.equal((await template('promo')).body.error.code, 132016);
  });

  test('interactive buttons: at most 3, titles at most 20 characters (131009)', async () => {
    const buttons = (titles: string[]) =>
      send({
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: 'Выберите' },
          action: { buttons: titles.map((title, index) => ({ type: 'reply', reply: { id: `b${index}`, title } })) },
        },
      });
    assert.equal((await buttons(['Да', 'Нет', 'Позже'])).status, 200);
    const four = await buttons(['1', '2', '3', '4']);
    assert.equal(four.status, 400);
    assert.equal(four.body.error.code, 131009);
    assert.equal(four.body.error.message, '(#131009) Parameter value is not valid');
    assert.equal((await buttons(['x'.repeat(20)])).status, 200);
    const long = await buttons(['x'.repeat(21)]);
    assert.equal(long.body.error.code, 131009);
    assert.match(long.body.error.error_data.details, /Max length: 20/);
  });

  test('interactive lists: ≤ 10 rows in all, row title ≤ 24, description ≤ 72, button ≤ 20', async () => {
    const list = (rows: Array<{ title: string; description?: string }>, button = 'Выбрать', sections = 1) =>
      send({
        type: 'interactive',
        interactive: {
          type: 'list',
          body: { text: 'Свободное время' },
          action: {
            button,
            sections: Array.from({ length: sections }, (_, section) => ({
              title: `День ${section + 1}`,
              rows: rows.map((row, index) => ({ id: `r${section}-${index}`, ...row })),
            })),
          },
        },
      });
    const ten = Array.from({ length: 10 }, (_, index) => ({ title: `10:${index}0` }));
    assert.equal((await list(ten)).status, 200);
    assert.equal((await list([...ten, { title: 'eleven' }])).body.error.code, 131009);
    assert.equal((await list(ten.slice(0, 6), 'Выбрать', 2)).body.error.code, 131009, '12 rows across two sections');
    assert.equal((await list([{ title: 'x'.repeat(24), description: 'y'.repeat(72) }])).status, 200);
    assert.equal((await list([{ title: 'x'.repeat(25) }])).body.error.code, 131009);
    assert.equal((await list([{ title: 'ok', description: 'y'.repeat(73) }])).body.error.code, 131009);
    assert.equal((await list([{ title: 'ok' }], 'b'.repeat(21))).body.error.code, 131009);
  });

  test('media by id or link, reactions and context replies; a bad body is (#100)', async () => {
    const { id: mediaId } = fake.control.seedMedia({ bytes: Buffer.from('%PDF-1.4'), mime_type: 'application/pdf' });
    assert.equal((await send({ type: 'document', document: { id: mediaId, filename: 'a.pdf', caption: 'Справка' } })).status, 200);
    assert.equal((await send({ type: 'image', image: { link: 'https://example.com/a.jpg' } })).status, 200);
    assert.equal((await send({ type: 'image', image: { id: '999' } })).body.error.code, 131009);
    assert.equal((await send({ type: 'image', image: { id: mediaId, link: 'https://example.com/a.jpg' } })).body.error.code, 100);
    assert.equal((await send({ type: 'reaction', reaction: { message_id: 'wamid.X', emoji: '👍' } })).status, 200);
    const reply = await send({ type: 'text', context: { message_id: 'wamid.ORIGINAL' }, text: { body: 'reply' } });
    assert.equal(reply.status, 200);
    assert.deepEqual(fake.control.whatsappSent().at(-1)!.payload.context, { message_id: 'wamid.ORIGINAL' });
    const noProduct = await graph(fake.whatsappUrl, 'POST', `/v21.0/${phone.id}/messages`, {
      token: phone.accessToken,
      body: { to: customer, text: { body: 'x' } },
    });
    assert.equal(noProduct.body.error.code, 100);
    assert.equal((await send({ type: 'text', text: { body: 'x'.repeat(4097) } })).body.error.code, 100);
    assert.equal((await send({ type: 'hologram' })).body.error.code, 100);
    const read = await graph(fake.whatsappUrl, 'POST', `/v21.0/${phone.id}/messages`, {
      token: phone.accessToken,
      body: { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.IN' },
    });
    assert.deepEqual(read.body, { success: true });
  });

  test('an invalid or expired token is 190; an unknown number is (#100) subcode 33', async () => {
    const invalid = await send({ type: 'text', text: { body: 'x' } }, 'EAAGwrong');
    assert.equal(invalid.status, 401);
    assert.equal(invalid.body.error.code, 190);
    assert.equal(invalid.body.error.type, 'OAuthException');
    const { token } = fake.control.seedWhatsAppToken({ expiresAt: fake.control.now() + HOUR });
    fake.control.setClock({ advanceMs: HOUR + 1 });
    const expired = await send({ type: 'text', text: { body: 'x' } }, token);
    assert.equal(expired.body.error.code, 190);
    assert.equal(expired.body.error.error_subcode, 463);
    const unknown = await graph(fake.whatsappUrl, 'POST', '/v21.0/123/messages', {
      token: phone.accessToken,
      body: { messaging_product: 'whatsapp', to: customer, text: { body: 'x' } },
    });
    assert.equal(unknown.body.error.code, 100);
    assert.equal(unknown.body.error.error_subcode, 33);
  });

  test('GET /{phone_number_id} checks the token and names the number; message_templates lists the WABA', async () => {
    const info = await graph(fake.whatsappUrl, 'GET', `/v21.0/${phone.id}`, { token: phone.accessToken });
    assert.equal(info.body.display_phone_number, '+7 701 555 0100');
    assert.equal(info.body.verified_name, 'Clinic');
    assert.equal(info.body.id, phone.id);
    const some = await graph(fake.whatsappUrl, 'GET', `/v21.0/${phone.id}?fields=verified_name`, { token: phone.accessToken });
    assert.deepEqual(Object.keys(some.body).sort(), ['id', 'verified_name']);
    const list = await graph(fake.whatsappUrl, 'GET', `/v21.0/${phone.wabaId}/message_templates?limit=1`, { token: phone.accessToken });
    assert.equal(list.status, 200);
    const [first] = list.body.data;
    assert.deepEqual(Object.keys(first).sort(), ['category', 'components', 'id', 'language', 'name', 'parameter_format', 'status']);
    assert.ok(list.body.paging.cursors.after);
    const next = await graph(
      fake.whatsappUrl,
      'GET',
      `/v21.0/${phone.wabaId}/message_templates?limit=1&after=${list.body.paging.cursors.after}`,
      { token: phone.accessToken },
    );
    assert.notEqual(next.body.data[0].id, first.id);
  });
});
