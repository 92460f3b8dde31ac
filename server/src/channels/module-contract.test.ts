// Proves the channel module contract with a second, test-only messenger
// ("Pigeon Post") defined in this file and plugged in through the start
// option alone: it registers, its signed webhook (raw-body HMAC, GET
// handshake) reaches the inbox and the WebSocket, an operator's reply goes out
// through delivery paced by the module's profile, and its capabilities and
// vocabulary reach the API.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { z } from 'zod';
import { equalsInConstantTime, HttpError, type HttpApp } from '../platform/index.ts';
import { createApiClient, signInWithToken, type ApiClient } from '../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../testing/harness.ts';
import { connectSocket, eventually } from '../testing/ws-client.ts';
import {
  ChannelError,
  textWithLinks,
  type ChannelAdapter,
  type ChannelRecord,
  type InboundEvent,
  type OutboundMessage,
} from './channel.ts';
import type { ChannelModule, ChannelRouteContext } from './module.ts';
import type { ChannelModuleContext } from '../main.ts';

const verifyToken = 'pigeon-verify-token';
const signatureHeader = 'x-pigeon-signature';

interface PigeonPost {
  chatId: string;
  messageId: string;
  from: { id: string; name: string };
  text: string;
  sentAt: number;
}

/** The fake platform: what the module "sent", and how often delivery asked the profile about a chat. */
function createPigeonPlatform() {
  const sent: Array<{ channelId: number; message: OutboundMessage }> = [];
  const groupChecks: string[] = [];
  const waiters = new Set<() => void>();
  return {
    sent,
    groupChecks,
    record(channelId: number, message: OutboundMessage) {
      sent.push({ channelId, message });
      for (const wake of waiters) wake();
    },
    async waitForSent(count: number): Promise<void> {
      await new Promise<void>((resolve) => {
        const check = () => sent.length >= count && (waiters.delete(check), resolve());
        waiters.add(check);
        check();
      });
    },
  };
}

function normalizePigeon(payload: unknown): InboundEvent[] {
  const post = payload as PigeonPost;
  return [
    {
      type: 'message',
      chat: { externalId: post.chatId, type: 'private', title: post.from.name, topicId: '' },
      sender: { messenger: 'pigeon', externalId: post.from.id, firstName: post.from.name, isBot: false },
      message: { externalId: post.messageId, date: new Date(post.sentAt), kind: 'text', text: post.text, attachments: [] },
    },
  ];
}

/** Routes the way WhatsApp's and Instagram's will be: a GET handshake, then HMAC-SHA256 over the raw body before anything is parsed. */
function registerPigeonRoutes(app: HttpApp, context: ChannelRouteContext): void {
  app.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    scope.get('/webhooks/pigeon', { config: { access: 'public' } }, async (request, reply) => {
      const query = request.query as Record<string, string | undefined>;
      if (query.verify !== verifyToken) throw new HttpError(403, 'wrong_verify_token', 'The verify token does not match.');
      return reply.type('text/plain').send(query.challenge ?? '');
    });
    scope.post('/webhooks/pigeon/:channelId', { config: { access: 'public' } }, async (request) => {
      const channel = await context.urgent(() => context.channels.get(Number((request.params as { channelId: string }).channelId)));
      const raw = request.body as Buffer;
      const expected = channel?.webhookSecret()
        ? `sha256=${crypto.createHmac('sha256', channel.webhookSecret()!).update(raw).digest('hex')}`
        : null;
      const given = request.headers[signatureHeader];
      if (!channel || !expected || typeof given !== 'string' || !equalsInConstantTime(given, expected))
        throw new HttpError(401, 'wrong_signature', 'The signature header is missing or wrong.');
      const post = JSON.parse(raw.toString('utf8')) as PigeonPost;
      // Both shapes of the intake contract's event identity (numeric update id today, a string event id next).
      const update = { updateId: Number(post.messageId), eventId: post.messageId, chatKey: post.chatId, payload: post };
      await context.sink.journal(channel.id, [update]);
      return { ok: true };
    });
  });
}

