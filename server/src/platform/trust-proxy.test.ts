// X-Forwarded-For decides request.ip (and so the per-address sign-in limits) only when TRUST_PROXY says whom to believe.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadConfig } from './config.ts';
import { createHttpApp } from './http/app.ts';
import { createLogger } from './logger.ts';

async function ipSeen(trustProxy: string | undefined, request: { from: string; forwardedFor?: string }): Promise<string> {
  const config = loadConfig(trustProxy === undefined ? {} : { TRUST_PROXY: trustProxy });
  const app = await createHttpApp({ logger: createLogger({ level: 'silent' }), version: 'test', trustProxy: config.TRUST_PROXY });
  app.get('/ip', async (incoming) => ({ ip: incoming.ip }));
  try {
    const headers = request.forwardedFor ? { 'x-forwarded-for': request.forwardedFor } : {};
    const response = await app.inject({ method: 'GET', url: '/ip', remoteAddress: request.from, headers });
    return response.json().ip;
  } finally {
    await app.close();
  }
}

describe('TRUST_PROXY', () => {
  test('by default X-Forwarded-For is ignored: a client cannot choose its address', async () => {
    assert.equal(await ipSeen(undefined, { from: '198.51.100.7', forwardedFor: '203.0.113.1' }), '198.51.100.7');
    assert.equal(await ipSeen('false', { from: '198.51.100.7', forwardedFor: '203.0.113.1' }), '198.51.100.7');
  });

  test('an address list is believed only from those addresses', async () => {
    const trusted = '10.0.0.1, 10.1.0.0/16';
    assert.equal(await ipSeen(trusted, { from: '10.1.2.3', forwardedFor: '203.0.113.1' }), '203.0.113.1');
    assert.equal(await ipSeen(trusted, { from: '10.0.0.1', forwardedFor: '203.0.113.1' }), '203.0.113.1');
    assert.equal(await ipSeen(trusted, { from: '198.51.100.7', forwardedFor: '203.0.113.1' }), '198.51.100.7');
    // A client behind the trusted proxy who sends its own header gets the address the proxy saw, not the one it wrote.
    assert.equal(await ipSeen(trusted, { from: '10.0.0.1', forwardedFor: '1.2.3.4, 203.0.113.1' }), '203.0.113.1');
  });

  test('a hop count trusts that many proxies in front', async () => {
    assert.equal(await ipSeen('1', { from: '10.0.0.1', forwardedFor: '1.2.3.4, 203.0.113.1' }), '203.0.113.1');
    assert.equal(await ipSeen('2', { from: '10.0.0.1', forwardedFor: '1.2.3.4, 203.0.113.1' }), '1.2.3.4');
  });

  test('bad values are refused with a message that says what to write', () => {
    assert.throws(() => loadConfig({ TRUST_PROXY: 'true' }), /TRUST_PROXY: must not be "true".*number of proxies/);
    assert.throws(
      () => loadConfig({ TRUST_PROXY: '10.0.0.1,proxy.local' }),
      /TRUST_PROXY: "proxy.local" is not an IP address or CIDR range/,
    );
    assert.throws(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' }), /"10.0.0.0\/33" is not an IP address/);
    assert.deepEqual(loadConfig({ TRUST_PROXY: 'loopback,::1,fd00::/8' }).TRUST_PROXY, ['loopback', '::1', 'fd00::/8']);
  });
});
