import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { MEDIA_URL_TTL_MS, startFakeMeta, type FakeMeta, type PhoneNumber } from './index.ts';
import { graph } from './test-support.ts';

describe('WhatsApp media: upload and the two-step download', () => {
  let fake: FakeMeta;
  let phone: PhoneNumber;
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
  before(async () => {
    fake = await startFakeMeta();
    phone = fake.control.seedWhatsAppNumber();
  });
  after(() => fake.stop());

  const upload = (bytes: Buffer, type: string, product = 'whatsapp') => {
    const form = new FormData();
    form.set('messaging_product', product);
    form.set('type', type);
    form.set('file', new Blob([new Uint8Array(bytes)], { type }), 'photo.png');
    return graph(fake.whatsappUrl, 'POST', `/v21.0/${phone.id}/media`, { token: phone.accessToken, body: form });
  };

  test('POST /{phone_number_id}/media (multipart) answers {id}; GET /{media_id} answers url, mime_type, sha256, file_size, id', async () => {
    const uploaded = await upload(png, 'image/png');
    assert.equal(uploaded.status, 200);
    assert.deepEqual(Object.keys(uploaded.body), ['id']);
    const info = await graph(fake.whatsappUrl, 'GET', `/v21.0/${uploaded.body.id}`, { token: phone.accessToken });
    assert.equal(info.status, 200);
    assert.equal(info.body.messaging_product, 'whatsapp');
    assert.equal(info.body.mime_type, 'image/png');
    assert.equal(info.body.sha256, createHash('sha256').update(png).digest('hex'));
    assert.equal(info.body.file_size, String(png.length), 'file_size comes as a string');
    assert.equal(info.body.id, uploaded.body.id);
    assert.ok(info.body.url.startsWith(`${fake.url}/lookaside.fbsbx.com/whatsapp_business/attachments/?mid=`));

    const anonymous = await fetch(info.body.url);
    assert.equal(anonymous.status, 401, 'the download needs the same bearer token');
    const download = await fetch(info.body.url, { headers: { authorization: `Bearer ${phone.accessToken}` } });
    assert.equal(download.status, 200);
    assert.equal(download.headers.get('content-type'), 'image/png');
    assert.deepEqual(Buffer.from(await download.arrayBuffer()), png);
    assert.equal(fake.control.media(uploaded.body.id)!.base64, png.toString('base64'), 'tests can read what was uploaded');
    const recorded = fake.control.requests({ method: 'POST', pathPrefix: '/graph.facebook.com' }).at(-1)!;
    assert.deepEqual((recorded.body as Record<string, unknown>).file, { filename: 'photo.png', type: 'image/png', size: png.length });
  });

  test('the media URL expires after five minutes; a new GET /{media_id} gives a fresh one', async () => {
    const { id } = fake.control.seedMedia({ bytes: Buffer.from('OggS voice'), mime_type: 'audio/ogg' });
    const info = await graph(fake.whatsappUrl, 'GET', `/v21.0/${id}`, { token: phone.accessToken });
    fake.control.setClock({ advanceMs: MEDIA_URL_TTL_MS + 1 });
    const stale = await fetch(info.body.url, { headers: { authorization: `Bearer ${phone.accessToken}` } });
    assert.equal(stale.status, 404);
    const fresh = await graph(fake.whatsappUrl, 'GET', `/v21.0/${id}`, { token: phone.accessToken });
    assert.equal((await fetch(fresh.body.url, { headers: { authorization: `Bearer ${phone.accessToken}` } })).status, 200);
  });

  test('unsupported types and missing messaging_product are (#100); unknown media ids are subcode 33; DELETE removes', async () => {
    const exe = await upload(Buffer.from('MZ'), 'application/x-msdownload');
    assert.equal(exe.status, 400);
    assert.equal(exe.body.error.code, 100);
    assert.match(exe.body.error.message, /Received file of type 'application\/x-msdownload'/);
    assert.equal((await upload(png, 'image/png', '')).body.error.code, 100);
    const missing = await graph(fake.whatsappUrl, 'GET', '/v21.0/424242', { token: phone.accessToken });
    assert.equal(missing.body.error.error_subcode, 33);
    const { id } = fake.control.seedMedia({ base64: png.toString('base64'), mime_type: 'image/png' });
    assert.deepEqual((await graph(fake.whatsappUrl, 'DELETE', `/v21.0/${id}`, { token: phone.accessToken })).body, { success: true });
    assert.equal((await graph(fake.whatsappUrl, 'GET', `/v21.0/${id}`, { token: phone.accessToken })).status, 400);
  });
});