function createPigeonModule(context: ChannelModuleContext, platform: ReturnType<typeof createPigeonPlatform>) {
  let failNextSendWithRateLimit = true;
  const adapter: ChannelAdapter = {
    kind: 'pigeon_test',
    async verifyCredentials(credentials) {
      // A vendor error that echoes the key, as many do: the module's secret pattern must mask it in the log.
      context.logger.warn({ err: new Error(`loft lookup for ${credentials}`) }, 'pigeon: checking a loft');
      if (!credentials.startsWith('pgn_')) throw new ChannelError('AUTH_REVOKED', 'Pigeon Post keys start with pgn_: copy yours again.');
      return { externalId: credentials.slice(4, 10), username: 'loft', displayName: 'The Loft' };
    },
    identifyUpdate: (payload) => ({
      eventId: String((payload as PigeonPost).messageId),
      chatKey: (payload as PigeonPost).chatId,
      payload,
    }),
    normalize: normalizePigeon,
    dispatch: async () => undefined,
    async send(channel: ChannelRecord, message: OutboundMessage) {
      // The platform paces us once; delivery must wait and try again (ChannelError → retry policy).
      if (failNextSendWithRateLimit) {
        failNextSendWithRateLimit = false;
        throw new ChannelError('RATE_LIMITED', 'Too many pigeons in the air.', 10);
      }
      // No link buttons here: they arrive as lines of the text.
      platform.record(channel.id, message.links?.length ? { ...message, text: textWithLinks(message) } : message);
      return { externalIds: [`out-${platform.sent.length}`], date: new Date() };
    },
    sendTyping: async () => undefined,
    startIntake: async (channel) => context.onStatus(channel.id, 'active', null),
    stopIntake: async () => undefined,
    stopAll: async () => undefined,
  };
  return {
    kind: 'pigeon_test',
    messenger: 'pigeon',
    accountType: 'pigeon',
    vocabulary: {
      en: {
        messengerName: 'Pigeon Post',
        accountName: 'Pigeon loft',
        credentialHints: { api_key: 'The key on your loft’s page (pgn_…).' },
      },
      ru: {
        messengerName: 'Голубиная почта',
        accountName: 'Голубятня',
        credentialHints: { api_key: 'Ключ со страницы голубятни (pgn_…).' },
      },
    },
    credentials: {
      schema: z.object({ api_key: z.string().trim().min(8, 'Give the loft key ("api_key").') }),
      encode: (input: { api_key: string }) => input.api_key,
    },
    settings: z.object({}),
    capabilities: {
      edit: false,
      delete: false,
      reactions: false,
      typing: false,
      text: { maxLength: 200, captionMaxLength: null },
      media: { kinds: [], uploadMaxBytes: 0, photo: null, downloadMaxBytes: null, albums: null },
      buttons: { perMessage: 3, titleMaxLength: 20 },
      linkButtons: false,
      lists: { maxRows: 10, rowTitleMaxLength: 24 },
      businessInitiated: 'template',
      broadcasts: 'never',
      replyWindowMs: 24 * 60 * 60 * 1000,
    },
    rateLimits: {
      botPerSecond: 1000,
      botBurst: 100,
      privateChatPerSecond: 1000,
      privateChatBurst: 10,
      groupPerMinute: 60,
      groupBurst: 1,
      isGroupChat: (chatId: string) => {
        platform.groupChecks.push(chatId);
        return false;
      },
    },
    intake: { modes: ['webhook'] as const, defaultMode: () => 'webhook' as const, leasedModes: [] },
    secrets: { pattern: /pgn_[A-Za-z0-9]+/g, mask: () => 'pgn_***' },
    adapter,
    registerRoutes: registerPigeonRoutes,
  } satisfies ChannelModule<{ api_key: string }>;
}

