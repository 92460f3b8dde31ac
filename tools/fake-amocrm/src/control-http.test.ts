import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createFakeAmocrmClient, startFakeAmocrm } from './index.ts';
import { call } from './test-support.ts';

const control = async (url: string, name: string, argument?: unknown): Promise<{ status: number; body: any }> => {
  const response = await fetch(`${url}/__control/${name}`, {
    method: 'POST',
    body: argument === undefined ? undefined : JSON.stringify(argument),
  });
  return { status: response.status, body: await response.json() };
};

describe('control over HTTP and the CLI', () => {
  test('/__control/<method> seeds, reads and answers errors as JSON', async () => {
    const fake = await startFakeAmocrm();
    try {
      const contact = (await control(fake.url, 'seedContact', { name: 'Remote', phones: ['+7700'] })).body.result;
      const lead = (await control(fake.url, 'seedLead', { name: 'Remote lead', contacts: [contact.id] })).body.result;
      const { access_token: token } = (await control(fake.url, 'issueTokens')).body.result;
      const read = await call(fake, 'GET', `/api/v4/leads/${lead.id}?with=contacts`, { token });
      assert.equal(read.body._embedded.contacts[0].id, contact.id);
      const requests = (await control(fake.url, 'requests', { pathPrefix: '/api/v4/leads' })).body.result;
      assert.equal(requests.length, 1);
      assert.equal(requests[0].query.with, 'contacts');
      assert.equal((await control(fake.url, 'seedLead', { contacts: [424242] })).status, 400);
      assert.equal((await control(fake.url, 'launchRockets')).status, 404);
      const clock = (await control(fake.url, 'setClock', { now: '2030-01-01T00:00:00Z', freeze: true })).body.result;
      assert.equal(clock, Date.parse('2030-01-01T00:00:00Z'));
    } finally {
      await fake.stop();
    }
  });

  test('createFakeAmocrmClient drives the control API from another process, errors included', async () => {
    const fake = await startFakeAmocrm();
    try {
      const client = createFakeAmocrmClient(fake.url);
      const lead = await client.seedLead({ name: 'Remote' });
      assert.equal((await client.lead(lead.id))?.name, 'Remote');
      const { access_token: token } = await client.issueTokens();
      assert.equal((await call(fake, 'GET', `/api/v4/leads/${lead.id}`, { token })).status, 200);
      assert.equal((await client.requests({ pathPrefix: '/api/v4/leads' })).length, 1);
      await assert.rejects(client.seedLead({ contacts: [424242] }), /no contact 424242/);
    } finally {
      await fake.stop();
    }
  });

  test('cli.ts prints its URL, serves, and exits on SIGTERM', async () => {
    const child = spawn(process.execPath, [fileURLToPath(new URL('./cli.ts', import.meta.url)), '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const [line] = (await once(child.stdout, 'data')) as [Buffer];
    const url = line.toString().trim();
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal((await fetch(`${url}/health`)).status, 200);
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
  });
});
