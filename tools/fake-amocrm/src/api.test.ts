import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { WON_STATUS_ID, startFakeAmocrm, type FakeAmocrm } from './index.ts';
import { call } from './test-support.ts';

describe('API v4 reads and writes', () => {
  let fake: FakeAmocrm;
  let token: string;
  let addressFieldId: number;
  let leadId: number;
  before(async () => {
    fake = await startFakeAmocrm({ subdomain: 'windows' });
    fake.control.setRateLimits({ perIntegration: 1000, perAccount: 1000 }); // this suite is about shapes, not limits
    token = fake.control.issueTokens().access_token;
    addressFieldId = fake.control.seedCustomField({ entity: 'leads', name: 'Адрес замера', type: 'text' }).id;
    const ann = fake.control.seedContact({
      name: 'Анна Иванова',
      phones: [{ value: '+77011234567', enum_code: 'MOB' }, '+77272000000'],
      emails: ['ann@example.kz'],
    });
    const bob = fake.control.seedContact({ name: 'Bob' });
    leadId = fake.control.seedLead({
      name: 'Окна, 3 шт',
      price: 250_000,
      contacts: [bob.id, { id: ann.id, is_main: true }],
      custom_fields_values: [{ field_id: addressFieldId, values: [{ value: 'Алматы, Абая 10, кв 5' }] }],
    }).id;
  });
  after(() => fake.stop());

  test('GET /api/v4/leads/{id}?with=contacts embeds the contacts with is_main, in HAL', async () => {
    const answer = await call(fake, 'GET', `/api/v4/leads/${leadId}?with=contacts`, { token });
    assert.equal(answer.status, 200);
    assert.equal(answer.contentType, 'application/hal+json; charset=utf-8');
    const lead = answer.body;
    assert.equal(lead.id, leadId);
    assert.equal(lead.name, 'Окна, 3 шт');
    assert.equal(lead.price, 250_000);
    assert.equal(lead._links.self.href, `${fake.url}/api/v4/leads/${leadId}`);
    const main = lead._embedded.contacts.find((contact: any) => contact.is_main);
    assert.equal(lead._embedded.contacts.length, 2);
    assert.equal(main._links.self.href, `${fake.url}/api/v4/contacts/${main.id}`);
    assert.deepEqual(lead.custom_fields_values, [
      {
        field_id: addressFieldId,
        field_name: 'Адрес замера',
        field_code: null,
        field_type: 'text',
        values: [{ value: 'Алматы, Абая 10, кв 5' }],
      },
    ]);
    const without = await call(fake, 'GET', `/api/v4/leads/${leadId}`, { token });
    assert.equal(without.body._embedded.contacts, undefined, 'contacts only with ?with=contacts');
  });

  test('GET /api/v4/contacts/{id} carries PHONE and EMAIL with enum codes', async () => {
    const lead = (await call(fake, 'GET', `/api/v4/leads/${leadId}?with=contacts`, { token })).body;
    const mainId = lead._embedded.contacts.find((contact: any) => contact.is_main).id;
    const contact = (await call(fake, 'GET', `/api/v4/contacts/${mainId}`, { token })).body;
    assert.equal(contact.name, 'Анна Иванова');
    assert.equal(contact.first_name, 'Анна');
    const phone = contact.custom_fields_values.find((field: any) => field.field_code === 'PHONE');
    assert.equal(phone.field_type, 'multitext');
    assert.deepEqual(
      phone.values.map((value: any) => [value.value, value.enum_code, typeof value.enum_id]),
      [
        ['+77011234567', 'MOB', 'number'],
        ['+77272000000', 'WORK', 'number'],
      ],
    );
    assert.equal(contact.custom_fields_values.find((field: any) => field.field_code === 'EMAIL').values[0].value, 'ann@example.kz');
  });

  test('a missing lead or contact answers 204 with no body', async () => {
    const lead = await call(fake, 'GET', '/api/v4/leads/999', { token });
    assert.equal(lead.status, 204);
    assert.equal(lead.body, null);
    assert.equal((await call(fake, 'GET', '/api/v4/contacts/999', { token })).status, 204);
    fake.control.deleteLead(fake.control.seedLead({ name: 'gone' }).id);
    assert.equal((await call(fake, 'GET', '/api/v4/leads?filter[id]=999', { token })).status, 204, 'an empty list is 204 too');
  });

  test('GET /api/v4/leads filters by id and pages with _links.next', async () => {
    const extra = [1, 2, 3].map((n) => fake.control.seedLead({ name: `Lead ${n}` }).id);
    const filtered = await call(fake, 'GET', `/api/v4/leads?filter[id][]=${extra[0]}&filter[id][]=${extra[2]}&with=contacts`, { token });
    assert.equal(filtered.status, 200);
    assert.deepEqual(
      filtered.body._embedded.leads.map((lead: any) => lead.id),
      [extra[0], extra[2]],
    );
    assert.equal(filtered.body._page, 1);
    const paged = await call(fake, 'GET', '/api/v4/leads?limit=2', { token });
    assert.equal(paged.body._embedded.leads.length, 2);
    const next = new URL(paged.body._links.next.href);
    assert.equal(next.searchParams.get('page'), '2');
    assert.equal(next.searchParams.get('limit'), '2');
  });

  test('pipelines embed their statuses, 142 and 143 included; account and users answer', async () => {
    const answer = await call(fake, 'GET', '/api/v4/leads/pipelines', { token });
    const [pipeline] = answer.body._embedded.pipelines;
    assert.equal(answer.body._total_items, 1);
    assert.equal(pipeline.is_main, true);
    const statuses = pipeline._embedded.statuses;
    assert.equal(statuses[0].type, 1, 'the unsorted stage comes first');
    assert.ok(statuses.some((status: any) => status.id === 142) && statuses.some((status: any) => status.id === 143));
    const account = (await call(fake, 'GET', '/api/v4/account', { token })).body;
    assert.equal(account.subdomain, 'windows');
    const missing = await call(fake, 'GET', '/api/v4/leads/pipelines/1', { token });
    assert.deepEqual(missing.body, { title: 'Not Found', type: 'https://httpstatus.es/404', status: 404, detail: 'Pipeline not found' });
    const users = (await call(fake, 'GET', '/api/v4/users', { token })).body;
    assert.equal(users._embedded.users[0].name, 'Admin');
  });

  test('PATCH /api/v4/leads moves a lead and answers ids with request_id; the write is recorded', async () => {
    const pipeline = fake.control.pipelines()[0]!;
    const stage = pipeline.statuses[2]!;
    fake.control.clearRequests();
    const answer = await call(fake, 'PATCH', '/api/v4/leads', {
      token,
      body: [{ id: leadId, status_id: stage.id, pipeline_id: pipeline.id }],
    });
    assert.equal(answer.status, 200);
    assert.equal(answer.body._embedded.leads[0].id, leadId);
    assert.equal(answer.body._embedded.leads[0].request_id, '0');
    assert.equal(fake.control.lead(leadId)!.status_id, stage.id);
    const [recorded] = fake.control.requests({ method: 'PATCH' });
    assert.deepEqual(recorded!.body, [{ id: leadId, status_id: stage.id, pipeline_id: pipeline.id }]);
    assert.equal(recorded!.headers.authorization, `Bearer ${token}`);

    const single = await call(fake, 'PATCH', `/api/v4/leads/${leadId}`, { token, body: { status_id: WON_STATUS_ID } });
    assert.equal(single.status, 200);
    assert.equal(single.body.id, leadId);
    assert.equal(fake.control.lead(leadId)!.status_id, WON_STATUS_ID);
    assert.notEqual(fake.control.lead(leadId)!.closed_at, null, 'won closes the lead');
  });

  test('a status outside the pipeline or a missing lead is a 400 validation error; nothing changes', async () => {
    const before = fake.control.lead(leadId)!.status_id;
    const bad = await call(fake, 'PATCH', '/api/v4/leads', { token, body: [{ id: leadId, status_id: 1 }] });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.detail, 'Request validation failed');
    assert.deepEqual(bad.body['validation-errors'][0].errors[0].path, 'status_id');
    const missing = await call(fake, 'PATCH', '/api/v4/leads', {
      token,
      body: [
        { id: leadId, status_id: 143 },
        { id: 424242, status_id: 143 },
      ],
    });
    assert.equal(missing.status, 400);
    assert.equal(missing.body['validation-errors'][0].request_id, '1');
    assert.equal(fake.control.lead(leadId)!.status_id, before, 'the batch is all or nothing');
  });

  test('notes: POST /api/v4/leads/notes and /api/v4/leads/{id}/notes (common, params.text)', async () => {
    const batch = await call(fake, 'POST', '/api/v4/leads/notes', {
      token,
      body: [{ entity_id: leadId, note_type: 'common', params: { text: 'Замер выполнен' } }],
    });
    assert.equal(batch.status, 200);
    assert.equal(batch.body._embedded.notes[0].entity_id, leadId);
    assert.equal(typeof batch.body._embedded.notes[0].id, 'number');
    const single = await call(fake, 'POST', `/api/v4/leads/${leadId}/notes`, {
      token,
      body: [{ note_type: 'common', params: { text: 'Второй' } }],
    });
    assert.equal(single.status, 200);
    assert.deepEqual(
      fake.control.notes({ leadId }).map((note) => note.params.text),
      ['Замер выполнен', 'Второй'],
    );
    const blank = await call(fake, 'POST', `/api/v4/leads/${leadId}/notes`, { token, body: [{ note_type: 'common', params: {} }] });
    assert.equal(blank.status, 400);
    assert.equal(blank.body['validation-errors'][0].errors[0].path, 'params.text');
    const listed = await call(fake, 'GET', `/api/v4/leads/${leadId}/notes`, { token });
    assert.equal(listed.body._embedded.notes.length, 2);
  });

  test('an unknown route is 404, a wrong method 405, over 250 per page 422, an empty write 400', async () => {
    const answer = await call(fake, 'GET', '/api/v4/unicorns', { token });
    assert.equal(answer.status, 404);
    assert.equal(answer.body.detail, `Cannot GET ${fake.url}/api/v4/unicorns`);
    const wrongMethod = await call(fake, 'DELETE', `/api/v4/leads/${leadId}`, { token });
    assert.deepEqual(wrongMethod.body, {
      title: 'Method Not Allowed',
      type: 'https://httpstatus.es/405',
      status: 405,
      detail: 'Method Not Allowed',
    });
    const tooMany = await call(fake, 'GET', '/api/v4/leads?limit=251', { token });
    assert.deepEqual(tooMany.body, {
      title: 'Unprocessable Entity',
      type: 'https://httpstatus.es/422',
      status: 422,
      detail: 'Limit 250 per page',
    });
    const empty = await call(fake, 'PATCH', '/api/v4/leads', { token, body: [] });
    assert.equal(empty.status, 400);
    assert.equal(empty.body.detail, 'Request data can not be empty');
  });
});
