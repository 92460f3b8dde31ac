// One server with a Telegram bot (tools/telegram-sim) and a WhatsApp number (tools/fake-meta): the same customer
// on two messengers, for contact merging and cascading delivery (issue 24).
import assert from 'node:assert/strict';
import { startFakeMeta, whatsappMessage, type FakeMeta, type PhoneNumber } from '@switchboard/fake-meta';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import type { StartOptions } from '../main.ts';
import { signInWithToken, type ApiClient } from './api-client.ts';
import { startTestServer, testAdmin, type Engine, type TestServer } from './harness.ts';
import { eventually } from './ws-client.ts';

const appSecret = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';

export interface TwoMessengers {
  sim: Simulator;
  meta: FakeMeta;
  server: TestServer;
  admin: ApiClient;
  botToken: string;
  botChannelId: number;
  phone: PhoneNumber;
  whatsappChannelId: number;
  /** A Telegram customer writes; resolves with their conversation and contact. */
  telegramWrites(user: { id: number }, text: string): Promise<{ chatId: number; contactId: number }>;
  /** A WhatsApp customer writes (`secondsAgo` back: a closed window); resolves with their conversation and contact. */
  whatsappWrites(waId: string, name: string, text: string, secondsAgo?: number): Promise<{ chatId: number; contactId: number }>;
  stop(): Promise<void>;
}

export async function startTwoMessengers(engine: Engine, startOptions: Omit<StartOptions, 'logDestination'> = {}): Promise<TwoMessengers> {
  const now = startOptions.clock ?? (() => new Date());
  const sim = await startTelegramSimulator();
  const meta = await startFakeMeta();
  const botToken = sim.createBot({ username: 'merge_bot', first_name: 'Clinic bot' }).token;
  const phone = meta.control.seedWhatsAppNumber({ verified_name: 'Clinic WhatsApp' });
  const server = await startTestServer(
    engine,
    { TELEGRAM_API_ROOT: sim.apiRoot, TELEGRAM_BOT_TOKEN: botToken, TELEGRAM_MODE: 'polling', META_GRAPH_URL: meta.whatsappUrl },
    undefined,
    startOptions,
  );
  const admin = await signInWithToken(server.url, testAdmin);
  await admin.put('/api/inbox/policy', { auto_assign: false, operators_see_unassigned: false });
  const created = await admin.post('/api/accounts', {
    name: 'Clinic WhatsApp',
    account_type: 'whatsapp',
    phone_number_id: phone.id,
    waba_id: phone.wabaId,
    access_token: phone.accessToken,
    app_secret: appSecret,
    verify_token: 'two-messengers-verify',
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const whatsappChannelId = created.body.id as number;
  await eventually(async () => (await admin.get(`/api/accounts/${whatsappChannelId}`)).body.status === 'active', 10_000, 'WhatsApp active');
  const accounts = (await admin.get('/api/accounts')).body;
  const list = (Array.isArray(accounts) ? accounts : accounts.results) as Array<{ id: number; account_type?: string; kind?: string }>;
  const botChannelId = list.find((account) => account.id !== whatsappChannelId)!.id;

  async function chatOf(text: string) {
    const message = await eventually(
      async () => (await admin.get('/api/messages/?limit=200')).body.results.find((item: any) => item.text === text),
      10_000,
      `the message “${text}”`,
    );
    const chat = (await admin.get(`/api/chats/${message.chat_id}`)).body;
    return { chatId: chat.id as number, contactId: chat.contact.id as number };
  }

  return {
    sim,
    meta,
    server,
    admin,
    botToken,
    botChannelId,
    phone,
    whatsappChannelId,
    async telegramWrites(user, text) {
      sim.sendText(botToken, { from: user.id, text });
      return chatOf(text);
    },
    async whatsappWrites(waId, name, text, secondsAgo = 0) {
      const body = meta.control.whatsappInbound({
        phoneNumberId: phone.id,
        senders: [{ name, wa_id: waId }],
        // Meta stamps a message when it is sent: on the server's clock when the test drives one.
        messages: [whatsappMessage.text(waId, text, { timestamp: Math.floor(now().getTime() / 1000) - secondsAgo })],
      });
      assert.equal((await meta.control.sendWebhook({ url: `${server.url}/webhooks/whatsapp`, payload: body, appSecret })).status, 200);
      return chatOf(text);
    },
    async stop() {
      await server?.stop();
      await sim?.stop();
      await meta?.stop();
    },
  };
}
