import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildWebhookForm, startFakeAmocrm, type FakeAmocrm } from './index.ts';
import { startReceiver } from './test-support.ts';

describe('webhooks as AmoCRM sends them', () => {
  let fake: FakeAmocrm;
  let leadId: number;
  let contactId: number;
  let addressFieldId: number;
  before(async () => {
    fake = await startFakeAmocrm({ subdomain: 'okna', accountId: 29_085_955 });
    addressFieldId = fake.control.seedCustomField({ entity: 'leads', name: 'Адрес', type: 'text' }).id;
    contactId = fake.control.seedContact({ name: 'Анна', phones: ['+77011234567'] }).id;
    leadId = fake.control.seedLead({
      name: 'Замер',
      contacts: [contactId],
      custom_fields_values: [{ field_id: addressFieldId, values: [{ value: 'Абая 10' }] }],
    }).id;
  });
  after(() => fake.stop());

  test('leads[add] carries id, status_id, pipeline_id, responsible_user_id and nested custom_fields; later bodies end with account id and link', () => {
    const body = fake.control.buildWebhook({ events: { leads: { add: [fake.control.leadEvent({ id: leadId })] } }, account: 'full' });
    assert.match(body, /^leads%5Badd%5D%5B0%5D%5Bid%5D=/, 'brackets percent-encoded, as PHP http_build_query does');
    const form = new URLSearchParams(body);
    const lead = fake.control.lead(leadId)!;
    assert.equal(form.get('leads[add][0][id]'), String(leadId));
    assert.equal(form.get('leads[add][0][status_id]'), String(lead.status_id));
    assert.equal(form.get('leads[add][0][pipeline_id]'), String(lead.pipeline_id));
    assert.equal(form.get('leads[add][0][responsible_user_id]'), String(lead.responsible_user_id));
    assert.equal(form.get('leads[add][0][custom_fields][0][id]'), String(addressFieldId));
    assert.equal(form.get('leads[add][0][custom_fields][0][name]'), 'Адрес');
    assert.equal(form.get('leads[add][0][custom_fields][0][values][0][value]'), 'Абая 10');
    const keys = [...form.keys()];
    assert.deepEqual(keys.slice(-3), ['account[subdomain]', 'account[id]', 'account[_links][self]']);
    assert.equal(form.get('account[subdomain]'), 'okna');
    assert.equal(form.get('account[id]'), '29085955');
    assert.equal(form.get('account[_links][self]'), 'https://okna.amocrm.ru');
    assert.deepEqual(
      keys
        .filter((key) => key.startsWith('leads[add][0]') && !key.includes('custom_fields'))
        .map((key) => key.slice('leads[add][0]'.length)),
      [
        '[id]',
        '[name]',
        '[status_id]',
        '[price]',
        '[responsible_user_id]',
        '[last_modified]',
        '[modified_user_id]',
        '[created_user_id]',
        '[date_create]',
        '[pipeline_id]',
        '[account_id]',
        '[created_at]',
        '[updated_at]',
      ],
      'the field order of real bodies',
    );
  });

  test('current bodies (the default) start with account[subdomain], account[id], account[_links][self]', () => {
    const body = fake.control.buildWebhook({ events: { leads: { add: [fake.control.leadEvent({ id: leadId })] } } });
    assert.match(
      body,
      /^account%5Bsubdomain%5D=okna&account%5Bid%5D=29085955&account%5B_links%5D%5Bself%5D=https%3A%2F%2Fokna\.amocrm\.ru&leads%5Badd%5D/,
    );
  });

  test('date custom fields send the bare timestamp as values[0]', () => {
    const dateField = fake.control.seedCustomField({ entity: 'leads', name: 'Дата замера', type: 'date' });
    const dated = fake.control.seedLead({ custom_fields_values: [{ field_id: dateField.id, values: [{ value: 1_767_225_600 }] }] });
    const form = new URLSearchParams(
      fake.control.buildWebhook({ events: { leads: { update: [fake.control.leadEvent({ id: dated.id })] } } }),
    );
    assert.equal(form.get('leads[update][0][custom_fields][0][values][0]'), '1767225600');
    assert.equal(form.get('leads[update][0][custom_fields][0][values][0][value]'), null);
  });

  test('older bodies end with account[subdomain] only', () => {
    const body = fake.control.buildWebhook({
      events: { leads: { update: [fake.control.leadEvent({ id: leadId })] } },
      account: 'subdomain-only',
    });
    const keys = [...new URLSearchParams(body).keys()];
    assert.equal(keys.at(-1), 'account[subdomain]');
    assert.ok(!keys.includes('account[id]'));
    assert.ok(keys.includes('leads[update][0][id]'));
  });

  test('status, responsible, delete and contacts[add] events; several entities in one body', () => {
    const pipeline = fake.control.pipelines()[0]!;
    const { before: was } = fake.control.updateLead({ id: leadId, status_id: pipeline.statuses[2]!.id });
    const status = fake.control.leadEvent({ id: leadId, extra: { old_status_id: was.status_id, old_pipeline_id: was.pipeline_id } });
    const other = fake.control.seedLead({ name: 'Second' });
    const form = new URLSearchParams(
      fake.control.buildWebhook({
        events: {
          leads: {
            status: [status, fake.control.leadEvent({ id: other.id, extra: { old_status_id: 1 } })],
            responsible: [fake.control.leadEvent({ id: leadId, extra: { old_responsible_user_id: 1 } })],
            delete: [fake.control.deletedLeadEvent({ id: other.id })],
          },
          contacts: { add: [fake.control.contactEvent({ id: contactId })] },
        },
      }),
    );
    assert.equal(form.get('leads[status][0][old_status_id]'), String(was.status_id));
    const statusKeys = [...form.keys()].filter((key) => key.startsWith('leads[status][0]'));
    assert.equal(
      statusKeys.indexOf('leads[status][0][old_status_id]'),
      statusKeys.indexOf('leads[status][0][status_id]') + 1,
      'old_status_id follows status_id',
    );
    assert.equal(form.get('leads[status][0][status_id]'), String(pipeline.statuses[2]!.id));
    assert.equal(form.get('leads[status][1][id]'), String(other.id));
    assert.equal(form.get('leads[responsible][0][old_responsible_user_id]'), '1');
    assert.deepEqual(
      [...form.keys()].filter((key) => key.startsWith('leads[delete]')),
      ['leads[delete][0][id]', 'leads[delete][0][status_id]', 'leads[delete][0][pipeline_id]'],
    );
    assert.equal(form.get('contacts[add][0][custom_fields][0][code]'), 'PHONE');
    const phoneKeys = [...form.keys()].filter((key) => key.startsWith('contacts[add][0][custom_fields][0]'));
    assert.equal(phoneKeys.at(-1), 'contacts[add][0][custom_fields][0][code]', 'code comes after values');
    assert.equal(form.get('contacts[add][0][custom_fields][0][values][0][value]'), '+77011234567');
    assert.match(form.get('contacts[add][0][custom_fields][0][values][0][enum]') ?? '', /^\d+$/);
  });

  test('buildWebhookForm drops nulls and writes booleans as 1/0, as http_build_query does', () => {
    const world = { account: { subdomain: 's', id: 1 } } as Parameters<typeof buildWebhookForm>[1];
    const body = buildWebhookForm({ leads: { update: [{ id: 5, closed_at: null, is_deleted: false }] } }, world, 'subdomain-only');
    assert.equal(body.split('&').at(-1), 'account%5Bsubdomain%5D=s', 'the oldest bodies end with the subdomain alone');
    assert.equal(decodeURIComponent(body), 'leads[update][0][id]=5&leads[update][0][is_deleted]=0&account[subdomain]=s');
  });

  test('sendWebhook POSTs form-encoded with ?secret=, or a header, and reports the answer', async () => {
    const receiver = await startReceiver();
    try {
      const events = { leads: { add: [fake.control.leadEvent({ id: leadId })] } };
      const viaQuery = await fake.control.sendWebhook({ url: receiver.url, events, secret: 's3cr3t' });
      assert.equal(viaQuery.status, 200);
      assert.equal(viaQuery.ok, true);
      const [first] = receiver.received;
      assert.equal(first!.url, '/webhook/amocrm?secret=s3cr3t');
      assert.equal(first!.headers['content-type'], 'application/x-www-form-urlencoded');
      assert.equal(first!.headers['user-agent'], 'amoCRM-Webhooks/3.0');
      assert.match(String(first!.headers['x-amocrm-requestid']), /^[0-9a-f-]{36}$/);
      assert.equal(new URLSearchParams(first!.body).get('leads[add][0][id]'), String(leadId));

      await fake.control.sendWebhook({ url: receiver.url, events, secret: 'h3ad3r', secretIn: 'header' });
      assert.equal(receiver.received[1]!.url, '/webhook/amocrm');
      assert.equal(receiver.received[1]!.headers['x-webhook-secret'], 'h3ad3r');
      await fake.control.sendWebhook({ url: receiver.url, body: 'leads[add' });
      assert.equal(receiver.received[2]!.body, 'leads[add', 'raw bodies pass through for malformed-input tests');
      assert.equal(fake.control.webhookDeliveries().length, 3);
    } finally {
      await receiver.close();
    }
  });

  test('an answer slower than 2 seconds is a failed delivery (timeout), a 500 a failed one', async () => {
    const slow = await startReceiver({ delayMs: 400 });
    const failing = await startReceiver({ status: 500 });
    try {
      const timedOut = await fake.control.sendWebhook({ url: slow.url, events: {}, timeoutMs: 100 });
      assert.equal(timedOut.ok, false);
      assert.equal(timedOut.error, 'timeout');
      const refused = await fake.control.sendWebhook({ url: failing.url, events: {} });
      assert.equal(refused.status, 500);
      assert.equal(refused.ok, false);
    } finally {
      await slow.close();
      await failing.close();
    }
  });
});
