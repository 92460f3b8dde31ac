// Sending through a WhatsApp number against tools/fake-meta on both engines: replies inside the 24-hour
// window (text, a document uploaded to the Graph API first), the window closed (refused
// before anything is written, with the reason), and Meta's errors mapped onto the delivery retry policy:
// 130429 waits and goes, 190 fails as a revoked token and puts the number in error until a send or a Check goes, 131047 fails saying only a template may go.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startFakeMeta, whatsappMessage, type FakeMeta, type PhoneNumber } from '@switchboard/fake-meta';
import { signInWithToken, createApiClient, type ApiClient } from '../../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../../testing/harness.ts';
import { eventually } from '../../testing/ws-client.ts';

const appSecret = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';
const verifyToken = 'send-test-verify';

for (const engine of testEngines()) {
  describe(`sending through a WhatsApp number on ${engine}`, () => {
    let meta: FakeMeta;
    let server: TestServer;
    let admin: ApiClient;
    let token: string;
    let phone: PhoneNumber;
    let channelId: number;

    /** A customer writes (at `secondsAgo`); resolves with their conversation. */
    async function customerWrites(waId: string, name: string, text: string, secondsAgo = 0): Promise<any> {
      const timestamp = Math.floor(Date.now() / 1000) - secondsAgo;
      const body = meta.control.whatsappInbound({
        phoneNumberId: phone.id,
        senders: [{ name, wa_id: waId }],
        messages: [whatsappMessage.text(waId, text, { timestamp })],
      });
      assert.equal((await meta.control.sendWebhook({ url: `${server.url}/webhooks/whatsapp`, payload: body, appSecret })).status, 200);
      return eventually(
        async () => {
          const chat = (await admin.get('/api/chats?messenger=whatsapp')).body.results.find((item: any) => item.title === name);
          return chat?.last_message?.text === text && chat;
        },
        10_000,
        `${name}'s message`,
      );
    }

    const outcome = (messageId: number) =>
      eventually(
        async () => {
          const row = await server.switchboard.delivery.findByMessage(messageId);
          return row && (row.state === 'sent' || row.state === 'failed') && row;
        },
        20_000,
        'the delivery outcome',
      );
    const attemptsOf = async (messageId: number) =>
      (await server.switchboard.delivery.attempts((await server.switchboard.delivery.findByMessage(messageId))!.id)).map(
        (attempt) => attempt.error_code ?? attempt.outcome,
      );

    before(async () => {
      meta = await startFakeMeta();
      phone = meta.control.seedWhatsAppNumber({ verified_name: 'Clinic Send' });
      server = await startTestServer(engine, { META_GRAPH_URL: meta.whatsappUrl });
      admin = await signInWithToken(server.url, testAdmin);
      token = (await createApiClient(server.url).post<{ token: string }>('/api/api-token-auth/', testAdmin)).body.token;
      const created = await admin.post('/api/accounts', {
        name: 'Clinic',
        account_type: 'whatsapp',
        phone_number_id: phone.id,
        waba_id: phone.wabaId,
        access_token: phone.accessToken,
        app_secret: appSecret,
        verify_token: verifyToken,
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      channelId = created.body.id;
      await eventually(async () => (await admin.get(`/api/accounts/${channelId}`)).body.status === 'active', 10_000, 'active');
    });
    after(async () => {
      await server?.stop();
      await meta?.stop();
    });

    test('inside the window: a text reply and a document go out through the Graph API', async () => {
      const waId = '77010000001';
      const chat = await customerWrites(waId, 'Asel', 'Do you have a slot on Friday?');
      const reply = await admin.post(`/api/chats/${chat.id}/messages`, { text: 'Yes, at 10:00 and 15:30.' });
      assert.equal(reply.status, 201);
      assert.equal((await outcome(reply.body.id)).state, 'sent');
      const sent = meta.control.whatsappSent({ to: waId });
      assert.equal(sent.at(-1)!.type, 'text');
      assert.deepEqual((sent.at(-1)!.payload as any).text.body, 'Yes, at 10:00 and 15:30.');

      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(Buffer.from('%PDF-1.4 price list'))], { type: 'application/pdf' }), 'prices.pdf');
      const uploaded = await fetch(`${server.url}/api/upload/`, {
        method: 'POST',
        headers: { authorization: `Token ${token}` },
        body: form,
      });
      const filePath = ((await uploaded.json()) as { file_path: string }).file_path;
      const withFile = await admin.post(`/api/chats/${chat.id}/messages`, { text: 'Our prices', media_path: filePath });
      assert.equal(withFile.status, 201, JSON.stringify(withFile.body));
      assert.equal((await outcome(withFile.body.id)).state, 'sent');
      const document = meta.control.whatsappSent({ to: waId }).at(-1)!;
      assert.equal(document.type, 'document');
      assert.equal((document.payload as any).document.caption, 'Our prices');
      const stored = meta.control.media((document.payload as any).document.id);
      assert.equal(Buffer.from(stored!.base64, 'base64').toString(), '%PDF-1.4 price list', 'the file was uploaded to Meta first');

      const tooLong = await admin.post(`/api/chats/${chat.id}/messages`, { text: 'x'.repeat(4097) });
      assert.equal(tooLong.status, 422);
      assert.match(tooLong.body.error.message, /WhatsApp allows 4096/);
    });

    test('link buttons go as "title: url" lines of the text, never dropped: of a text, of an interactive body, alone', async () => {
      const waId = '77010000004';
      await customerWrites(waId, 'Dana', 'Where is my ticket?');
      const kind = (await admin.get('/api/channels/kinds')).body.results.find((each: any) => each.kind === 'whatsapp');
      assert.equal(kind.capabilities.linkButtons, false);
      const channel = (await server.switchboard.registry.get(channelId))!;
      const { adapter } = server.switchboard.registry.moduleFor('whatsapp');
      const links = [{ title: 'Open the ticket', url: 'https://crm.example.com/portal/tickets/7' }];
      await adapter.send(channel, { chatId: waId, text: 'Ticket #7 is solved.', links });
      const text = meta.control.whatsappSent({ to: waId }).at(-1)!;
      assert.equal(text.type, 'text');
      assert.equal((text.payload as any).text.body, 'Ticket #7 is solved.\n\nOpen the ticket: https://crm.example.com/portal/tickets/7');

      // With answer buttons it is an interactive message: the link is a line of its body.
      await adapter.send(channel, { chatId: waId, text: 'Solved?', links, choices: [[{ title: 'Yes', payload: 'yes' }]] });
      const interactive = meta.control.whatsappSent({ to: waId }).at(-1)!;
      assert.equal(interactive.type, 'interactive');
      assert.equal(
        (interactive.payload as any).interactive.body.text,
        'Solved?\n\nOpen the ticket: https://crm.example.com/portal/tickets/7',
      );

      // A text too long for the interactive body is clipped; the link line stays whole.
      await adapter.send(channel, { chatId: waId, text: 'x'.repeat(1100), links, choices: [[{ title: 'Yes', payload: 'yes' }]] });
      const clipped = (meta.control.whatsappSent({ to: waId }).at(-1)!.payload as any).interactive.body.text as string;
      assert.ok(clipped.length <= 1024, `${clipped.length} characters`);
      assert.match(clipped, /^x+…\n\nOpen the ticket: https:\/\/crm\.example\.com\/portal\/tickets\/7$/);

      // No text at all: the link alone is the message.
      await adapter.send(channel, { chatId: waId, links });
      assert.equal(
        (meta.control.whatsappSent({ to: waId }).at(-1)!.payload as any).text.body,
        'Open the ticket: https://crm.example.com/portal/tickets/7',
      );
    });

    test('outside the window a free-form reply is refused before anything is written, with the reason', async () => {
      const chat = await customerWrites('77010000002', 'Bolat', 'Thanks!', 25 * 60 * 60);
      const status = await admin.get(`/api/chats/${chat.id}/reply-status`);
      assert.equal(status.status, 200);
      assert.equal(status.body.can_reply ?? status.body.canReply, false);
      const refused = await admin.post(`/api/chats/${chat.id}/messages`, { text: 'Are you coming tomorrow?' });
      assert.equal(refused.status, 409);
      assert.equal(refused.body.error.code, 'cannot_reply');
      assert.match(refused.body.error.message, /24 hours.*template/);
      assert.equal(meta.control.whatsappSent({ to: '77010000002' }).length, 0);

      await customerWrites('77010000002', 'Bolat', 'Hello again');
      const now = await admin.post(`/api/chats/${chat.id}/messages`, { text: 'Welcome back' });
      assert.equal(now.status, 201, 'the customer’s new message opened the window');
    });

    test('Meta’s errors drive the retry policy: 130429 waits, 190 and 131047 fail with what to do', async () => {
      const chat = await customerWrites('77010000003', 'Dana', 'Hi');
      const messagesPath = `/graph.facebook.com/v21.0/${phone.id}/messages`;

      meta.control.injectFault({
        fault: { kind: 'graph-error', code: 130429, httpStatus: 429 },
        count: 1,
        method: 'POST',
        pathPrefix: messagesPath,
      });
      const paced = await admin.post(`/api/chats/${chat.id}/messages`, { text: 'paced' });
      assert.equal((await outcome(paced.body.id)).state, 'sent');
      assert.deepEqual(await attemptsOf(paced.body.id), ['RATE_LIMITED', 'sent']);

      meta.control.injectFault({
        fault: { kind: 'graph-error', code: 190, httpStatus: 401 },
        count: 1,
        method: 'POST',
        pathPrefix: messagesPath,
      });
      const revoked = await admin.post(`/api/chats/${chat.id}/messages`, { text: 'revoked' });
      assert.equal((await outcome(revoked.body.id)).state, 'failed');
      assert.deepEqual(await attemptsOf(revoked.body.id), ['AUTH_REVOKED']);
      // The token revoked while sending shows on the number, as a refused Check does; a message that goes clears it.
      const account = async () => (await admin.get(`/api/accounts/${channelId}`)).body;
      const inError = await eventually(async () => {
        const shown = await account();
        return shown.status === 'error' && shown;
      });
      assert.match(inError.status_detail, /access token \(expired or revoked\)/);
      const again = await admin.post(`/api/chats/${chat.id}/messages`, { text: 'the token works again' });
      assert.equal((await outcome(again.body.id)).state, 'sent');
      assert.deepEqual([(await account()).status, (await account()).status_detail], ['active', null]);
      // Revoked again, then a passed Check clears it too.
      meta.control.injectFault({
        fault: { kind: 'graph-error', code: 190, httpStatus: 401 },
        count: 1,
        method: 'POST',
        pathPrefix: messagesPath,
      });
      const revokedAgain = await admin.post(`/api/chats/${chat.id}/messages`, { text: 'revoked again' });
      assert.equal((await outcome(revokedAgain.body.id)).state, 'failed');
      assert.equal((await account()).status, 'error');
      assert.equal((await admin.post(`/api/accounts/${channelId}/test`)).status, 200);
      assert.equal((await account()).status, 'active');

      meta.control.injectFault({
        fault: { kind: 'graph-error', code: 131047, httpStatus: 400, message: 'Re-engagement message' },
        count: 1,
        method: 'POST',
        pathPrefix: messagesPath,
      });
      const late = await admin.post(`/api/chats/${chat.id}/messages`, { text: 'late' });
      assert.equal((await outcome(late.body.id)).state, 'failed');
      const message = await eventually(async () => {
        const list = (await admin.get(`/api/messages/by_chat?chat_id=${chat.id}&limit=50`)).body.results as any[];
        const found = list.find((item) => item.id === late.body.id);
        return found?.status === 'failed' && found;
      });
      assert.match(message.status_reason, /24 hours.*template/);
    });
  });
}
