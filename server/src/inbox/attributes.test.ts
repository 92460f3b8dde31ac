// Issue 26, custom attributes: admins define them, staff set values on what they may see (precise 422s for
// an unknown key, a wrong type, an option not in the list), the list filters by one, saved answers use them.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import { createApiClient, signInWithToken, type ApiClient } from '../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../testing/harness.ts';
import { connectSocket, eventually } from '../testing/ws-client.ts';

for (const engine of testEngines()) {
  describe(`custom attributes on ${engine}`, () => {
    let sim: Simulator;
    let server: TestServer;
    let admin: ApiClient;
    let olga: ApiClient;
    let olgaId: number;
    let ivan: ApiClient;
    let token: string;

    before(async () => {
      sim = await startTelegramSimulator();
      token = sim.createBot({ username: 'attributes_bot' }).token;
      server = await startTestServer(engine, { TELEGRAM_API_ROOT: sim.apiRoot, TELEGRAM_BOT_TOKEN: token, TELEGRAM_MODE: 'polling' });
      admin = await signInWithToken(server.url, testAdmin);
      assert.equal((await admin.put('/api/inbox/policy', { auto_assign: false, operators_see_unassigned: false })).status, 200);
      const clients: ApiClient[] = [];
      const ids: number[] = [];
      for (const [name, email] of [
        ['Olga', 'olga@example.com'],
        ['Ivan', 'ivan@example.com'],
      ] as const) {
        const created = await admin.post('/api/operators', { name, email, password: `password-${name}-1` });
        assert.equal(created.status, 201);
        ids.push(created.body.id);
        const signed = await createApiClient(server.url).post('/api/api-token-auth/', { email, password: `password-${name}-1` });
        clients.push(createApiClient(server.url, { token: signed.body.token }));
      }
      [olga, ivan] = clients as [ApiClient, ApiClient];
      olgaId = ids[0]!;
    });
    after(async () => {
      await server.stop();
      await sim.stop();
    });

    async function chatOf(firstName: string, text: string) {
      sim.sendText(token, { from: sim.createUser({ first_name: firstName }).id, text });
      const message = await eventually(async () =>
        (await admin.get('/api/messages/?limit=200')).body.results.find((item: any) => item.text === text),
      );
      return (await admin.get(`/api/chats/${message.chat_id}`)).body;
    }

    test('admins define attributes; the definition is checked and its key is unique per target', async () => {
      const plan = await admin.post('/api/attributes', {
        applies_to: 'conversation',
        key: 'plan',
        label_ru: 'Тариф',
        label_en: 'Plan',
        type: 'list',
        options: ['basic', 'gold'],
      });
      assert.equal(plan.status, 201, JSON.stringify(plan.body));
      assert.deepEqual(plan.body.options, ['basic', 'gold']);
      assert.equal((await olga.post('/api/attributes', { applies_to: 'contact', key: 'x', label_en: 'X', type: 'text' })).status, 403);
      const again = await admin.post('/api/attributes', { applies_to: 'conversation', key: 'plan', label_en: 'Plan', type: 'text' });
      assert.equal(again.status, 409);
      assert.equal(again.body.error.code, 'attribute_exists');
      // The same key on the other target is another attribute.
      const city = await admin.post('/api/attributes', { applies_to: 'contact', key: 'city', label_ru: 'Город', type: 'text' });
      assert.equal(city.status, 201);
      assert.equal(city.body.label_en, '');
      for (const [body, why] of [
        [{ applies_to: 'contact', key: 'Bad Key', label_en: 'x', type: 'text' }, 'key pattern'],
        [{ applies_to: 'contact', key: 'nolabel', type: 'text' }, 'no label'],
        [{ applies_to: 'contact', key: 'emptylist', label_en: 'x', type: 'list', options: [] }, 'list without options'],
        [{ applies_to: 'contact', key: 'textopts', label_en: 'x', type: 'text', options: ['a'] }, 'options on text'],
        [{ applies_to: 'deal', key: 'x', label_en: 'x', type: 'text' }, 'unknown target'],
        [{ applies_to: 'contact', key: 'x', label_en: 'x', type: 'money' }, 'unknown type'],
      ] as const) {
        const refused = await admin.post('/api/attributes', body);
        assert.equal(refused.status, 400, `${why}: ${JSON.stringify(refused.body)}`);
      }
      for (const [key, type] of [
        ['seats', 'number'],
        ['renewal', 'date'],
        ['vip', 'checkbox'],
      ] as const) {
        assert.equal((await admin.post('/api/attributes', { applies_to: 'conversation', key, label_en: key, type })).status, 201);
      }
      const listed = await olga.get('/api/attributes?applies_to=conversation');
      assert.equal(listed.status, 200);
      assert.deepEqual(
        listed.body.results.map((row: any) => row.key),
        ['plan', 'seats', 'renewal', 'vip'],
      );
      const renamed = await admin.patch(`/api/attributes/${plan.body.id}`, { label_en: 'Tariff', options: ['basic', 'gold', 'platinum'] });
      assert.equal(renamed.status, 200);
      assert.equal(renamed.body.label_en, 'Tariff');
      assert.equal((await admin.patch(`/api/attributes/${plan.body.id}`, { type: 'text' })).status, 400, 'the type stays');
      assert.equal((await admin.patch(`/api/attributes/${city.body.id}`, { options: ['a'] })).status, 422, 'only a list has options');
      assert.equal((await admin.patch(`/api/attributes/${city.body.id}`, { label_ru: '' })).status, 422, 'one label stays');
      assert.equal((await olga.patch(`/api/attributes/${plan.body.id}`, { label_en: 'x' })).status, 403);
      assert.equal((await admin.delete('/api/attributes/999999')).status, 404);
    });

    test('values: precise 422s, nothing half-written, only on conversations one may see; a realtime update', async () => {
      const chat = await chatOf('Attribute Anna', 'attributes hello');
      assert.equal((await admin.post(`/api/chats/${chat.id}/assign`, { operator_id: olgaId })).status, 200);
      const socket = await connectSocket(server.url, {
        token: (await createApiClient(server.url).post('/api/api-token-auth/', testAdmin)).body.token,
      });
      const path = `/api/chats/${chat.id}/attributes`;
      for (const [values, status, code] of [
        [{ colour: 'red' }, 422, 'unknown_attribute'],
        [{ seats: '12' }, 422, 'attribute_type_mismatch'],
        [{ renewal: '2030-02-30' }, 422, 'attribute_type_mismatch'],
        [{ vip: 'yes' }, 422, 'attribute_type_mismatch'],
        [{ plan: 'silver' }, 422, 'attribute_option_invalid'],
        // A good value beside a bad one is not written either.
        [{ seats: 3, plan: 'silver' }, 422, 'attribute_option_invalid'],
      ] as const) {
        const refused = await olga.patch(path, { values });
        assert.equal(refused.status, status, JSON.stringify(refused.body));
        assert.equal(refused.body.error.code, code);
      }
      assert.deepEqual((await admin.get(`/api/chats/${chat.id}`)).body.attributes, {});
      assert.equal((await ivan.patch(path, { values: { seats: 1 } })).status, 404, 'not his conversation');
      const saved = await olga.patch(path, { values: { plan: 'gold', seats: 12, renewal: '2030-03-01', vip: true } });
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      assert.deepEqual(saved.body.attributes, { plan: 'gold', seats: 12, renewal: '2030-03-01', vip: true });
      const frame = await socket.waitFor(
        (item: any) => item.type === 'chat_updated' && item.chat.id === chat.id && item.chat.attributes?.plan,
      );
      assert.equal(frame.chat.attributes.seats, 12);
      await socket.close();
      const removed = await olga.patch(path, { values: { seats: null, vip: false } });
      assert.deepEqual(removed.body.attributes, { plan: 'gold', renewal: '2030-03-01', vip: false });

      const contactPath = `/api/contacts/${chat.contact.id}/attributes`;
      assert.equal((await ivan.patch(contactPath, { values: { city: 'Almaty' } })).status, 404);
      assert.equal((await olga.patch(contactPath, { values: { plan: 'gold' } })).body.error.code, 'unknown_attribute');
      assert.deepEqual((await olga.patch(contactPath, { values: { city: '  Almaty ' } })).body.attributes, { city: 'Almaty' });
      assert.deepEqual((await olga.get(`/api/chats/${chat.id}`)).body.contact.attributes, { city: 'Almaty' });
    });

    test('the list filters by one attribute; an unknown one or a value its type never holds is a 422', async () => {
      const other = await chatOf('Attribute Boris', 'attributes other');
      assert.equal((await admin.patch(`/api/chats/${other.id}/attributes`, { values: { plan: 'basic', seats: 2 } })).status, 200);
      const ids = async (query: string) => {
        const page = await admin.get(`/api/chats?status=open&${query}`);
        assert.equal(page.status, 200, JSON.stringify(page.body));
        return page.body.results.map((row: any) => row.contact?.first_name).sort();
      };
      assert.deepEqual(await ids('attribute=conversation.plan&attribute_value=gold'), ['Attribute Anna']);
      assert.deepEqual(await ids('attribute=conversation.plan&attribute_value=BASIC'), ['Attribute Boris'], 'ignoring case');
      assert.deepEqual(await ids('attribute=conversation.seats&attribute_value=2'), ['Attribute Boris']);
      assert.deepEqual(await ids('attribute=conversation.renewal&attribute_value=2030-03-01'), ['Attribute Anna']);
      assert.deepEqual(await ids('attribute=contact.city&attribute_value=almaty'), ['Attribute Anna']);
      assert.deepEqual(await ids('attribute=conversation.vip&attribute_value=false'), ['Attribute Anna', 'Attribute Boris']);
      assert.equal((await admin.get('/api/chats?attribute=conversation.colour&attribute_value=red')).body.error.code, 'unknown_attribute');
      assert.equal(
        (await admin.get('/api/chats?attribute=conversation.seats&attribute_value=many')).body.error.code,
        'attribute_type_mismatch',
      );
      assert.equal((await admin.get('/api/chats?attribute=plan&attribute_value=gold')).status, 400, 'the target is part of the name');
      // An operator's filter never widens what they see.
      const olgas = await olga.get('/api/chats?status=open&attribute=conversation.plan&attribute_value=basic');
      assert.deepEqual(olgas.body.results, []);
    });

    test('saved answers use attributes as variables; removing a definition removes its values', async () => {
      const chat = (await admin.get('/api/chats?attribute=conversation.plan&attribute_value=gold')).body.results[0];
      const typo = await olga.post('/api/canned-responses', { shortcut: 'typo', text: 'Plan {{conversation.attributes.tier}}' });
      assert.equal(typo.status, 422);
      assert.equal(typo.body.error.code, 'unknown_variable');
      const answer = await olga.post('/api/canned-responses', {
        shortcut: 'plan',
        text: '{{contact.name}} from {{contact.attributes.city}}: {{conversation.attributes.plan}}, renewal {{conversation.attributes.renewal}}.',
      });
      assert.equal(answer.status, 201, JSON.stringify(answer.body));
      const filled = (await olga.get(`/api/canned-responses?chat_id=${chat.id}`)).body.results.find((row: any) => row.shortcut === 'plan');
      assert.equal(filled.rendered, 'Attribute Anna from Almaty: gold, renewal 2030-03-01.');

      const definitions = (await admin.get('/api/attributes')).body.results;
      const city = definitions.find((row: any) => row.key === 'city');
      assert.equal((await olga.delete(`/api/attributes/${city.id}`)).status, 403);
      assert.equal((await admin.delete(`/api/attributes/${city.id}`)).status, 204);
      assert.deepEqual((await admin.get(`/api/chats/${chat.id}`)).body.contact.attributes, {});
      const after = (await olga.get(`/api/canned-responses?chat_id=${chat.id}`)).body.results.find((row: any) => row.shortcut === 'plan');
      assert.equal(after.rendered, 'Attribute Anna from : gold, renewal 2030-03-01.');
    });
  });
}
