import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import { sql } from 'kysely';
import { signInWithToken, type ApiClient } from '../../testing/api-client.ts';
import { startFakePaymentProvider, type FakePaymentProvider } from '../../testing/fake-payment-provider.fixture.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../../testing/harness.ts';
import { eventually } from '../../testing/ws-client.ts';
import { botSays, buttons, importClinic } from './clinic.fixture.ts';
import { makeIin } from './iin.ts';
import { createClinicApp, type ClinicHandles } from './index.ts';
import type { Receipt } from './payment-providers/provider.ts';

// Monday 4 March 2030, 08:00 in Almaty (UTC+5).
const monday0800 = Date.parse('2030-03-04T03:00:00Z');
const therapist = 800_000; // 8 000 ₸ in tiyn

for (const engine of testEngines()) {
  describe(`clinic payments on ${engine}`, () => {
    let sim: Simulator;
    let server: TestServer;
    let admin: ApiClient;
    let provider: FakePaymentProvider;
    let token: string;
    let handles: ClinicHandles;
    let clockMs = monday0800;
    const clock = () => new Date(clockMs);
    const receipts: Receipt[] = [];
    let says: ReturnType<typeof botSays>;
    let user: { id: number; first_name: string };
    let serviceId: number;
    const secret = 'p'.repeat(40);
    const bearer = `Bearer ${secret}`;

    const call = (method: string, path: string, auth: string | undefined, body?: unknown, headers: Record<string, string> = {}) =>
      fetch(`${server.url}${path}`, {
        method,
        headers: {
          ...(auth ? { authorization: auth } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      }).then(async (response) => ({ status: response.status, body: (await response.json().catch(() => null)) as any }));
    const deliver = (signed: { body: string; signature: string }) =>
      call('POST', '/api/bot/payments/callback/', undefined, signed.body, { 'x-signature': signed.signature });
    const invoiceFor = async (amount?: number) => {
      const created = await call('POST', '/api/bot/payments/invoice/', bearer, {
        telegram_user_id: String(user.id),
        ...(amount ? { amount_minor: amount, description: 'Анализы' } : { service_id: serviceId }),
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      return created.body as { id: number; number: string; amount_minor: number };
    };
    /** Opens the "Payment" menu and presses the invoice's button. */
    const pressPay = async (number: string) => {
      sim.sendText(token, { from: user.id, text: '💳 Оплата' });
      const list = await says(user.id, /Счета к оплате/);
      const title = buttons(list).find((each) => each.startsWith(number));
      assert.ok(title, `${number} among ${buttons(list).join(' | ')}`);
      sim.pressButton(token, { from: user.id, message_id: list.message_id, text: title });
    };
    const checkoutAnswer = async (payload: string, total: number, from = user.id) => {
      const before = sim.preCheckoutAnswers(token).length;
      sim.startCheckout(token, { from, invoice_payload: payload, currency: 'KZT', total_amount: total });
      return eventually(() => sim.preCheckoutAnswers(token)[before], 20_000, 'the pre-checkout answer');
    };

    before(async () => {
      // Real time: the pre-checkout's 10 s window must not shrink on a loaded test machine.
      sim = await startTelegramSimulator();
      token = sim.createBot({ username: 'clinic_pay_bot' }).token;
      provider = await startFakePaymentProvider({ now: () => clockMs });
      const clinic = createClinicApp({
        clock,
        expose: (exposed) => void (handles = exposed),
        receipts: { issue: async (receipt) => void receipts.push(receipt) },
      });
      server = await startTestServer(engine, { TELEGRAM_API_ROOT: sim.apiRoot }, undefined, { apps: [clinic], clock });
      admin = await signInWithToken(server.url, testAdmin);
      await server.switchboard.registry.create({
        kind: 'telegram_bot',
        name: 'Clinic',
        token,
        intakeMode: 'polling',
        settings: { apps: ['clinic'] },
      });
      says = botSays(sim, token);
      await importClinic(admin);
      assert.equal((await admin.post('/api/clinic/integrations', { name: 'payments bot', secret })).status, 201);
      const created = sim.createUser({ first_name: 'Дана', language_code: 'ru' });
      user = { id: created.id, first_name: 'Дана' };
      const upserted = await call('POST', '/api/bot/patient/upsert/', bearer, {
        telegram_user_id: String(user.id),
        iin: makeIin('1992-07-01', 'F'),
        first_name: 'Дана',
        last_name: 'Сәрсенова',
        birth_date: '1992-07-01',
        sex: 'F',
        language: 'ru',
        consents: { personal_data: true, medical: true },
      });
      assert.equal(upserted.status, 201, JSON.stringify(upserted.body));
      const services = (await admin.get('/api/clinic/catalogue')).body.services as Array<{
        id: number;
        code: string;
        price_minor: string | number;
      }>;
      serviceId = services.find((each) => each.code === 'therapist' && Number(each.price_minor) === therapist)!.id;
    });
    after(async () => {
      await server?.stop();
      await sim?.stop();
      await provider?.stop();
    });

    test('the bot API for payments: right, wrong and missing credentials; precise refusals', async () => {
      const paths: Array<[string, string, unknown?]> = [
        ['POST', '/api/bot/payments/invoice/', { telegram_user_id: String(user.id), service_id: serviceId }],
        ['GET', '/api/bot/payments/balance/?telegram_user_id=' + user.id],
      ];
      for (const [method, path, body] of paths) {
        assert.equal((await call(method, path, undefined, body)).status, 401, `${path} without credentials`);
        assert.equal((await call(method, path, 'Bearer not-the-secret', body)).status, 401, `${path} with a wrong secret`);
        assert.equal((await call(method, path, `Token ${(await admin.post('/api/tokens', { name: 'x' })).body.token}`, body)).status, 403);
        assert.ok([200, 201].includes((await call(method, path, bearer, body)).status), `${path} with the secret`);
      }
      const invoice = await invoiceFor();
      assert.equal(invoice.amount_minor, therapist, 'the service price, in tiyn');
      for (const auth of [undefined, 'Bearer nope'])
        assert.equal((await call('GET', `/api/bot/payments/${invoice.id}/status/`, auth)).status, 401);
      const status = await call('GET', `/api/bot/payments/${invoice.id}/status/`, bearer);
      assert.deepEqual(
        [status.status, status.body.status, status.body.history.map((each: any) => each.to_status)],
        [200, 'pending', ['pending']],
      );
      assert.equal((await call('GET', '/api/bot/payments/999999/status/', bearer)).status, 404);
      const neither = await call('POST', '/api/bot/payments/invoice/', bearer, { telegram_user_id: String(user.id) });
      assert.deepEqual([neither.status, neither.body.error.code], [422, 'invalid_input']);
      const stranger = await call('POST', '/api/bot/payments/invoice/', bearer, { telegram_user_id: '42', service_id: serviceId });
      assert.deepEqual([stranger.status, stranger.body.error.code], [404, 'patient_not_registered']);
      const negative = await call('POST', '/api/bot/payments/invoice/', bearer, {
        telegram_user_id: String(user.id),
        amount_minor: -5,
        description: 'x',
      });
      assert.equal(negative.status, 400);
      const noProvider = await call('POST', '/api/bot/payments/invoice/', bearer, {
        telegram_user_id: String(user.id),
        service_id: serviceId,
        with_link: true,
      });
      assert.deepEqual([noProvider.status, noProvider.body.error.code], [409, 'payment_provider_missing']);
      const unconfigured = await deliver({ body: '{}', signature: 't=1,v1=00' });
      assert.deepEqual([unconfigured.status, unconfigured.body.error.code], [409, 'payment_provider_missing']);
    });

    test('bot payments: pre-checkout passes an open invoice, refuses a changed amount and a paid one; the payment is recorded with both charge ids', async () => {
      const set = await admin.put('/api/clinic/payments-provider', { bot_payments_token: '284685063:TEST:clinic-token' });
      assert.deepEqual(set.body, { provider: null, bot_payments_token_set: true });
      const stored = await sql<{ sealed: string }>`SELECT sealed FROM clinic_keys WHERE name = 'bot_payments_token'`.execute(
        server.switchboard.database.db,
      );
      assert.ok(!stored.rows[0]!.sealed.includes('clinic-token'), 'the token is sealed at rest');
      const invoice = await invoiceFor();
      await pressPay(invoice.number);
      const sent = await eventually(
        () => sim.sentMessages(token, user.id).find((each) => each.method === 'sendInvoice'),
        20_000,
        'sendInvoice',
      );
      assert.deepEqual(sent.message.invoice, {
        title: `Счёт ${invoice.number}`,
        description: 'Приём терапевта',
        start_parameter: '',
        currency: 'KZT',
        total_amount: therapist,
      });
      const payload = `clinic-invoice:${invoice.id}`;
      assert.deepEqual(
        (await checkoutAnswer(payload, therapist - 100)).error_message,
        'Сумма счёта изменилась — деньги не списаны. Откройте «Оплата» в меню заново.',
      );
      const stranger = sim.createUser({ first_name: 'Чужой', language_code: 'ru' });
      assert.equal((await checkoutAnswer(payload, therapist, stranger.id)).ok, false, "another user cannot pay the patient's invoice");
      assert.equal((await checkoutAnswer(payload, therapist)).ok, true);
      sim.injectUpdate(token, {
        message: {
          message_id: 900_001,
          from: { id: user.id, is_bot: false, first_name: user.first_name },
          chat: { id: user.id, type: 'private', first_name: user.first_name },
          date: Math.floor(Date.now() / 1000),
          successful_payment: {
            currency: 'KZT',
            total_amount: therapist,
            invoice_payload: payload,
            telegram_payment_charge_id: 'tg-charge-1',
            provider_payment_charge_id: 'prov-charge-1',
          },
        },
      });
      await says(user.id, new RegExp(`Оплата по счёту ${invoice.number} получена: 8 000,00 ₸`));
      const status = (await call('GET', `/api/bot/payments/${invoice.id}/status/`, bearer)).body;
      assert.deepEqual(
        [status.status, status.history.map((each: any) => `${each.to_status}:${each.actor}`)],
        ['paid', ['pending:integration:1', 'paid:patient']],
      );
      const row = (await admin.get(`/api/clinic/payments/${invoice.id}`)).body;
      assert.deepEqual([row.method, row.charge_id, row.provider_charge_id], ['bot', 'tg-charge-1', 'prov-charge-1']);
      assert.equal((await checkoutAnswer(payload, therapist)).error_message, 'Этот счёт уже оплачен или закрыт — деньги не списаны.');
      assert.equal((await checkoutAnswer('someone-else:1', 100)).ok, false, 'a payload no app knows is declined');
      const receipt = receipts.find((each) => each.invoiceNumber === invoice.number)!;
      assert.deepEqual(
        [receipt.kind, receipt.totalMinor, receipt.items[0]!.name, receipt.customer.name],
        ['sale', therapist, 'Приём терапевта', 'Сәрсенова Дана'],
      );
      await admin.put('/api/clinic/payments-provider', { bot_payments_token: null });
    });

    test('provider links: callbacks with good, bad, old and repeated signatures; before and after the patient returns; a refund', async () => {
      const configured = await admin.put('/api/clinic/payments-provider', {
        provider: { kind: 'gateway', base_url: provider.url, api_key: provider.apiKey, webhook_secret: provider.webhookSecret },
      });
      assert.deepEqual(configured.body, { provider: { kind: 'gateway', base_url: provider.url }, bot_payments_token_set: false });
      assert.equal((await admin.get('/api/clinic/payments-provider')).body.provider.api_key, undefined, 'secrets are never shown');

      // The callback comes first; the patient comes back after it.
      const first = await invoiceFor();
      await pressPay(first.number);
      const link = await says(user.id, new RegExp(`Оплатите счёт ${first.number} на 8 000,00 ₸ по ссылке: ${provider.url}/pay/`));
      const payment = provider.payments.find((each) => each.reference === first.number)!;
      assert.equal(payment.amount, therapist);
      const paid = provider.pay(first.number);
      assert.equal(
        (
          await deliver({
            ...paid,
            signature: paid.signature.replace(/v1=(.)/, (_all, first: string) => `v1=${first === '0' ? '1' : '0'}`),
          })
        ).status,
        401,
        'a bad signature',
      );
      assert.equal(
        (await deliver({ body: paid.body.replace(String(therapist), '1'), signature: paid.signature })).status,
        401,
        'a changed body',
      );
      assert.equal((await deliver({ body: paid.body, signature: '' })).status, 401, 'no signature');
      const stale = provider.callback(payment, { status: 'paid', atMs: clockMs - 10 * 60_000 });
      const refusedStale = await deliver(stale);
      assert.deepEqual(
        [refusedStale.status, refusedStale.body.error.code],
        [401, 'payment_callback_refused'],
        'a replay from ten minutes ago',
      );
      const wrongKey = provider.callback(payment, { status: 'paid', secret: 'someone-elses-secret-123' });
      assert.equal((await deliver(wrongKey)).status, 401);
      assert.equal(
        (await call('GET', `/api/bot/payments/${first.id}/status/`, bearer)).body.status,
        'pending',
        'nothing refused changed anything',
      );
      assert.deepEqual((await deliver(paid)).body, { ok: true, applied: true, invoice_id: first.id });
      assert.deepEqual((await deliver(paid)).body, { ok: true, applied: false, invoice_id: first.id }, 'the same callback twice');
      const again = provider.callback(payment, { status: 'paid' });
      assert.equal((await deliver(again)).body.applied, false, 'another notice of the same payment changes nothing');
      const otherAmount = provider.callback(payment, { status: 'paid', amount: 1 });
      assert.equal((await deliver(otherAmount)).body.applied, false, 'a paid invoice stays paid whatever amount a later notice names');
      const unknown = provider.callback({ ...payment, id: 'pay_unknown' }, { status: 'paid' });
      assert.deepEqual((await deliver(unknown)).body, { ok: true, applied: false, invoice_id: null });
      sim.pressButton(token, { from: user.id, message_id: link.message_id, text: 'Проверить оплату' });
      await says(user.id, new RegExp(`Оплата по счёту ${first.number} получена`));
      const history = (await call('GET', `/api/bot/payments/${first.id}/status/`, bearer)).body.history;
      assert.deepEqual(
        history.map((each: any) => `${each.to_status}:${each.actor}`),
        ['pending:integration:1', 'paid:provider:gateway'],
      );

      // The patient comes back first: the bot asks the provider; the callback after it changes nothing.
      const second = await invoiceFor();
      await pressPay(second.number);
      const secondLink = await says(user.id, new RegExp(`Оплатите счёт ${second.number}`));
      sim.pressButton(token, { from: user.id, message_id: secondLink.message_id, text: 'Проверить оплату' });
      await says(user.id, new RegExp(`Оплата по счёту ${second.number} ещё не поступила`));
      const late = provider.pay(second.number);
      sim.pressButton(token, { from: user.id, message_id: secondLink.message_id, text: 'Проверить оплату' });
      await says(user.id, new RegExp(`Оплата по счёту ${second.number} получена`));
      assert.deepEqual((await deliver(late)).body, { ok: true, applied: false, invoice_id: second.id });
      assert.equal((await call('GET', `/api/bot/payments/${second.id}/status/`, bearer)).body.history.length, 2);

      // A failed payment from the provider.
      const third = await invoiceFor(150_000);
      assert.equal(
        (
          await call('POST', '/api/bot/payments/invoice/', bearer, {
            telegram_user_id: String(user.id),
            amount_minor: 1,
            description: 'x',
            with_link: true,
          })
        ).status,
        201,
      );
      await pressPay(third.number);
      await says(user.id, new RegExp(`Оплатите счёт ${third.number}`));
      const thirdPayment = provider.payments.find((each) => each.reference === third.number)!;
      assert.equal((await deliver(provider.callback(thirdPayment, { status: 'failed' }))).body.applied, true);
      assert.equal((await call('GET', `/api/bot/payments/${third.id}/status/`, bearer)).body.status, 'failed');
      // A payment of another amount does not pay an open invoice.
      const fourth = await invoiceFor(120_000);
      await pressPay(fourth.number);
      await says(user.id, new RegExp(`Оплатите счёт ${fourth.number}`));
      const fourthPayment = provider.payments.find((each) => each.reference === fourth.number)!;
      assert.equal((await deliver(provider.callback(fourthPayment, { status: 'paid', amount: 100 }))).body.applied, true);
      const short = (await call('GET', `/api/bot/payments/${fourth.id}/status/`, bearer)).body;
      assert.deepEqual([short.status, short.history.at(-1).details.amount_minor], ['failed', 100]);

      // Refunds: admins (authorization-matrix.fixture.ts), through the provider, recorded.
      assert.equal((await admin.post(`/api/clinic/payments/${first.id}/refund`, {})).status, 400, 'a reason is required');
      const part = await admin.post(`/api/clinic/payments/${first.id}/refund`, { amount_minor: 300_000, reason: 'скидка' });
      assert.equal(part.status, 200, JSON.stringify(part.body));
      assert.equal(part.body.invoice.status, 'paid');
      const rest = await admin.post(`/api/clinic/payments/${first.id}/refund`, { reason: 'отмена визита' });
      assert.deepEqual(
        [rest.body.amount_minor, rest.body.invoice.status, rest.body.invoice.refunded_minor],
        [500_000, 'refunded', therapist],
      );
      assert.deepEqual(
        payment.refunds.map((each) => each.amount),
        [300_000, 500_000],
        'both went through the provider',
      );
      const detail = await admin.get(`/api/clinic/payments/${first.id}`);
      assert.deepEqual(
        detail.body.refunds.map((each: { amount_minor: unknown }) => each.amount_minor),
        [300_000, 500_000],
        'the invoice lists its refunds, amounts as numbers on every engine',
      );
      const twice = await admin.post(`/api/clinic/payments/${first.id}/refund`, { reason: 'ещё раз' });
      assert.deepEqual([twice.status, twice.body.error.code], [409, 'invoice_not_payable']);
      const tooMuch = await admin.post(`/api/clinic/payments/${second.id}/refund`, { amount_minor: therapist + 1, reason: 'x' });
      assert.deepEqual([tooMuch.status, tooMuch.body.error.code], [422, 'invalid_input']);
      assert.deepEqual(
        receipts.filter((each) => each.invoiceNumber === first.number).map((each) => `${each.kind}:${each.totalMinor}`),
        [`sale:${therapist}`, 'refund:300000', 'refund:500000'],
      );
    });

    test('expiry on the clock, and the balance: paid − services rendered − refunds, in the API, the staff API and the bot', async () => {
      const open = await invoiceFor(250_000);
      clockMs += 25 * 3_600_000;
      assert.ok((await handles.expirePayments()) >= 1);
      const expired = (await call('GET', `/api/bot/payments/${open.id}/status/`, bearer)).body;
      assert.deepEqual([expired.status, expired.history.at(-1).actor], ['expired', 'job']);
      assert.equal((await checkoutAnswer(`clinic-invoice:${open.id}`, 250_000)).ok, false);
      assert.equal(await handles.expirePayments(), 0, 'nothing is expired twice');

      // One therapist visit rendered (completed).
      const patient = (await call('GET', `/api/bot/patient/by-telegram/${user.id}/`, bearer)).body;
      const doctor = (await admin.get('/api/clinic/catalogue')).body.doctors.find((each: { code: string }) => each.code === 'ivanova');
      await sql`INSERT INTO clinic_appointments (patient_id, doctor_id, branch_id, service_id, starts_at, ends_at, status)
        SELECT ${patient.id}, ${doctor.id}, branch_id, id, '2030-03-04T04:00:00Z', '2030-03-04T04:30:00Z', 'completed'
        FROM clinic_services WHERE id = ${serviceId}`.execute(server.switchboard.database.db);
      // Paid: 3 × 8 000 ₸ (bot, link, link); refunded 8 000 ₸; rendered 8 000 ₸.
      const expected = {
        currency: 'KZT',
        paid_minor: 3 * therapist,
        services_rendered_minor: therapist,
        refunded_minor: therapist,
        balance_minor: therapist,
      };
      const balance = (await call('GET', `/api/bot/payments/balance/?telegram_user_id=${user.id}`, bearer)).body;
      assert.deepEqual({ ...balance, open_invoices_minor: undefined }, { ...expected, open_invoices_minor: undefined });
      assert.equal((await call('GET', '/api/bot/payments/balance/?telegram_user_id=abc', bearer)).status, 400);
      const staff = (await admin.get(`/api/clinic/patients/${patient.id}/balance`)).body;
      assert.equal(staff.balance_minor, therapist);
      const list = (await admin.get(`/api/clinic/payments?patient_id=${patient.id}&status=paid`)).body.results;
      assert.ok(list.length >= 1 && list.every((each: { status: string }) => each.status === 'paid'));
      assert.equal((await admin.get('/api/clinic/payments?status=unknown')).status, 400);
      sim.sendText(token, { from: user.id, text: '💳 Оплата' });
      await says(user.id, /💳 Баланс: 8 000,00 ₸\nОплачено: 24 000,00 ₸\nУслуги оказаны: 8 000,00 ₸\nВозвраты: 8 000,00 ₸/);
    });

    test('booking with prepayment on, in Kazakh: the ticket, then an invoice to pay by the provider link; the Payment menu in Kazakh', async () => {
      assert.equal((await admin.put('/api/apps/clinic/settings', { booking_prepayment: true })).status, 200);
      const created = sim.createUser({ first_name: 'Ерлан', language_code: 'kk' });
      const upserted = await call('POST', '/api/bot/patient/upsert/', bearer, {
        telegram_user_id: String(created.id),
        iin: makeIin('1985-07-01', 'M', 77),
        first_name: 'Ерлан',
        last_name: 'Оспанов',
        birth_date: '1985-07-01',
        sex: 'M',
        language: 'kk',
        consents: { personal_data: true, medical: true },
      });
      assert.equal(upserted.status, 201);
      sim.sendText(token, { from: created.id, text: '/start' });
      const menu = await says(created.id, /Клиникаға қош келдіңіз/);
      sim.pressButton(token, { from: created.id, message_id: menu.message_id, text: '📅 Жазылу' });
      const branches = await says(created.id, /Филиалды таңдаңыз/);
      sim.pressButton(token, { from: created.id, message_id: branches.message_id, text: 'Орталық филиал' });
      const services = await says(created.id, /Қызметті таңдаңыз/);
      sim.pressButton(token, { from: created.id, message_id: services.message_id, text: 'Терапевт қабылдауы — 8000 ₸' });
      const doctors = await says(created.id, /Дәрігерді таңдаңыз/);
      sim.pressButton(token, { from: created.id, message_id: doctors.message_id, text: 'Сейтқали Ерлан' });
      const days = await says(created.id, /Күнді таңдаңыз/);
      sim.pressButton(token, { from: created.id, message_id: days.message_id, text: '08.03' });
      const times = await says(created.id, /Уақытты таңдаңыз/);
      sim.pressButton(token, { from: created.id, message_id: times.message_id, text: '14:00' });
      const confirm = await says(created.id, /Жазылуды тексеріңіз/);
      sim.pressButton(token, { from: created.id, message_id: confirm.message_id, text: '✅ Растау' });
      await says(created.id, /Қабылдау талоны/);
      const offer = await says(created.id, /Қабылдауды алдын ала төлеуге болады: 8 000,00 ₸/);
      assert.deepEqual(buttons(offer), ['Төлеу']);
      sim.pressButton(token, { from: created.id, message_id: offer.message_id, text: 'Төлеу' });
      const link = await says(created.id, /шотын 8 000,00 ₸ сомасына сілтеме арқылы төлеңіз/);
      assert.deepEqual(buttons(link), ['Төлемді тексеру']);
      const patient = (await call('GET', `/api/bot/patient/by-telegram/${created.id}/`, bearer)).body;
      const invoices = (await admin.get(`/api/clinic/payments?patient_id=${patient.id}`)).body.results;
      assert.deepEqual(
        invoices.map((each: { source: string; status: string; amount_minor: number }) => [each.source, each.status, each.amount_minor]),
        [['booking', 'pending', therapist]],
      );
      assert.ok(invoices[0].appointment_id, 'the invoice names the booked visit');
      sim.sendText(token, { from: created.id, text: '💳 Төлемдер' });
      await says(created.id, /💳 Баланс: 0,00 ₸\nТөленді: 0,00 ₸/);
      const open = await says(created.id, /Төленетін шоттар/);
      assert.equal(buttons(open).length, 1);
      await admin.put('/api/apps/clinic/settings', { booking_prepayment: false });
    });
  });
}
