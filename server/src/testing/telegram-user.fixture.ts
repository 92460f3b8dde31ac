// Starts Switchboard with the personal-account module on the Telegram network stub (tests and the bench).
import { startTestServer, type Engine, type TestDatabase, type TestServer } from './harness.ts';
import { createTelegramUserModule, type TelegramUserModule } from '../channels/telegram-user/module.ts';
import { TelegramNetworkStub } from '../channels/telegram-user/telegram-network-stub.ts';

export const testApiId = 123456;
export const testApiHash = '0123456789abcdef0123456789abcdef';

export interface StubbedServer {
  server: TestServer;
  module: TelegramUserModule;
}

export async function startWithTelegramStub(
  engine: Engine,
  network: TelegramNetworkStub,
  database?: TestDatabase,
  pacing?: { messagesPerSecond?: number; newChatsPerDay?: number },
): Promise<StubbedServer> {
  let module: TelegramUserModule | undefined;
  const server = await startTestServer(engine, {}, database, {
    extraChannelModules: (context) => [(module = createTelegramUserModule({ ...context, network, pacing }))],
  });
  return { server, module: module! };
}

export function createStubNetwork(): TelegramNetworkStub {
  const network = new TelegramNetworkStub();
  network.addApp(testApiId, testApiHash);
  return network;
}

/** Adds the account at the stub and logs it in over HTTP (no password); returns its id once active. */
export async function connectAccount(
  admin: import('./api-client.ts').ApiClient,
  network: TelegramNetworkStub,
  phone: string,
  firstName = 'Manager',
): Promise<number> {
  if (!network.accounts.has(phone.replace(/\D/g, ''))) network.addAccount({ phone, firstName });
  const created = await admin.post('/api/accounts/authenticate', {
    name: firstName,
    account_type: 'user',
    phone_number: phone,
    api_id: testApiId,
    api_hash: testApiHash,
  });
  if (created.status !== 201) throw new Error(`could not start the login: ${JSON.stringify(created.body)}`);
  const done = await admin.post(`/api/accounts/${created.body.id}/verify_otp`, { otp_code: network.codeFor(phone) });
  if (done.body.status !== 'active') throw new Error(`the login did not finish: ${JSON.stringify(done.body)}`);
  return created.body.id;
}

/** A conversation's messages, oldest first. */
export async function chatMessages(admin: import('./api-client.ts').ApiClient, chatId: number): Promise<any[]> {
  return ((await admin.get(`/api/messages/by_chat?chat_id=${chatId}&limit=100`)).body.results as any[]).reverse();
}
