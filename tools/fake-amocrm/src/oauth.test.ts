import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startFakeAmocrm, type FakeAmocrm } from './index.ts';
import { call } from './test-support.ts';

const DAY = 86_400_000;

describe('OAuth 2.0: POST /oauth2/access_token', () => {
  let fake: FakeAmocrm;
  let client: { client_id: string; client_secret: string; redirect_uri: string };
  before(async () => {
    fake = await startFakeAmocrm();
    const integration = fake.control.integration();
    client = { client_id: integration.clientId, client_secret: integration.clientSecret, redirect_uri: integration.redirectUri };
  });
  after(() => fake.stop());

  test('an authorization code becomes a Bearer pair that lives 24 hours; the code works once', async () => {
    const { code } = fake.control.issueAuthorizationCode();
    const first = await call(fake, 'POST', '/oauth2/access_token', { body: { ...client, grant_type: 'authorization_code', code } });
    assert.equal(first.status, 200);
    assert.equal(first.body.token_type, 'Bearer');
    assert.equal(first.body.expires_in, 86_400);
    assert.match(first.body.access_token, /^[\w-]+\.[\w-]+\.[\w-]+$/, 'a JWT, as AmoCRM issues');
    assert.equal(typeof first.body.refresh_token, 'string');
    assert.equal((await call(fake, 'GET', '/api/v4/account', { token: first.body.access_token })).status, 200);

    const again = await call(fake, 'POST', '/oauth2/access_token', { body: { ...client, grant_type: 'authorization_code', code } });
    assert.equal(again.status, 400);
    assert.equal(again.contentType, 'application/problem+json; charset=utf-8');
    assert.equal(again.body.hint, 'Authorization code has been revoked');
    assert.equal(again.body.type, 'https://developers.amocrm.ru/v3/errors/OAuthProblemJson');
  });

  test('form-encoded bodies are accepted too', async () => {
    const { code } = fake.control.issueAuthorizationCode();
    const response = await fetch(`${fake.url}/oauth2/access_token`, {
      method: 'POST',
      body: new URLSearchParams({ ...client, grant_type: 'authorization_code', code }),
    });
    assert.equal(response.status, 200);
  });

  test('an authorization code expires after 20 minutes', async () => {
    const { code } = fake.control.issueAuthorizationCode();
    fake.control.setClock({ advanceMs: 21 * 60_000 });
    const answer = await call(fake, 'POST', '/oauth2/access_token', { body: { ...client, grant_type: 'authorization_code', code } });
    assert.equal(answer.status, 400);
    assert.equal(answer.body.hint, 'Authorization code has expired');
  });

  test('client_id, client_secret and redirect_uri are checked (401 Client authentication failed)', async () => {
    for (const wrong of [{ client_secret: 'nope' }, { client_id: 'other' }, { redirect_uri: 'https://evil.example/cb' }]) {
      const { code } = fake.control.issueAuthorizationCode();
      const answer = await call(fake, 'POST', '/oauth2/access_token', {
        body: { ...client, ...wrong, grant_type: 'authorization_code', code },
      });
      assert.equal(answer.status, 401, JSON.stringify(wrong));
      assert.equal(answer.body.hint, 'Client authentication failed');
    }
    const missing = await call(fake, 'POST', '/oauth2/access_token', { body: { ...client, grant_type: 'refresh_token' } });
    assert.equal(missing.status, 400);
    assert.equal(missing.body.hint, 'Check the `refresh_token` parameter');
    const unsupported = await call(fake, 'POST', '/oauth2/access_token', { body: { ...client, grant_type: 'password' } });
    assert.equal(unsupported.status, 400);
  });

  test('access tokens expire after 24 hours on the fake clock: the API answers 401 in problem JSON', async () => {
    const pair = fake.control.issueTokens();
    fake.control.setClock({ advanceMs: DAY - 60_000 });
    assert.equal((await call(fake, 'GET', '/api/v4/account', { token: pair.access_token })).status, 200);
    fake.control.setClock({ advanceMs: 60_000 });
    const expired = await call(fake, 'GET', '/api/v4/account', { token: pair.access_token });
    assert.equal(expired.status, 401);
    assert.equal(expired.contentType, 'application/problem+json; charset=utf-8');
    assert.deepEqual(expired.body, { title: 'Unauthorized', type: 'https://httpstatus.es/401', status: 401, detail: 'Unauthorized' });
    assert.equal((await call(fake, 'GET', '/api/v4/account')).status, 401, 'no token at all');
    assert.equal((await call(fake, 'GET', '/api/v4/account', { token: 'garbage' })).status, 401);
  });

  test('refresh tokens rotate: the new pair works, the old refresh token and old access token do not', async () => {
    const pair = fake.control.issueTokens();
    const refreshed = await call(fake, 'POST', '/oauth2/access_token', {
      body: { ...client, grant_type: 'refresh_token', refresh_token: pair.refresh_token },
    });
    assert.equal(refreshed.status, 200);
    assert.notEqual(refreshed.body.refresh_token, pair.refresh_token);
    assert.equal((await call(fake, 'GET', '/api/v4/account', { token: refreshed.body.access_token })).status, 200);
    assert.equal((await call(fake, 'GET', '/api/v4/account', { token: pair.access_token })).status, 401);

    const reused = await call(fake, 'POST', '/oauth2/access_token', {
      body: { ...client, grant_type: 'refresh_token', refresh_token: pair.refresh_token },
    });
    assert.equal(reused.status, 401);
    assert.deepEqual(reused.body, {
      hint: 'Token has been revoked',
      title: 'Некорректный запрос',
      type: 'https://developers.amocrm.ru/v3/errors/OAuthProblemJson',
      status: 401,
      detail: 'В запросе отсутствует ряд параметров или параметры невалидны',
    });
  });

  test('two refreshes racing with one token: exactly one wins, the other is told the token was revoked', async () => {
    const pair = fake.control.issueTokens();
    const body = { ...client, grant_type: 'refresh_token', refresh_token: pair.refresh_token };
    const answers = await Promise.all([
      call(fake, 'POST', '/oauth2/access_token', { body }),
      call(fake, 'POST', '/oauth2/access_token', { body }),
    ]);
    assert.deepEqual(answers.map((answer) => answer.status).sort(), [200, 401]);
    assert.equal(answers.find((answer) => answer.status === 401)!.body.hint, 'Token has been revoked');
  });

  test('a refresh token unused for three months is refused; an unknown one cannot be decrypted', async () => {
    const pair = fake.control.issueTokens();
    fake.control.setClock({ advanceMs: 90 * DAY + 1000 });
    const stale = await call(fake, 'POST', '/oauth2/access_token', {
      body: { ...client, grant_type: 'refresh_token', refresh_token: pair.refresh_token },
    });
    assert.equal(stale.status, 401);
    assert.equal(stale.body.hint, 'Token has expired');
    const unknown = await call(fake, 'POST', '/oauth2/access_token', {
      body: { ...client, grant_type: 'refresh_token', refresh_token: 'def502deadbeef' },
    });
    assert.equal(unknown.status, 401);
    assert.equal(unknown.body.hint, 'Cannot decrypt the refresh token');
  });

  test('long-lived tokens work until their own expiry, with no refresh', async () => {
    const { access_token: token } = fake.control.issueLongLivedToken({ seconds: 2 * 86_400 });
    fake.control.setClock({ advanceMs: DAY + 1000 });
    assert.equal((await call(fake, 'GET', '/api/v4/account', { token })).status, 200, 'past 24 h it still works');
    fake.control.setClock({ advanceMs: DAY });
    assert.equal((await call(fake, 'GET', '/api/v4/account', { token })).status, 401);
  });
});

describe('token lifetimes are configurable', () => {
  test('accessTokenSeconds: 60 expires a minute later', async () => {
    const fake = await startFakeAmocrm({ lifetimes: { accessTokenSeconds: 60 } });
    try {
      const pair = fake.control.issueTokens();
      assert.equal(pair.expires_in, 60);
      fake.control.setClock({ advanceMs: 61_000 });
      assert.equal((await call(fake, 'GET', '/api/v4/account', { token: pair.access_token })).status, 401);
    } finally {
      await fake.stop();
    }
  });
});
