// The whole login of a personal account over HTTP, with mtcute's real client
// on the Telegram network stub: every code type, resend by next_type, the
// two-step password (real SRP), and every error an operator can meet.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { signInWithToken, type ApiClient } from '../../testing/api-client.ts';
import { testAdmin, testEngines } from '../../testing/harness.ts';
import {
  createStubNetwork,
  startWithTelegramStub,
  testApiHash,
  testApiId,
  type StubbedServer,
} from '../../testing/telegram-user.fixture.ts';
import type { StubCodeType } from './telegram-network-stub.ts';

const body = (phone: string, extra: Record<string, unknown> = {}) => ({
  name: `Manager ${phone}`,
  account_type: 'user',
  phone_number: phone,
  api_id: testApiId,
  api_hash: testApiHash,
  ...extra,
});

for (const engine of testEngines()) {
  describe(`personal Telegram account login on ${engine}`, () => {
    const network = createStubNetwork();
    let started: StubbedServer;
    let admin: ApiClient;
    before(async () => {
      started = await startWithTelegramStub(engine, network);
      admin = await signInWithToken(started.server.url, testAdmin);
    });
    after(async () => {
      await started?.server.stop();
    });

    test('phone → code → password: the account becomes active with its Telegram identity; the session is encrypted at rest', async () => {
      network.addAccount({
        phone: '+79990000001',
        firstName: 'Olga',
        username: 'olga_sales',
        password: 'correct horse',
        codeTypes: ['app', 'sms'],
      });
      const created = await admin.post('/api/accounts', body('+7 999 000-00-01'));
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.status, 'created');
      assert.match(created.body.status_detail, /Not logged in/);
      assert.ok(!JSON.stringify(created.body).includes(testApiHash));

      const sent = await admin.post(`/api/accounts/${created.body.id}/authenticate`);
      assert.equal(sent.status, 200, JSON.stringify(sent.body));
      assert.equal(sent.body.status, 'authenticating');
      assert.equal(sent.body.login.step, 'code');
      assert.equal(sent.body.login.code_type, 'app');
      assert.equal(sent.body.login.next_type, 'sms');
      assert.match(sent.body.status_detail, /Telegram app/);

      const early = await admin.post(`/api/accounts/${created.body.id}/resend_code`);
      assert.equal(early.status, 429);
      assert.match(early.body.error.message, /ask again in \d+ s/);

      const wrong = await admin.post(`/api/accounts/${created.body.id}/verify_otp`, { otp_code: '00000' });
      assert.equal(wrong.status, 400);
      assert.equal(wrong.body.error.code, 'invalid_code');
      assert.match(wrong.body.error.message, /resend_code/);

      const passwordTooSoon = await admin.post(`/api/accounts/${created.body.id}/verify_password`, { password: 'x' });
      assert.equal(passwordTooSoon.status, 409);

      const code = await admin.post(`/api/accounts/${created.body.id}/verify_otp`, { otp_code: network.codeFor('+79990000001') });
      assert.equal(code.status, 200, JSON.stringify(code.body));
      assert.equal(code.body.login.step, 'password');
      assert.equal(code.body.status, 'authenticating');
      assert.match(code.body.status_detail, /password/);

      const badPassword = await admin.post(`/api/accounts/${created.body.id}/verify_password`, { password: 'wrong horse' });
      assert.equal(badPassword.status, 400);
      assert.equal(badPassword.body.error.code, 'wrong_password');

      const done = await admin.post(`/api/accounts/${created.body.id}/verify_password`, { password: 'correct horse' });
      assert.equal(done.status, 200, JSON.stringify(done.body));
      assert.equal(done.body.login.step, 'done');
      assert.equal(done.body.status, 'active');
      assert.equal(done.body.bot_username, 'olga_sales');
      assert.equal(done.body.bot_name, 'Olga');

      const db = started.server.switchboard.database.db as any;
      const row = await db.selectFrom('telegram_user_sessions').selectAll().where('channel_id', '=', created.body.id).executeTakeFirst();
      assert.ok(row.session_encrypted, 'the session is stored');
      assert.ok(!row.session_encrypted.includes('olga_sales') && !row.session_encrypted.includes('auth'), 'and only encrypted');
      assert.equal(row.login_encrypted, null, 'the finished login is forgotten');

      const removed = await admin.request('DELETE', `/api/accounts/${created.body.id}`);
      assert.equal(removed.status, 204);
      assert.ok(network.calls.includes('auth.logOut'), 'the session was ended at Telegram');
      assert.equal((await admin.get(`/api/accounts/${created.body.id}`)).status, 404);
    });

    test('every code type tells the person what to do; resend follows next_type and ends when Telegram has no other way', async () => {
      const expectations: Array<[StubCodeType, RegExp]> = [
        ['sms', /by SMS/],
        ['call', /calling/],
        ['flash_call', /hang up/],
        ['missed_call', /last digits are the code/],
        ['fragment', /fragment\.com/],
      ];
      // Telegram says how long to wait before a resend; this number's codes may be resent at once.
      network.resendTimeoutSeconds = 0;
      network.addAccount({ phone: '+79990000002', firstName: 'Ivan', codeTypes: expectations.map(([type]) => type) });
      const created = await admin.post('/api/accounts/authenticate/', body('+79990000002'));
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.login.code_type, 'sms');
      assert.equal(created.body.login.next_type, 'call');
      const id = created.body.id;
      assert.match(created.body.status_detail, expectations[0]![1]);
      for (const [type, pattern] of expectations.slice(1)) {
        const resent = await admin.post(`/api/accounts/${id}/resend_code`);
        assert.equal(resent.status, 200, JSON.stringify(resent.body));
        assert.equal(resent.body.login.code_type, type);
        assert.match(resent.body.status_detail, pattern);
      }
      const last = await admin.post(`/api/accounts/${id}/resend_code`);
      assert.equal(last.status, 422);
      assert.equal(last.body.error.code, 'code_unavailable');

      // E-mail codes are only ever the first way (Telegram offers no resend into them).
      for (const [phone, type, pattern] of [
        ['+79990000003', 'email', /login e-mail/],
        ['+79990000004', 'email_required', /Settings → Privacy and Security → Login e-mail/],
      ] as const) {
        network.addAccount({ phone, firstName: 'Mail', codeTypes: [type] });
        const started = await admin.post('/api/accounts/authenticate', body(phone));
        assert.equal(started.status, 201, JSON.stringify(started.body));
        assert.equal(started.body.login.code_type, type);
        assert.equal(started.body.login.next_type, 'none');
        assert.match(started.body.status_detail, pattern);
      }
    });

    test('every error says what happened and what to do next', async () => {
      const invalid = await admin.post('/api/accounts', body('+79990000010', { api_hash: 'not-a-hash' }));
      assert.equal(invalid.status, 400);
      assert.match(invalid.body.error.message, /api_hash is 32 hex characters/);

      network.addAccount({ phone: '+79990000010', firstName: 'Anna' });
      const wrongApp = await admin.post('/api/accounts', body('+79990000010', { api_hash: 'ffffffffffffffffffffffffffffffff' }));
      assert.equal(wrongApp.status, 201);
      const refused = await admin.post(`/api/accounts/${wrongApp.body.id}/authenticate`);
      assert.equal(refused.status, 422);
      assert.equal(refused.body.error.code, 'invalid_api_credentials');
      assert.match(refused.body.error.message, /my\.telegram\.org/);
      assert.equal((await admin.get(`/api/accounts/${wrongApp.body.id}`)).body.status, 'error');
      const fixed = await admin.patch(`/api/accounts/${wrongApp.body.id}`, {
        phone_number: '+79990000010',
        api_id: testApiId,
        api_hash: testApiHash,
      });
      assert.equal(fixed.status, 200, JSON.stringify(fixed.body));
      const id = wrongApp.body.id;

      network.failNext('auth.sendCode', 'FLOOD_WAIT_42');
      const flood = await admin.post(`/api/accounts/${id}/authenticate`);
      assert.equal(flood.status, 429);
      assert.equal(flood.body.error.code, 'flood_wait');
      assert.match(flood.body.error.message, /wait 42 seconds/);
      assert.equal(flood.headers.get('retry-after'), '42', 'the wait, for clients that show it in their own words');

      assert.equal((await admin.post(`/api/accounts/${id}/verify_otp`, { otp_code: '12345' })).body.error.code, 'code_not_sent');
      assert.equal((await admin.post(`/api/accounts/${id}/authenticate`)).status, 200);
      const notDigits = await admin.post(`/api/accounts/${id}/verify_otp`, { otp_code: 'abc' });
      assert.equal(notDigits.status, 400);
      assert.match(notDigits.body.error.message, /otp_code/);
      network.expireCodes('+79990000010');
      const expired = await admin.post(`/api/accounts/${id}/verify_otp`, { otp_code: network.codeFor('+79990000010') });
      assert.equal(expired.status, 400);
      assert.equal(expired.body.error.code, 'code_expired');
      assert.match(expired.body.error.message, /new one/);

      assert.equal((await admin.post(`/api/accounts/${id}/authenticate`)).status, 200);
      network.failNext('auth.signIn', 'USER_DEACTIVATED');
      const deactivated = await admin.post(`/api/accounts/${id}/verify_otp`, { otp_code: network.codeFor('+79990000010') });
      assert.equal(deactivated.status, 422);
      assert.equal(deactivated.body.error.code, 'phone_banned');
      assert.match(deactivated.body.error.message, /deleted/);
      assert.equal((await admin.get(`/api/accounts/${id}`)).body.status, 'error');

      network.addAccount({ phone: '+79990000011', firstName: 'Banned', banned: true });
      const banned = await admin.post('/api/accounts/authenticate', body('+79990000011'));
      assert.equal(banned.status, 422);
      assert.equal(banned.body.error.code, 'phone_banned');
      assert.match(banned.body.error.message, /banned this number/);
      const bannedRow = (await admin.get('/api/accounts')).body.results.find((account: any) => account.bot_name === '+79990000011');
      assert.equal(bannedRow.status, 'error');
      assert.match(bannedRow.status_detail, /banned/);

      const nobody = await admin.post('/api/accounts/authenticate', body('+79990000099'));
      assert.equal(nobody.status, 422);
      assert.equal(nobody.body.error.code, 'phone_unoccupied');

      const botLogin = await admin.post(`/api/accounts/${id}/authenticate`.replace(String(id), '999999'));
      assert.equal(botLogin.status, 404);
      assert.ok(!started.server.logs().some((line) => line.includes(testApiHash)), 'no api_hash in the logs');
    });
  });
}
