// What the WhatsApp server tests share: a Switchboard test server pointed at tools/fake-meta, a number
// connected through POST /api/accounts, and a customer writing through a signed webhook.
import assert from 'node:assert/strict';
import { startFakeMeta, whatsappMessage, type FakeMeta, type PhoneNumber } from '@switchboard/fake-meta';
import { createApiClient, signInWithToken, type ApiClient } from '../../testing/api-client.ts';
import { startTestServer, testAdmin, type Engine, type TestServer } from '../../testing/harness.ts';
import { eventually } from '../../testing/ws-client.ts';

export interface WhatsAppWorld {
  meta: FakeMeta;
  server: TestServer;
  admin: ApiClient;
  token: string;
  phone: PhoneNumber;
  channelId: number;
  appSecret: string;
  /** Posts one signed webhook body to the server; asserts it was acknowledged. */
  post(body: Record<string, unknown>): Promise<void>;
  /** A customer writes text (at `secondsAgo`); resolves with their conversation once it shows the message. */
  customerWrites(waId: string, name: string, text: string, secondsAgo?: number): Promise<any>;
  stop(): Promise<void>;
}

export async function startWhatsAppWorld(
  engine: Engine,
  options: {
    env?: Record<string, string>;
    name?: string;
    verifiedName?: string;
    /** The messaging limit Meta reports for the number (TIER_250 unless said). */
    messagingLimit?: string;
    /** startTestServer's last argument: apps, a controlled clock. */
    server?: Parameters<typeof startTestServer>[3];
    /** Apps switched on for the number (its settings' `apps`). */
    apps?: string[];
  } = {},
): Promise<WhatsAppWorld> {
  const appSecret = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';
  const meta = await startFakeMeta();
  const phone = meta.control.seedWhatsAppNumber({
    verified_name: options.verifiedName ?? 'Clinic',
    messaging_limit: options.messagingLimit,
  });
  const server = await startTestServer(engine, { META_GRAPH_URL: meta.whatsappUrl, ...options.env }, undefined, options.server);
  const admin = await signInWithToken(server.url, testAdmin);
  const token = (await createApiClient(server.url).post<{ token: string }>('/api/api-token-auth/', testAdmin)).body.token;
  const created = await admin.post('/api/accounts', {
    name: options.name ?? 'Clinic',
    account_type: 'whatsapp',
    phone_number_id: phone.id,
    waba_id: phone.wabaId,
    access_token: phone.accessToken,
    app_secret: appSecret,
    verify_token: 'fixture-verify',
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const channelId = created.body.id as number;
  if (options.apps) assert.equal((await admin.patch(`/api/accounts/${channelId}`, { apps: options.apps })).status, 200);
  await eventually(async () => (await admin.get(`/api/accounts/${channelId}`)).body.status === 'active', 60_000, 'the number active');
  const post = async (payload: Record<string, unknown>) => {
    const answer = await meta.control.sendWebhook({ url: `${server.url}/webhooks/whatsapp`, payload, appSecret });
    assert.equal(answer.status, 200);
  };
  return {
    meta,
    server,
    admin,
    token,
    phone,
    channelId,
    appSecret,
    post,
    async customerWrites(waId, name, text, secondsAgo = 0) {
      const timestamp = Math.floor(Date.now() / 1000) - secondsAgo;
      await post(
        meta.control.whatsappInbound({
          phoneNumberId: phone.id,
          senders: [{ name, wa_id: waId }],
          messages: [whatsappMessage.text(waId, text, { timestamp })],
        }),
      );
      return eventually(
        async () => {
          // The largest page: a test may hold more conversations than one default page (50) of the newest.
          const chat = (await admin.get('/api/chats?messenger=whatsapp&limit=200')).body.results.find((item: any) => item.title === name);
          return chat?.last_message?.text === text && chat;
        },
        60_000,
        `${name}'s message`,
      );
    },
    async stop() {
      await server.stop();
      await meta.stop();
    },
  };
}
