// A name staff gave a contact wins over the messenger's, also for contacts made through /api/clients
// and across a merge, where the messenger's name is kept beside it (issue 25).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import { signInWithToken, type ApiClient } from '../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../testing/harness.ts';
import { eventually } from '../testing/ws-client.ts';

for (const engine of testEngines()) {
  describe(`contact names on ${engine}`, () => {
    let sim: Simulator;
    let server: TestServer;
    let admin: ApiClient;
    let token: string;
    before(async () => {
      sim = await startTelegramSimulator();
      token = sim.createBot({ username: 'names_bot' }).token;
      server = await startTestServer(engine, { TELEGRAM_API_ROOT: sim.apiRoot, TELEGRAM_BOT_TOKEN: token, TELEGRAM_MODE: 'polling' });
      admin = await signInWithToken(server.url, testAdmin);
    });
    after(async () => {
      await server.stop();
      await sim.stop();
    });

    test('a client added by staff keeps its name; merging the messenger contact into it keeps both names', async () => {
      const client = await admin.post('/api/clients', { name: 'Дана (бухгалтер)' });
      assert.equal(client.status, 201, JSON.stringify(client.body));
      const typed = (await admin.get(`/api/contacts/${client.body.id}`)).body;
      assert.equal(typed.name_set_by_staff, true, 'the name staff typed is marked as theirs');

      const user = sim.createUser({ first_name: 'Dana', last_name: 'Profile' });
      sim.sendText(token, { from: user.id, text: 'hello' });
      const chat = await eventually(async () =>
        (await admin.get('/api/chats')).body.results.find((item: any) => item.last_message?.text === 'hello'),
      );
      const merged = await admin.post(`/api/contacts/${client.body.id}/merge`, { duplicate_id: chat.contact.id });
      assert.equal(merged.status, 200, JSON.stringify(merged.body));
      assert.equal(merged.body.display_name, 'Дана (бухгалтер)');
      assert.equal(merged.body.profile_name, 'Dana Profile', "the messenger's name is kept beside it");
      assert.equal(merged.body.name_set_by_staff, true);

      // The next message updates the profile name only.
      sim.sendText(token, { from: user.id, text: 'again' });
      await eventually(async () => (await admin.get(`/api/chats/${chat.id}`)).body.last_message?.text === 'again');
      const after = (await admin.get(`/api/contacts/${client.body.id}`)).body;
      assert.deepEqual([after.display_name, after.profile_name], ['Дана (бухгалтер)', 'Dana Profile']);
    });
  });
}
