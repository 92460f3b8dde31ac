// The business's details (issue 25): asked at setup, kept in one settings place, printed on every invoice.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { createApiClient, type ApiClient } from './testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from './testing/harness.ts';

const png = `data:image/png;base64,${'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII='}`;
const details = {
  name: 'ТОО «Алма Сервис»',
  tax_number: '123456789012',
  address: 'Алматы, пр. Абая 10, офис 5',
  bank_name: 'Halyk Bank',
  bank_code: 'HSBKKZKX',
  account: 'KZ12601A871001726091',
  logo: png,
};

function pdfText(pdf: Buffer): string {
  const extracted = spawnSync('pdftotext', ['-layout', '-', '-'], { input: pdf, encoding: 'utf8' });
  assert.equal(extracted.status, 0, `pdftotext (Debian: poppler-utils) failed: ${extracted.stderr ?? extracted.error}`);
  return extracted.stdout;
}

for (const engine of testEngines()) {
  describe(`business details on ${engine}`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let token: string;
    before(async () => {
      server = await startTestServer(engine);
      token = (await createApiClient(server.url).post('/api/api-token-auth/', testAdmin)).body.token;
      admin = createApiClient(server.url, { token });
    });
    after(async () => {
      await server.stop();
    });

    const invoicePdf = async (lang: string) => {
      const client = await admin.post('/api/clients', { name: 'Покупатель Один' });
      assert.equal(client.status, 201, JSON.stringify(client.body));
      const invoice = await admin.post('/api/invoices', {
        client_id: client.body.id,
        currency: 'kzt',
        lines: [{ description: 'Консультация', quantity: 1, unit_price: 5000 }],
      });
      assert.equal(invoice.status, 201, JSON.stringify(invoice.body));
      const response = await fetch(`${server.url}/api/invoices/${invoice.body.id}/pdf?lang=${lang}`, {
        headers: { authorization: `Token ${token}` },
      });
      assert.equal(response.status, 200);
      return Buffer.from(await response.arrayBuffer());
    };

    test('the invoice prints the details from setup (name, tax number, address, bank, account, logo) instead of "Switchboard"', async () => {
      assert.match(pdfText(await invoicePdf('ru')), /Switchboard/, 'before any details, the old default');
      assert.deepEqual((await admin.get('/api/settings/business')).body, {
        name: '',
        tax_number: '',
        address: '',
        bank_name: '',
        bank_code: '',
        account: '',
        logo: null,
      });

      const saved = await admin.put('/api/settings/business', details);
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      assert.deepEqual((await admin.get('/api/settings/business')).body, details);

      const ru = await invoicePdf('ru');
      const text = pdfText(ru);
      for (const expected of [
        'ТОО «Алма Сервис»',
        'БИН/ИИН: 123456789012',
        'Алматы, пр. Абая 10, офис 5',
        'Банк: Halyk Bank, БИК: HSBKKZKX',
        'Счёт (IBAN): KZ12601A871001726091',
      ])
        assert.ok(text.includes(expected), `the PDF has "${expected}":\n${text}`);
      assert.doesNotMatch(text, /Switchboard/);
      assert.match(ru.toString('latin1'), /\/Subtype \/Image/, 'the logo is in the PDF');
      assert.ok(pdfText(await invoicePdf('en')).includes('Tax number (BIN): 123456789012'));

      // A partial change keeps the rest; an empty logo removes it.
      assert.equal((await admin.put('/api/settings/business', { logo: null })).status, 200);
      assert.equal((await admin.get('/api/settings/business')).body.name, details.name);
      assert.doesNotMatch((await invoicePdf('ru')).toString('latin1'), /\/Subtype \/Image/);
    });

    test('bad details are refused with what to fix, and nothing is half-written', async () => {
      const before = (await admin.get('/api/settings/business')).body;
      const cases: Array<[Record<string, unknown>, RegExp]> = [
        [{ tax_number: '<script>1</script>' }, /tax number has letters, digits/],
        [{ logo: 'https://example.com/logo.png' }, /PNG or JPEG image/],
        [{ logo: `data:image/png;base64,${Buffer.from('GIF89a-not-a-png').toString('base64')}` }, /not a PNG or JPEG image inside/],
        [{ logo: `data:image/png;base64,${'A'.repeat(400_000)}` }, /at most 256 KB/],
        [{ name: 'x'.repeat(201) }, /at most 200 characters/],
        [{ name: 'New name', colour: 'red' }, /colour/],
      ];
      for (const [body, message] of cases) {
        const refused = await admin.put('/api/settings/business', body);
        assert.equal(refused.status, 400, JSON.stringify(body).slice(0, 80));
        assert.match(refused.body.error.message, message);
      }
      assert.deepEqual((await admin.get('/api/settings/business')).body, before);
    });
  });
}
