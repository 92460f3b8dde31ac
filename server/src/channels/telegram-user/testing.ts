// Starts Switchboard with the personal-account module on the Telegram network stub (tests and the bench).
import { startTestServer, type Engine, type TestDatabase, type TestServer } from '../../testing/harness.ts';
import { createTelegramUserModule, type TelegramUserModule } from './module.ts';
import { TelegramNetworkStub } from './telegram-network-stub.ts';

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
