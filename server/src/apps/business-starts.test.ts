// The shared declaration of messages apps start (issue 23): the setting refuses values a purpose does not name,
// the mark fills a declared template's variables in order (one line each, a dash for a missing value), an
// undeclared purpose is a programming error, the gap names accounts that need templates; and every app that
// starts messages (clinic, tickets, dispatch) declares its purposes and has the setting for them.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { z } from 'zod';
import { createBusinessStartsPort, messageTemplatesSetting, templatesGap, type DeclaredTemplates } from './business-starts.ts';
import { createClinicApp } from './clinic/index.ts';
import { createDispatchApp } from './dispatch/index.ts';
import { ticketsApp } from './tickets/index.ts';

const purposes = { notice: ['title', 'when'], ping: [] } as const;

describe('messages apps start: the shared declaration', () => {
  test('the setting takes a template per purpose with only the values it names', () => {
    const setting = messageTemplatesSetting(purposes);
    assert.deepEqual(setting.parse(undefined), {});
    assert.deepEqual(setting.parse({ notice: { name: 'new_notice', parameters: ['when', 'title'] } }), {
      notice: { name: 'new_notice', parameters: ['when', 'title'] },
    });
    assert.equal(setting.safeParse({ notice: { name: 'new_notice', parameters: ['doctor'] } }).success, false);
    assert.equal(setting.safeParse({ notice: { name: 'New Notice' } }).success, false, 'a name as Meta approves them');
    assert.equal(setting.safeParse({ ping: { name: 'ping', parameters: ['title'] } }).success, false, 'ping takes no values');
  });

  test('the mark fills the declared template in order, one line per value, a dash for a missing one', async () => {
    let declared: DeclaredTemplates = {};
    const port = createBusinessStartsPort({ app: 'demo', purposes, declared: async () => declared });
    assert.deepEqual(await port.mark('notice', 'ru', { title: 'X' }), { purpose: 'demo.notice' });
    declared = { notice: { name: 'new_notice', parameters: ['when', 'title'] } };
    assert.deepEqual(await port.mark('notice', 'kk', { title: 'Line one\n  line two', when: null }), {
      purpose: 'demo.notice',
      template: { name: 'new_notice', language: 'kk', variables: { header: [], body: ['—', 'Line one · line two'] } },
    });
    declared = { notice: { name: 'new_notice', language: 'en_US', parameters: ['title'] } };
    assert.equal((await port.mark('notice', 'ru', { title: 7 })).template?.language, 'en_US');
    await assert.rejects(port.mark('other', 'ru', {}), /declares no purpose “other”/);
  });

  test('the gap names the enabled accounts running the app that need templates, while a purpose has none', () => {
    const accounts = [
      { id: 1, name: 'Bot', kind: 'telegram', isEnabled: true, apps: null, businessInitiated: 'free' },
      { id: 2, name: 'Number', kind: 'whatsapp', isEnabled: true, apps: ['demo'], businessInitiated: 'template' },
      { id: 3, name: 'Other number', kind: 'whatsapp', isEnabled: true, apps: ['clinic'], businessInitiated: 'template' },
      { id: 4, name: 'Off', kind: 'whatsapp', isEnabled: false, apps: null, businessInitiated: 'template' },
    ];
    assert.deepEqual(templatesGap('demo', purposes, { ping: { name: 'ping', parameters: [] } }, accounts), {
      app: 'demo',
      purposes_without_template: ['notice'],
      accounts: [{ id: 2, name: 'Number', kind: 'whatsapp' }],
    });
    const all = { ping: { name: 'ping', parameters: [] }, notice: { name: 'n', parameters: [] } };
    assert.equal(templatesGap('demo', purposes, all, accounts), null);
    assert.equal(templatesGap('demo', purposes, {}, accounts.slice(0, 1)), null);
  });

  test('every app that starts messages declares its purposes and has the setting for them', () => {
    for (const definition of [createClinicApp(), createDispatchApp(), ticketsApp]) {
      const purposesOf = Object.keys(definition.businessStarts ?? {});
      assert.ok(purposesOf.length > 0, `${definition.name} declares businessStarts`);
      const shape = (definition.settings as unknown as z.ZodObject).shape;
      assert.ok(shape.message_templates, `${definition.name} has the message_templates setting`);
    }
  });
});
