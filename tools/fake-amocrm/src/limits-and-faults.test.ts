import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startFakeAmocrm, type FakeAmocrm } from './index.ts';
import { call } from './test-support.ts';

describe('rate limit and injected faults', () => {
  let fake: FakeAmocrm;
  let token: string;
  before(async () => {
    fake = await startFakeAmocrm();
    token = fake.control.issueTokens().access_token;
    fake.control.setClock({ freeze: true }); // every request below lands in the same instant
  });
  after(() => fake.stop());

  test('the 8th request inside one second gets 429; the next second admits again', async () => {
    const statuses: number[] = [];
    for (let index = 0; index < 8; index++) statuses.push((await call(fake, 'GET', '/api/v4/account', { token })).status);
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 200, 200, 429]);
    const refused = await call(fake, 'GET', '/api/v4/account', { token });
    assert.equal(refused.status, 429);
    assert.equal(refused.contentType, 'application/problem+json; charset=utf-8');
    assert.deepEqual(refused.body, {
      title: 'Too Many Requests',
      type: 'https://httpstatus.es/429',
      status: 429,
      detail: 'You have sent too many requests in a given amount of time. Please try again later.',
      retry_after: 300,
    });
    fake.control.setClock({ advanceMs: 1001 });
    assert.equal((await call(fake, 'GET', '/api/v4/account', { token })).status, 200);

    fake.control.injectFault({ fault: { kind: 'rate-limit', retryAfterSeconds: 2 } });
    const limited = await fetch(`${fake.url}/api/v4/account`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '2', 'the asked-for Retry-After header');
    assert.equal(((await limited.json()) as { retry_after: number }).retry_after, 2);
  });

  test('the per-integration limit is configurable; the 50/s account limit still applies', async () => {
    fake.control.setRateLimits({ perIntegration: 100 });
    const statuses: number[] = [];
    for (let index = 0; index < 51; index++) statuses.push((await call(fake, 'GET', '/api/v4/account', { token })).status);
    assert.equal(statuses.filter((status) => status === 200).length, 50);
    assert.equal(statuses.at(-1), 429);
    fake.control.setRateLimits({ perIntegration: 7 });
    fake.control.setClock({ advanceMs: 1001 });
  });

  test('with blockAfter429s set, repeated 429s get the caller blocked: 403 on everything until unblocked', async () => {
    fake.control.setClock({ advanceMs: 1001 });
    fake.control.setRateLimits({ perIntegration: 1, blockAfter429s: 2 });
    const statuses: number[] = [];
    for (let index = 0; index < 4; index++) statuses.push((await call(fake, 'GET', '/api/v4/account', { token })).status);
    assert.deepEqual(statuses, [200, 429, 429, 403]);
    fake.control.setClock({ advanceMs: 5000 });
    const blocked = await call(fake, 'GET', '/api/v4/account', { token });
    assert.equal(blocked.status, 403, 'time alone does not lift the block');
    assert.equal(blocked.body.title, 'Forbidden');
    fake.control.setRateLimits({ perIntegration: 7, blockAfter429s: null, blocked: false });
    assert.equal((await call(fake, 'GET', '/api/v4/account', { token })).status, 200);
  });

  test('injected 5xx, 429 and slow answers hit only the matching requests, the armed number of times', async () => {
    fake.control.injectFault({ fault: { kind: 'status', status: 500 }, pathPrefix: '/api/v4/leads', count: 1 });
    fake.control.injectFault({ fault: { kind: 'status', status: 502 }, pathPrefix: '/api/v4/contacts', count: 1 });
    assert.equal((await call(fake, 'GET', '/api/v4/account', { token })).status, 200, 'other paths unaffected');
    const failed = await call(fake, 'GET', '/api/v4/leads/1', { token });
    assert.equal(failed.status, 500);
    assert.equal(failed.body.title, 'ErrInternalServer');
    assert.match(failed.body.trace_id, /^[0-9a-f-]{36}$/);
    fake.control.injectFault({ fault: { kind: 'status', status: 402 } });
    assert.deepEqual((await call(fake, 'GET', '/api/v4/account', { token })).body, {
      title: 'Payment Required',
      type: 'https://httpstatus.es/402',
      status: 402,
      detail: 'Payment required',
    });
    const gateway = await fetch(`${fake.url}/api/v4/contacts/1`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(gateway.status, 502);
    assert.match(gateway.headers.get('content-type') ?? '', /text\/html/, "nginx's HTML, not JSON");
    assert.match(await gateway.text(), /nginx/);
    assert.equal((await call(fake, 'GET', '/api/v4/leads/1', { token })).status, 204, 'only once');

    fake.control.injectFault({ fault: { kind: 'rate-limit' }, count: 2 });
    assert.equal((await call(fake, 'GET', '/api/v4/account', { token })).status, 429);
    assert.equal((await call(fake, 'GET', '/api/v4/account', { token })).status, 429);
    fake.control.setClock({ advanceMs: 1001 });
    assert.equal((await call(fake, 'GET', '/api/v4/account', { token })).status, 200);

    fake.control.injectFault({ fault: { kind: 'slow', delayMs: 150 }, method: 'POST', pathPrefix: '/oauth2/' });
    const started = performance.now();
    const integration = fake.control.integration();
    const slow = await call(fake, 'POST', '/oauth2/access_token', {
      body: {
        client_id: integration.clientId,
        client_secret: integration.clientSecret,
        redirect_uri: integration.redirectUri,
        grant_type: 'refresh_token',
        refresh_token: fake.control.issueTokens().refresh_token,
      },
    });
    assert.equal(slow.status, 200, 'a slow answer still answers');
    assert.ok(performance.now() - started >= 140);
  });

  test('a dropped connection is a network error for the client', async () => {
    fake.control.injectFault({ fault: { kind: 'drop' } });
    await assert.rejects(fetch(`${fake.url}/api/v4/account`, { headers: { authorization: `Bearer ${token}` } }));
    fake.control.setClock({ advanceMs: 1001 });
    assert.equal((await call(fake, 'GET', '/api/v4/account', { token })).status, 200);
  });

  test('stop() ends a slow answer in flight', async () => {
    const other = await startFakeAmocrm();
    const otherToken = other.control.issueTokens().access_token;
    other.control.injectFault({ fault: { kind: 'slow', delayMs: 60_000 } });
    const pending = fetch(`${other.url}/api/v4/account`, { headers: { authorization: `Bearer ${otherToken}` } }).then(
      (response) => response.status,
      () => 'closed',
    );
    for (let turns = 0; other.control.inFlight() === 0; turns++) {
      if (turns > 100_000) throw new Error('the request never reached the fake');
      await new Promise((resolve) => setImmediate(resolve));
    }
    const started = performance.now();
    await other.stop();
    assert.ok(['closed', 200].includes(await pending));
    assert.ok(performance.now() - started < 5000, 'stop() did not wait out the 60-second delay');
  });
});
