// The outside probe's findings against the real routes, on both engines: each was a 500 before.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { signInWithToken, type ApiClient } from '../../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../../testing/harness.ts';

for (const engine of testEngines()) {
  describe(`hostile input on ${engine}`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let clientId: number;

    before(async () => {
      server = await startTestServer(engine);
      admin = await signInWithToken(server.url, testAdmin);
      const client = await admin.post('/api/clients', { name: 'Hostile Input Ltd', email: 'hostile@example.com' });
      assert.equal(client.status, 201, JSON.stringify(client.body));
      clientId = client.body.id;
      for (const subject of ['first', 'second', 'third'])
        assert.equal((await admin.post('/api/tickets', { subject, client_id: clientId })).status, 201);
    });
    after(() => server.stop());

    const assertClientError = async (response: Promise<{ status: number; body: any }>, status: number, code?: string) => {
      const { status: got, body } = await response;
      assert.equal(got, status, JSON.stringify(body));
      if (code) assert.equal(body.error.code, code);
      assert.ok(body.error.message.length > 10);
    };

    test('NUL in a search or a filter is a 400, not a database error', async () => {
      await assertClientError(admin.get('/api/search?q=%00'), 400, 'invalid_input');
      await assertClientError(admin.get('/api/search?q=abc%00def'), 400, 'invalid_input');
      await assertClientError(admin.get('/api/chats?q=%00'), 400, 'invalid_input');
      await assertClientError(admin.get('/api/contacts?q=%00'), 400, 'invalid_input');
      await assertClientError(admin.post('/api/tickets', { subject: 'a\u0000b', client_id: clientId }), 400, 'invalid_input');
    });

    test('crafted, truncated and tampered cursors are 400 invalid_cursor on every paged route', async () => {
      const page = await admin.get('/api/tickets?limit=1');
      assert.equal(page.status, 200);
      const cursor: string = page.body.next_cursor;
      assert.ok(cursor);
      assert.equal((await admin.get(`/api/tickets?limit=1&cursor=${cursor}`)).body.results[0].subject, 'second');
      const crafted = [
        cursor.slice(0, -2),
        cursor.slice(0, cursor.indexOf('.')),
        Buffer.from('99999999999999999999').toString('base64url'),
        Buffer.from('{"at":"x","id":1}').toString('base64url'),
        'bm90IGpzb24',
        `${cursor}x`,
      ];
      for (const path of [
        '/api/tickets',
        '/api/invoices',
        '/api/clients',
        '/api/notifications/queue',
        '/api/chats',
        '/api/messages/',
        '/api/contacts',
      ]) {
        for (const bad of crafted) await assertClientError(admin.get(`${path}?cursor=${encodeURIComponent(bad)}`), 400, 'invalid_cursor');
      }
      // A cursor of one list is signed, but it is not another list's position.
      await assertClientError(admin.get(`/api/chats?cursor=${cursor}`), 400, 'invalid_cursor');
    });

    test('ids past the integer range are 400s', async () => {
      for (const path of [
        '/api/chats/2147483648',
        '/api/contacts/99999999999',
        '/api/tickets/2147483648',
        '/api/invoices/9223372036854775808',
        '/api/media/1e30',
        '/api/messages/by_chat?chat_id=2147483648',
      ]) {
        await assertClientError(admin.get(path), 400, 'invalid_input');
      }
      await assertClientError(admin.post('/api/chats/1/assign', { operator_id: 2147483648 }), 400, 'invalid_input');
    });

    test('huge or fractional invoice amounts are refused with a reason', async () => {
      const invoice = (line: Record<string, unknown>) =>
        admin.post('/api/invoices', { client_id: clientId, lines: [{ description: 'Work', quantity: 1, unit_price: 1, ...line }] });
      await assertClientError(invoice({ unit_price: 0.001 }), 400, 'invalid_input');
      await assertClientError(invoice({ unit_price: 1e300 }), 400, 'invalid_input');
      await assertClientError(invoice({ quantity: 0.0001 }), 400, 'invalid_input');
      await assertClientError(invoice({ unit_price: 999_999_999_999.99, quantity: 1_000_000 }), 422, 'amount_too_large');
      const many = await admin.post('/api/invoices', {
        client_id: clientId,
        lines: Array.from({ length: 200 }, () => ({ description: 'Big', quantity: 1, unit_price: 999_999_999_999.99 })),
      });
      assert.equal(many.status, 422);
      const fine = await invoice({ unit_price: 12.34, quantity: 2.5 });
      assert.equal(fine.status, 201, JSON.stringify(fine.body));
      assert.equal(fine.body.amount_minor, 3085);
    });

    test('ticket attachments keep only http(s), mailto and tg links', async () => {
      const ticket = (await admin.get('/api/tickets?limit=1')).body.results[0];
      const comment = (url: string) =>
        admin.post(`/api/tickets/${ticket.id}/comments`, { body: 'see attached', attachments: [{ file_name: 'file.pdf', url }] });
      for (const url of [
        'javascript:alert(document.cookie)',
        'JaVaScRiPt:alert(1)',
        'data:text/html,<script>alert(1)</script>',
        'vbscript:msgbox',
        'file:///etc/passwd',
      ]) {
        await assertClientError(comment(url), 400, 'invalid_input');
      }
      for (const url of ['https://example.com/file.pdf', 'mailto:help@example.com', 'tg://resolve?domain=shop_bot'])
        assert.equal((await comment(url)).status, 201, url);
    });

    test('names and file names are served without bidirectional controls', async () => {
      const spoof = await admin.post('/api/clients', { name: 'Eve \u202Efdp.exe\u202C Hacker', email: 'eve@example.com' });
      assert.equal(spoof.status, 201);
      assert.equal((await admin.get(`/api/contacts/${spoof.body.id}`)).body.display_name, 'Eve fdp.exe Hacker');
      const ticket = await admin.post('/api/tickets', { subject: 'spoof', client_id: spoof.body.id });
      assert.equal(ticket.body.client_name, 'Eve fdp.exe Hacker');
      const comment = await admin.post(`/api/tickets/${ticket.body.id}/comments`, {
        body: 'file',
        attachments: [{ file_name: 'invoice\u202Efdp.exe', url: 'https://example.com/x' }],
      });
      assert.equal(comment.status, 201);
      assert.equal(comment.body.attachments[0].file_name, 'invoicefdp.exe');
    });

    test('no request above logged an error', () => {
      const errors = server.logs().filter((line) => JSON.parse(line).level >= 50);
      assert.deepEqual(errors, []);
    });
  });
}
