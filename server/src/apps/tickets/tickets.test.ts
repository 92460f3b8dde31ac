import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { startTelegramSimulator, type Simulator, type User } from '@switchboard/telegram-sim';
import { signInWithToken, type ApiClient } from '../../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../../testing/harness.ts';
import { eventually } from '../../testing/ws-client.ts';
import { createPortalClient, linkTelegram, type PortalClient } from '../../testing/portal.fixture.ts';
import { settled } from '../../testing/settled.ts';

const publicUrl = 'https://crm.example.com';

for (const engine of testEngines()) {
  describe(`client portal notifications on ${engine}`, () => {
    let sim: Simulator;
    let server: TestServer;
    let admin: ApiClient;
    let operator: ApiClient;
    let token: string;
    let client: PortalClient;
    let clientUser: User;
    const received = (user: User, pattern: RegExp) =>
      sim.waitForSent(token, user.id, (message) => pattern.test(message.text ?? ''), 15_000);
    const texts = (user: User) => sim.sentMessages(token, user.id).map((message) => message.text ?? '');
    const queueRows = async (filter: (row: any) => boolean) =>
      (await admin.get('/api/notifications/queue?limit=200')).body.results.filter(filter);

    before(async () => {
      sim = await startTelegramSimulator({ timeScale: 10 });
      token = sim.createBot({ username: 'desk_bot' }).token;
      server = await startTestServer(engine, {
        TELEGRAM_API_ROOT: sim.apiRoot,
        TELEGRAM_BOT_TOKEN: token,
        TELEGRAM_MODE: 'polling',
        PUBLIC_URL: publicUrl,
      });
      admin = await signInWithToken(server.url, testAdmin);
      await server.switchboard.auth.createUser({ email: 'op@example.com', password: 'operator-pass', role: 'operator', name: 'Оператор' });
      operator = await signInWithToken(server.url, { email: 'op@example.com', password: 'operator-pass' });
      client = await createPortalClient(server.url, admin, { name: 'Айгерим Нурланова', email: 'aigerim@example.com' });
      clientUser = sim.createUser({ first_name: 'Айгерим', language_code: 'ru' });
      await linkTelegram(sim, token, client.api, '/api/telegram/client', clientUser);
    });
    after(async () => {
      await server.stop();
      await sim.stop();
    });

    test('the linked client hears about their ticket, staff comments and status changes; muted or unlinked, nothing', async () => {
      const ticket = await admin.post('/api/tickets', {
        client_id: client.id,
        subject: 'Не работает оплата',
        description: 'Карта отклонена',
      });
      assert.equal(ticket.status, 201, JSON.stringify(ticket.body));
      const id = ticket.body.id;
      const created = await received(clientUser, new RegExp(`Создана заявка #${id}: «Не работает оплата»`));
      assert.deepEqual(created.reply_markup, { inline_keyboard: [[{ text: 'Открыть заявку', url: `${publicUrl}/portal/tickets/${id}` }]] });
      // The conversation with the client holds what the bot told them, as the bot's, and not the linking token.
      type Listed = { chat_id: number; text: string; sender_type: string; direction: string; status: string };
      const history = await eventually(async () => {
        const messages = (await admin.get('/api/messages/?limit=200')).body.results as Listed[];
        return messages.some((message) => message.text.includes(`Создана заявка #${id}:`)) && messages;
      }, 15_000);
      const notice = history.find((message) => message.text.includes(`Создана заявка #${id}:`))!;
      assert.deepEqual([notice.sender_type, notice.direction, notice.status], ['bot', 'out', 'sent']);
      const start = history.find((message) => message.text.startsWith('/start'));
      assert.equal(start?.text, '/start (link)', 'the /start is in the history with its token hidden');
      assert.equal(start?.chat_id, notice.chat_id, 'in the same conversation as the notification');
      assert.ok(!history.some((message) => message.text.includes('lk_')), 'no linking token anywhere in the history');
      const comment = async (body: string) =>
        assert.equal(
          (
            await admin.post(`/api/tickets/${id}/comments`, {
              body,
              attachments: [{ file_name: 'скрин.png', mime_type: 'image/png', size: 1234 }],
            })
          ).status,
          201,
        );
      await comment('Проверили, исправим сегодня');
      await received(
        clientUser,
        new RegExp(`Новый комментарий к заявке #${id} «Не работает оплата» от Admin:\\nПроверили, исправим сегодня`),
      );
      assert.equal((await admin.patch(`/api/tickets/${id}`, { status: 'in_progress' })).status, 200);
      await received(clientUser, /статус — в работе/);

      await client.api.patch('/api/telegram/client/status', { enabled: false });
      await comment('while muted');
      await client.api.patch('/api/telegram/client/status', { enabled: true });
      await comment('after unmuting');
      await received(clientUser, /after unmuting/);
      assert.ok(!texts(clientUser).some((text) => text.includes('while muted')));

      await client.api.post('/api/telegram/client/disconnect');
      await comment('after disconnecting in the portal');
      await linkTelegram(sim, token, client.api, '/api/telegram/client', clientUser);
      const stop = sim.sendText(token, { from: clientUser.id, text: '/stop' });
      await received(clientUser, /Telegram отвязан/);
      await comment('after /stop');
      assert.deepEqual(
        await queueRows((row) => row.recipient_type === 'client' && /while muted|after disconnecting|after \/stop/.test(row.message)),
        [],
        'nothing was queued',
      );
      await settled(server.switchboard.database.db, [stop.update_id]);
      assert.ok(!texts(clientUser).some((text) => /while muted|after disconnecting|after \/stop/.test(text)), 'nothing arrived');
      await linkTelegram(sim, token, client.api, '/api/telegram/client', clientUser);
    });

    test('staff hear about new tickets unless they turn it off, in their language; the author hears nothing of their own doing', async () => {
      const adminUser = sim.createUser({ first_name: 'Admin', language_code: 'ru' });
      const operatorUser = sim.createUser({ first_name: 'Operator', language_code: 'en' });
      await linkTelegram(sim, token, admin, '/api/telegram/user', adminUser);
      await linkTelegram(sim, token, operator, '/api/telegram/user', operatorUser);
      const other = await createPortalClient(server.url, admin, { name: 'Болат', email: 'bolat@example.com' });

      const first = await other.api.post('/api/tickets', { subject: 'Нужен доступ', description: 'Для бухгалтера' });
      assert.equal(first.status, 201);
      const toAdmin = await received(adminUser, new RegExp(`Новая заявка #${first.body.id} от Болат: «Нужен доступ»`));
      assert.equal((toAdmin.reply_markup as any).inline_keyboard[0][0].url, `${publicUrl}/tickets/${first.body.id}`);
      await received(operatorUser, new RegExp(`New ticket #${first.body.id} from Болат`));

      const off = await admin.put('/api/notifications/preferences', { kinds: { ticket_created: false } });
      assert.equal(off.status, 200);
      assert.equal(off.body.kinds.ticket_created, false);
      assert.equal((await admin.get('/api/notifications/preferences')).body.kinds.ticket_created, false);
      assert.equal((await operator.put('/api/notifications/preferences', { language: 'kk' })).body.language, 'kk');
      const second = await other.api.post('/api/tickets', { subject: 'Второй вопрос' });
      await received(operatorUser, new RegExp(`жаңа өтінім #${second.body.id} жіберді`));
      const rows = await queueRows((row) => row.reference_type === 'ticket' && row.reference_id === second.body.id);
      assert.deepEqual(
        rows.map((row: any) => [row.recipient_type, row.notification_type]),
        [['staff', 'ticket_created']],
        'only the operator, not the admin who turned it off, nor the client who opened it',
      );
      const operatorId = (await operator.get('/api/auth/me')).body.user.id;
      assert.equal((await admin.patch(`/api/tickets/${second.body.id}`, { assignee_id: operatorId })).status, 200);
      assert.equal((await other.api.post(`/api/tickets/${second.body.id}/comments`, { body: 'Жду ответа' })).status, 201);
      await received(operatorUser, new RegExp(`#${second.body.id} «Второй вопрос» өтініміне Болат жаңа пікір қалдырды:\\nЖду ответа`));

      assert.equal((await client.api.put('/api/notifications/preferences', { kinds: { ticket_status: false } })).status, 200);
      const mine = await admin.post('/api/tickets', { client_id: client.id, subject: 'Без статусов' });
      await received(clientUser, new RegExp(`Создана заявка #${mine.body.id}`));
      await admin.patch(`/api/tickets/${mine.body.id}`, { status: 'resolved' });
      assert.deepEqual(await queueRows((row) => row.reference_id === mine.body.id && row.notification_type === 'ticket_status'), []);
      await client.api.put('/api/notifications/preferences', { kinds: { ticket_status: true } });
      await admin.put('/api/notifications/preferences', { kinds: { ticket_created: true } });
      await admin.post('/api/telegram/user/disconnect');
      await operator.post('/api/telegram/user/disconnect');
    });

    test('an invoice: the client is told, the PDF carries its Cyrillic, and its status moves issued → paid', async () => {
      const created = await admin.post('/api/invoices', {
        client_id: client.id,
        currency: 'kzt',
        lines: [
          { description: 'Настройка CRM и обучение сотрудников', quantity: 2, unit_price: 7500 },
          { description: 'Қазақша кеңес', quantity: 1, unit_price: 0.1 },
        ],
        due_date: '2026-12-31',
        notes: 'Оплата по счёту в течение 10 дней',
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.amount, 15000.1);
      assert.equal(created.body.currency, 'KZT');
      assert.match(created.body.number, /^INV-\d{5}$/);
      await received(clientUser, new RegExp(`Выставлен счёт ${created.body.number} на сумму 15 000,10 KZT, оплатить до 2026-12-31`));

      const response = await fetch(`${server.url}/api/invoices/${created.body.id}/pdf`, { headers: { cookie: client.cookies } });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), 'application/pdf');
      const pdf = Buffer.from(await response.arrayBuffer());
      assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
      const extracted = spawnSync('pdftotext', ['-layout', '-', '-'], { input: pdf, encoding: 'utf8' });
      // Required, not optional: without pdftotext the test fails (CI must install it), never skips.
      assert.equal(extracted.error, undefined, 'pdftotext is not installed: apt-get install -y poppler-utils');
      assert.equal(extracted.status, 0, extracted.stderr);
      for (const expected of [
        'Счёт №',
        created.body.number,
        'Айгерим Нурланова',
        'Настройка CRM и обучение сотрудников',
        'Қазақша кеңес',
        'Оплата по счёту',
      ]) {
        assert.ok(extracted.stdout.includes(expected), `the PDF text has "${expected}":\n${extracted.stdout}`);
      }
      const paid = await admin.patch(`/api/invoices/${created.body.id}`, { status: 'paid' });
      assert.deepEqual([paid.status, paid.body.status], [200, 'paid']);
      const back = await admin.patch(`/api/invoices/${created.body.id}`, { status: 'issued' });
      assert.equal(back.status, 409);
      assert.match(back.body.error.message, /cannot become issued: it can become void/);
      assert.equal((await client.api.patch(`/api/invoices/${created.body.id}`, { status: 'void' })).status, 403);
    });

    test("the queue shows each notification's fate to admins, and a failed one is sent again on retry", async () => {
      assert.equal((await operator.get('/api/notifications/queue')).status, 403);
      const sent = await eventually(
        async () => (await queueRows((row) => row.recipient_type === 'client' && row.sent))[0],
        10_000,
        'a sent notification',
      );
      assert.ok(sent.sent_at);
      assert.equal(sent.error, null);
      assert.equal((await admin.post(`/api/notifications/queue/${sent.id}/retry`)).status, 409);

      const ticket = await admin.post('/api/tickets', { client_id: client.id, subject: 'Blocked' });
      await received(clientUser, new RegExp(`#${ticket.body.id}`));
      sim.blockBot(token, clientUser.id);
      await admin.post(`/api/tickets/${ticket.body.id}/comments`, { body: 'Can you see this?' });
      const failed = await eventually(
        async () => (await queueRows((row) => row.message.includes('Can you see this?') && row.state === 'failed'))[0],
        15_000,
        'the failed notification',
      );
      assert.equal(failed.sent, false);
      assert.equal(failed.error, 'Forbidden: bot was blocked by the user');
      sim.unblockBot(token, clientUser.id);
      const retried = await admin.post(`/api/notifications/queue/${failed.id}/retry`);
      assert.equal(retried.status, 200);
      await received(clientUser, /Can you see this\?/);
      await eventually(async () => (await queueRows((row) => row.id === failed.id && row.sent)).length > 0, 10_000, 'sent after the retry');
    });
  });
}
