import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createFakeMetaClient, startFakeMeta, type FakeMeta, type PhoneNumber } from './index.ts';
import { graph } from './test-support.ts';

describe('faults, control over HTTP, the CLI', () => {
  let fake: FakeMeta;
  let phone: PhoneNumber;
  before(async () => {
    fake = await startFakeMeta();
    phone = fake.control.seedWhatsAppNumber();
    fake.control.setLastInbound({ businessId: phone.id, customerId: '7700' });
  });
  after(() => fake.stop());
  const send = () =>
    graph(fake.whatsappUrl, 'POST', `/v21.0/${phone.id}/messages`, {
      token: phone.accessToken,
      body: { messaging_product: 'whatsapp', to: '7700', text: { body: 'x' } },
    });

  test('injected Graph errors, 5xx, slow answers and drops hit the armed number of matching requests', async () => {
    fake.control.injectFault({
      fault: {
        kind: 'graph-error',
        code: 130429,
        message: '(#130429) Rate limit hit',
        details: 'Cloud API message throughput has been reached.',
      },
      pathPrefix: '/graph.facebook.com',
      count: 2,
    });
    const first = await send();
    assert.equal(first.status, 400);
    assert.equal(first.body.error.code, 130429);
    assert.equal(first.body.error.error_data.details, 'Cloud API message throughput has been reached.');
    assert.equal((await send()).body.error.code, 130429);
    assert.equal((await send()).status, 200);

    fake.control.injectFault({ fault: { kind: 'status', status: 503 } });
    const unavailable = await send();
    assert.equal(unavailable.status, 503);
    assert.equal(unavailable.body.error.is_transient, true);
    assert.equal(unavailable.body.error.code, 2);

    fake.control.injectFault({ fault: { kind: 'slow', delayMs: 120 }, method: 'POST' });
    const started = performance.now();
    assert.equal((await send()).status, 200);
    assert.ok(performance.now() - started >= 110);

    fake.control.injectFault({ fault: { kind: 'drop' } });
    await assert.rejects(send());
    assert.equal((await send()).status, 200);
  });

  test('requests are recorded with the fake-clock time, path, body and status', async () => {
    fake.control.clearRequests();
    fake.control.setClock({ now: '2031-05-01T10:00:00Z', freeze: true });
    fake.control.setLastInbound({ businessId: phone.id, customerId: '7700' });
    await send();
    const [recorded] = fake.control.requests({ method: 'POST' });
    assert.equal(recorded!.at, Date.parse('2031-05-01T10:00:00Z'));
    assert.equal(recorded!.path, `/graph.facebook.com/v21.0/${phone.id}/messages`);
    assert.deepEqual((recorded!.body as any).text, { body: 'x' });
    assert.equal(recorded!.status, 200);
    fake.control.setClock({ freeze: false });
  });

  test('/__control/<method> seeds over HTTP; unknown methods are 404, bad arguments 400', async () => {
    const control = async (name: string, argument?: unknown) => {
      const response = await fetch(`${fake.url}/__control/${name}`, {
        method: 'POST',
        body: argument === undefined ? undefined : JSON.stringify(argument),
      });
      return { status: response.status, body: (await response.json()) as any };
    };
    const seeded = (await control('seedWhatsAppNumber', { verified_name: 'Remote' })).body.result;
    const info = await graph(fake.whatsappUrl, 'GET', `/v21.0/${seeded.id}`, { token: seeded.accessToken });
    assert.equal(info.body.verified_name, 'Remote');
    assert.equal((await control('launchRockets')).status, 404);
    assert.equal((await control('whatsappInbound', { phoneNumberId: 'nope', senders: [], messages: [] })).status, 400);
  });

  test('createFakeMetaClient drives the control API from another process, bytes as base64', async () => {
    const client = createFakeMetaClient(fake.url);
    const remote = await client.seedWhatsAppNumber({ verified_name: 'Client' });
    const { id } = await client.seedMedia({ base64: Buffer.from('hello').toString('base64'), mime_type: 'text/plain' });
    assert.equal((await client.media(id))?.base64, Buffer.from('hello').toString('base64'));
    const info = await graph(fake.whatsappUrl, 'GET', `/v21.0/${remote.id}`, { token: remote.accessToken });
    assert.equal(info.body.verified_name, 'Client');
    await assert.rejects(client.whatsappStatuses({ phoneNumberId: 'nope', statuses: [] }), /no WhatsApp number nope/);
  });

  test('stop() ends status webhooks still in flight: the process exits by itself', async () => {
    const script = `
      const { startFakeMeta } = await import(${JSON.stringify(fileURLToPath(new URL('./index.ts', import.meta.url)))});
      const meta = await startFakeMeta();
      const phone = meta.control.seedWhatsAppNumber();
      meta.control.setLastInbound({ businessId: phone.id, customerId: '7700' });
      meta.control.setStatusWebhookTarget({ url: 'http://10.255.255.1:9/unroutable', appSecret: 's' });
      const send = () => fetch(meta.whatsappUrl + '/v21.0/' + phone.id + '/messages', { method: 'POST',
        headers: { authorization: 'Bearer ' + phone.accessToken, 'content-type': 'application/json' },
        body: JSON.stringify({ messaging_product: 'whatsapp', to: '7700', text: { body: 'x' } }) }).catch(() => null);
      await send(); // its sent/delivered statuses are now POSTing to an address that never answers
      await meta.stop();
      console.log('stopped');
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    const [code] = await once(child, 'exit');
    clearTimeout(killer);
    assert.equal(output.trim(), 'stopped');
    assert.equal(code, 0, 'exited by itself, not killed');
  });

  test('cli.ts prints both base URLs and exits on SIGTERM', async () => {
    const child = spawn(process.execPath, [fileURLToPath(new URL('./cli.ts', import.meta.url)), '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    while (!output.includes('INSTAGRAM_GRAPH_URL')) output += ((await once(child.stdout, 'data')) as [Buffer])[0].toString();
    const whatsappUrl = /META_GRAPH_URL=(\S+)/.exec(output)![1]!;
    assert.match(whatsappUrl, /^http:\/\/127\.0\.0\.1:\d+\/graph\.facebook\.com$/);
    assert.equal((await fetch(`${whatsappUrl}/v21.0/1`)).status, 401);
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
  });
});
