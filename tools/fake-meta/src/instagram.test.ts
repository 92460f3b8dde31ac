import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { HUMAN_AGENT_WINDOW_MS, LONG_LIVED_TOKEN_SECONDS, startFakeMeta, type FakeMeta, type InstagramAccount } from './index.ts';
import { graph } from './test-support.ts';

const HOUR = 3600_000;

describe('Instagram API with Instagram Login', () => {
  let fake: FakeMeta;
  let account: InstagramAccount;
  const customer = '1234567890123456';
  const send = (body: Record<string, unknown>, path = `/v21.0/${account.id}/messages`) =>
    graph(fake.instagramUrl, 'POST', path, { token: account.accessToken, body: { recipient: { id: customer }, ...body } });

  before(async () => {
    fake = await startFakeMeta();
    account = fake.control.seedInstagramAccount({ username: 'clinic.kz', tokenIssuedAt: Date.now() - 2 * 86_400_000 });
  });
  after(() => fake.stop());

  test('a text reply inside 24 hours answers {recipient_id, message_id}; /me/messages works too', async () => {
    fake.control.setLastInbound({ businessId: account.id, customerId: customer });
    const answer = await send({ message: { text: 'Здравствуйте!' } });
    assert.equal(answer.status, 200);
    assert.equal(answer.body.recipient_id, customer);
    assert.equal(typeof answer.body.message_id, 'string');
    assert.equal((await send({ message: { text: 'via me' } }, '/v21.0/me/messages')).status, 200);
    assert.equal(fake.control.instagramSent({ to: customer }).length, 2);
    const image = await send({ message: { attachment: { type: 'image', payload: { url: 'https://example.com/a.jpg' } } } });
    assert.equal(image.status, 200);
  });

  test('past 24 hours only HUMAN_AGENT goes, up to 7 days; then (#10) subcode 2018278', async () => {
    fake.control.setLastInbound({ businessId: account.id, customerId: customer, at: fake.control.now() - 25 * HOUR });
    const plain = await send({ message: { text: 'late' } });
    assert.equal(plain.status, 400);
    assert.equal(plain.body.error.code, 10);
    assert.equal(plain.body.error.error_subcode, 2018278);
    assert.equal(plain.body.error.message, '(#10) This message is sent outside of allowed window.');
    const human = await send({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT', message: { text: 'operator reply' } });
    assert.equal(human.status, 200);
    fake.control.setLastInbound({ businessId: account.id, customerId: customer, at: fake.control.now() - HUMAN_AGENT_WINDOW_MS - 1000 });
    const tooLate = await send({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT', message: { text: 'a week later' } });
    assert.equal(tooLate.body.error.error_subcode, 2018278);
    const stranger = await graph(fake.instagramUrl, 'POST', `/v21.0/${account.id}/messages`, {
      token: account.accessToken,
      body: { recipient: { id: '999' }, message: { text: 'hi' } },
    });
    assert.equal(stranger.body.error.error_subcode, 2018001, 'a user who never wrote: no matching user');
  });

  test('quick replies: at most 13, titles at most 20 characters; text at most 1000', async () => {
    fake.control.setLastInbound({ businessId: account.id, customerId: customer });
    const replies = (count: number, title = 'Да') =>
      Array.from({ length: count }, (_, index) => ({ content_type: 'text', title, payload: `p${index}` }));
    assert.equal((await send({ message: { text: 'Выберите', quick_replies: replies(13) } })).status, 200);
    assert.equal((await send({ message: { text: 'Выберите', quick_replies: replies(14) } })).body.error.code, 100);
    assert.equal((await send({ message: { text: 'Выберите', quick_replies: replies(1, 'x'.repeat(21)) } })).body.error.code, 100);
    assert.equal((await send({ message: { text: 'x'.repeat(1001) } })).body.error.code, 100);
  });

  test('GET /me answers the fields asked for; a bad token is 190', async () => {
    const me = await graph(fake.instagramUrl, 'GET', '/v21.0/me?fields=user_id,username', { token: account.accessToken });
    assert.deepEqual(me.body, { id: account.id, user_id: account.id, username: 'clinic.kz' });
    const bad = await graph(fake.instagramUrl, 'GET', '/v21.0/me', { token: 'IGAAwrong' });
    assert.equal(bad.status, 401);
    assert.equal(bad.body.error.code, 190);
    const viaQuery = await fetch(`${fake.instagramUrl}/v21.0/me?access_token=${account.accessToken}`);
    assert.equal(viaQuery.status, 200, 'access_token as a query parameter works too');
  });

  test('refresh_access_token: 60 days, not before the token is 24 hours old, not after it expired', async () => {
    const young = fake.control.issueInstagramToken({ accountId: account.id });
    const refuse = await graph(
      fake.instagramUrl,
      'GET',
      `/refresh_access_token?grant_type=ig_refresh_token&access_token=${young.access_token}`,
    );
    assert.equal(refuse.status, 400);
    fake.control.setClock({ advanceMs: 24 * HOUR + 1000 });
    const refreshed = await graph(
      fake.instagramUrl,
      'GET',
      `/refresh_access_token?grant_type=ig_refresh_token&access_token=${young.access_token}`,
    );
    assert.equal(refreshed.status, 200);
    assert.equal(refreshed.body.token_type, 'bearer');
    assert.equal(refreshed.body.expires_in, LONG_LIVED_TOKEN_SECONDS);
    assert.notEqual(refreshed.body.access_token, young.access_token);
    assert.equal((await graph(fake.instagramUrl, 'GET', '/v21.0/me', { token: refreshed.body.access_token })).status, 200);
    assert.equal(
      (await graph(fake.instagramUrl, 'GET', `/refresh_access_token?grant_type=wrong&access_token=${young.access_token}`)).status,
      400,
    );
    fake.control.setClock({ advanceMs: 61 * 86_400_000 });
    const expired = await graph(
      fake.instagramUrl,
      'GET',
      `/refresh_access_token?grant_type=ig_refresh_token&access_token=${young.access_token}`,
    );
    assert.equal(expired.body.error.code, 190);
    assert.equal((await graph(fake.instagramUrl, 'GET', '/v21.0/me', { token: young.access_token })).body.error.error_subcode, 463);
  });

  test('a customer’s name by id, and a customer’s file by its signed CDN link (no token)', async () => {
    const token = fake.control.issueInstagramToken({ accountId: account.id }).access_token; // the earlier tests aged the first one out
    const user = fake.control.seedInstagramUser({ username: 'aigerim.s', name: 'Айгерим' });
    const profile = await graph(fake.instagramUrl, 'GET', `/v21.0/${user.id}?fields=name,username`, { token });
    assert.deepEqual(profile.body, { id: user.id, username: 'aigerim.s', name: 'Айгерим' });
    assert.equal((await graph(fake.instagramUrl, 'GET', '/v21.0/424242?fields=name', { token })).body.error.code, 100);
    const media = fake.control.seedInstagramMedia({ bytes: Buffer.from('jpeg!'), mime_type: 'image/jpeg' });
    const file = await fetch(media.url);
    assert.equal(file.status, 200);
    assert.equal(file.headers.get('content-type'), 'image/jpeg');
    assert.equal(await file.text(), 'jpeg!');
    assert.equal((await fetch(media.url.replace(/signature=[0-9a-f]+/, 'signature=00'))).status, 403);
  });
});
