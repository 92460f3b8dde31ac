// The ports an app gets (apps/app.ts), used by a small app of this test's own on the real server:
// domain events, conversations, files with signed links, jobs, and settings with the generic routes.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import { z } from 'zod';
import { createApiClient, signInWithToken, type ApiClient } from '../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../testing/harness.ts';
import { eventually } from '../testing/ws-client.ts';
import { linkingApp } from './linking/index.ts';
import type { AppContext, AppDefinition, DomainEvent } from './app.ts';

const probeSettings = z
  .object({
    greeting: z
      .string()
      .max(50)
      .default('hi')
      .meta({ title: 'Greeting', 'x-ru': { title: 'Приветствие' } }),
    limit: z.number().int().min(1).max(10).default(3),
  })
  .meta({ title: 'Probe' });

/** An app that records what it hears and exposes its ports to the test. */
function probeApp() {
  const heard: DomainEvent[] = [];
  let context: AppContext<object, z.output<typeof probeSettings>> | undefined;
  const definition: AppDefinition<object, z.output<typeof probeSettings>> = {
    name: 'probe',
    settings: probeSettings,
    create(given) {
      context = given;
      for (const type of ['message.received', 'conversation.assigned', 'conversation.resolved', 'contact.linked'] as const)
        given.events.on(type, (event) => void heard.push(event));
      return { queues: [{ name: 'probe-work', work: { handle: async () => undefined } }] };
    },
  };
  return { definition, heard, context: () => context! };
}

for (const engine of testEngines()) {
  describe(`app ports on ${engine}`, () => {
    let sim: Simulator;
    let server: TestServer;
    let admin: ApiClient;
    let token: string;
    const probe = probeApp();
    before(async () => {
      sim = await startTelegramSimulator({ timeScale: 10 });
      token = sim.createBot({ username: 'ports_bot' }).token;
      server = await startTestServer(
        engine,
        { TELEGRAM_API_ROOT: sim.apiRoot, TELEGRAM_BOT_TOKEN: token, TELEGRAM_MODE: 'polling' },
        undefined,
        { apps: [linkingApp, probe.definition] },
      );
      admin = await signInWithToken(server.url, testAdmin);
    });
    after(async () => {
      await server?.stop();
      await sim?.stop();
    });

    test('domain events: a message received, the conversation assigned and resolved, each once', async () => {
      const user = sim.createUser({ first_name: 'Eve', language_code: 'en' });
      sim.sendText(token, { from: user.id, text: 'hello, ports' });
      const received = await eventually(() => probe.heard.find((event) => event.type === 'message.received'), 15_000, 'message.received');
      assert.equal(received.type, 'message.received');
      const chatId = (received as { conversationId: number }).conversationId;
      const me = (await admin.get('/api/auth/me')).body.user.id as number;
      assert.equal((await admin.post(`/api/chats/${chatId}/assign`, { operator_id: me })).status, 200);
      assert.equal((await admin.post(`/api/chats/${chatId}/resolve`)).status, 200);
      await eventually(() => probe.heard.some((event) => event.type === 'conversation.resolved'), 15_000, 'conversation.resolved');
      const about = probe.heard.filter((event) => 'conversationId' in event && event.conversationId === chatId).map((event) => event.type);
      assert.deepEqual(
        about.filter((type) => type !== 'message.received'),
        ['conversation.assigned', 'conversation.resolved'],
      );
      assert.deepEqual(
        probe.heard.find((event) => event.type === 'conversation.assigned'),
        { type: 'conversation.assigned', conversationId: chatId, operatorId: me },
      );

      // The conversations port: a service line lands in the conversation, and the flow state reads back.
      const posted = await probe.context().conversations.post(chatId, { kind: 'note', text: 'from the probe app' });
      const list = (await admin.get(`/api/messages/by_chat?chat_id=${chatId}`)).body.results as Array<{ id: number; text: string }>;
      assert.ok(
        list.some((message) => message.id === posted.id && message.text === 'from the probe app'),
        'the note is in the conversation',
      );
      assert.equal(await probe.context().conversations.flowState(chatId), null);
      assert.equal(await probe.context().conversations.findByChat(999_999, String(user.id)), undefined);
    });

    test('files: a signed link downloads the file; a forged or altered one is refused', async () => {
      const files = probe.context().files;
      const stored = await files.store({ name: 'report.txt', contentType: 'text/plain', data: Buffer.from('probe file') });
      assert.equal(stored.size, 10);
      const link = files.signedUrl(stored.id, 60);
      const anonymous = createApiClient(server.url);
      const download = await fetch(`${server.url}${link}`);
      assert.equal(download.status, 200);
      assert.equal(await download.text(), 'probe file');
      assert.match(download.headers.get('content-disposition') ?? '', /report\.txt/);
      const url = new URL(link, server.url);
      url.searchParams.set('expires', String(Number(url.searchParams.get('expires')) + 3600));
      const stretched = await anonymous.get(`${url.pathname}${url.search}`);
      assert.equal(stretched.status, 403, 'a later expiry breaks the signature');
      assert.match(stretched.body.error.message, /not valid/);
      const otherApp = await anonymous.get(link.replace('/probe/', '/tickets/'));
      assert.equal(otherApp.status, 403, 'a link is bound to its app');
      await files.remove(stored.id);
      assert.equal((await fetch(`${server.url}${link}`)).status, 404);
    });

    test('jobs: an app sends to its own queues only', async () => {
      const jobs = probe.context().jobs;
      assert.ok(server.switchboard.jobs.queueNames().includes('probe-work'));
      assert.equal(typeof (await jobs.send('probe-work', { n: 1 })), 'string');
      await assert.rejects(jobs.send('retention', {}), /only to its own queues/);
    });

    test('settings: one generic route per app, its JSON Schema, and precise refusals', async () => {
      const all = await admin.get('/api/apps/settings');
      assert.equal(all.status, 200);
      const entry = all.body.apps.find((each: { app: string }) => each.app === 'probe');
      assert.deepEqual(entry.values, { greeting: 'hi', limit: 3 });
      assert.equal(entry.schema.properties.greeting.title, 'Greeting');
      assert.equal(entry.schema.properties.greeting['x-ru'].title, 'Приветствие');
      assert.equal(entry.schema.properties.limit.maximum, 10);

      const refused = await admin.put('/api/apps/probe/settings', { limit: 11 });
      assert.equal(refused.status, 400);
      assert.match(JSON.stringify(refused.body), /limit/);
      const saved = await admin.put('/api/apps/probe/settings', { greeting: 'salem' });
      assert.deepEqual([saved.status, saved.body], [200, { greeting: 'salem', limit: 3 }]);
      assert.deepEqual(await probe.context().settings.read(), { greeting: 'salem', limit: 3 });

      const unknownBot = await admin.put('/api/apps/linking/settings', { channel_id: 999_999 });
      assert.deepEqual([unknownBot.status, unknownBot.body.error.code], [422, 'unknown_bot']);
    });
  });
}