for (const engine of testEngines()) {
  describe(`a test-only channel module on ${engine}`, () => {
    const platform = createPigeonPlatform();
    let server: TestServer;
    let admin: ApiClient;
    let token: string;
    before(async () => {
      server = await startTestServer(engine, {}, undefined, { extraChannelModules: (context) => [createPigeonModule(context, platform)] });
      admin = await signInWithToken(server.url, testAdmin);
      token = (await createApiClient(server.url).post('/api/api-token-auth/', testAdmin)).body.token;
    });
    after(async () => {
      await server?.stop();
    });

    test('its kind, capabilities and vocabulary reach the API; connecting checks its credentials', async () => {
      const kinds = await admin.get('/api/channels/kinds');
      assert.equal(kinds.status, 200);
      const pigeon = kinds.body.results.find((kind: any) => kind.kind === 'pigeon_test');
      assert.equal(pigeon.messenger, 'pigeon');
      assert.equal(pigeon.vocabulary.ru.messengerName, 'Голубиная почта');
      assert.deepEqual(pigeon.credential_fields, ['api_key']);
      assert.equal(pigeon.connect_form, null, 'no connect form declared: the Messengers tab offers none');
      assert.equal(pigeon.capabilities.text.maxLength, 200);
      assert.equal(pigeon.capabilities.replyWindowMs, 86_400_000);
      assert.equal(pigeon.can_refuse_replies, false, 'no replyStatus: its chats are never refused a reply');
      const telegramBot = kinds.body.results.find((kind: any) => kind.kind === 'telegram_bot');
      assert.ok(telegramBot, 'the built-in module is still there');
      assert.equal(telegramBot.can_refuse_replies, true, 'connected business accounts can be paused');

      const refused = await admin.post('/api/accounts', { name: 'Loft', account_type: 'pigeon', api_key: 'nokey-at-all' });
      assert.equal(refused.status, 422);
      assert.equal(refused.body.error.code, 'invalid_token');
      assert.match(refused.body.error.message, /Pigeon Post.*pgn_/);
      const missing = await admin.post('/api/accounts', { name: 'Loft', account_type: 'pigeon' });
      assert.equal(missing.status, 400);
      assert.match(missing.body.error.message, /api_key/);
      const wrongMode = await admin.post('/api/accounts', {
        name: 'Loft',
        account_type: 'pigeon',
        api_key: 'pgn_loft0001',
        intake_mode: 'polling',
      });
      assert.equal(wrongMode.status, 422);

      const created = await admin.post('/api/accounts', { name: 'Loft', account_type: 'pigeon', api_key: 'pgn_loft0001' });
      assert.equal(created.status, 201);
      assert.equal(created.body.account_type, 'pigeon');
      assert.equal(created.body.messenger, 'pigeon');
      assert.ok(!JSON.stringify(created.body).includes('pgn_loft0001'), 'the key is only masked');
      const checks = server.logs().filter((line) => line.includes('pigeon: checking a loft'));
      assert.ok(
        checks.some((line) => line.includes('loft lookup for pgn_***')),
        'the module’s secret pattern masks the key in logs',
      );
      assert.ok(!server.logs().some((line) => line.includes('pgn_loft0001')), 'no key in the logs');
      await eventually(
        async () => (await admin.get(`/api/accounts/${created.body.id}`)).body.status === 'active',
        10_000,
        'the loft to be active',
      );
      assert.ok(
        (await admin.get('/api/messengers/settings')).body.settings.some(
          (card: any) => card.type === 'pigeon' && card.name === 'Pigeon Post',
        ),
      );
    });

    test('a signed webhook reaches the inbox and the WebSocket; a reply goes out through delivery with the module’s profile', async () => {
      const channelId = (await admin.get('/api/accounts')).body.results.find((account: any) => account.account_type === 'pigeon').id;
      const secret = (await server.switchboard.registry.get(channelId))!.webhookSecret()!;
      const anonymous = createApiClient(server.url);
      assert.equal((await anonymous.request('GET', `/webhooks/pigeon?verify=${verifyToken}&challenge=c-123`)).body, 'c-123');
      assert.equal((await anonymous.request('GET', '/webhooks/pigeon?verify=nope&challenge=c-123')).status, 403);

      const socket = await connectSocket(server.url, { token });
      await socket.waitFor((frame) => frame.type === 'ready');
      const post: PigeonPost = {
        chatId: 'coop-7',
        messageId: '9001',
        from: { id: 'bird-1', name: 'Gulnara' },
        text: 'Coo! Do you deliver on Sunday?',
        sentAt: Date.now(),
      };
      const raw = JSON.stringify(post);
      const forged = await anonymous.request('POST', `/webhooks/pigeon/${channelId}`, {
        raw,
        headers: { [signatureHeader]: 'sha256=00', 'content-type': 'application/json' },
      });
      assert.equal(forged.status, 401);
      const signature = `sha256=${crypto.createHmac('sha256', secret).update(raw).digest('hex')}`;
      const accepted = await anonymous.request('POST', `/webhooks/pigeon/${channelId}`, {
        raw,
        headers: { [signatureHeader]: signature, 'content-type': 'application/json' },
      });
      assert.equal(accepted.status, 200);

      const frame = await socket.waitFor((item) => item.type === 'new_message' && item.message.text === post.text);
      assert.equal(frame.chat.messenger, 'pigeon');
      assert.equal(frame.chat.channel.kind, 'pigeon_test');
      const listed = await admin.get('/api/chats?messenger=pigeon');
      assert.deepEqual(
        listed.body.results.map((chat: any) => chat.id),
        [frame.chat.id],
      );
      assert.equal((await admin.get('/api/chats?messenger=carrier-crow')).status, 400);

      const tooLong = await admin.post(`/api/chats/${frame.chat.id}/messages`, { text: 'c'.repeat(201) });
      assert.equal(tooLong.status, 422);
      assert.match(tooLong.body.error.message, /201 characters; Pigeon Post allows 200/);
      const noFiles = await admin.post(`/api/chats/${frame.chat.id}/messages`, { text: '', media_path: 'x.jpg' });
      assert.equal(noFiles.status, 422);

      const reply = await admin.post(`/api/chats/${frame.chat.id}/messages`, { text: 'Yes, every day.' });
      assert.equal(reply.status, 201);
      await platform.waitForSent(1);
      assert.deepEqual(platform.sent[0]!.message, { ...platform.sent[0]!.message, chatId: 'coop-7', text: 'Yes, every day.' });
      assert.ok(platform.groupChecks.includes('coop-7'), 'delivery sized the chat’s bucket with the module’s profile');
      const status = await socket.waitFor(
        (item) => item.type === 'message_status' && item.message.id === reply.body.id && item.message.status === 'sent',
      );
      assert.equal(status.message.status, 'sent');
      const row = await server.switchboard.delivery.findByMessage(reply.body.id);
      const attempts = await server.switchboard.delivery.attempts(row!.id);
      assert.deepEqual(
        attempts.map((attempt) => attempt.error_code ?? attempt.outcome),
        ['RATE_LIMITED', 'sent'],
      );
      await socket.close();
    });
  });
}
