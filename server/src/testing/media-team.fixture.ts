// A server wired to the simulator, with operators A and B, isolation on, and
// one customer whose conversation is assigned to A: the stage of the media tests.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import { createApiClient, signInWithToken, type ApiClient } from './api-client.ts';
import { startTestServer, testAdmin, type Engine, type TestServer } from './harness.ts';
import { eventually } from './ws-client.ts';

export interface MediaStage {
  sim: Simulator;
  server: TestServer;
  botToken: string;
  admin: ApiClient;
  operatorA: ApiClient;
  operatorB: ApiClient;
  tokens: { admin: string; a: string; b: string };
  customerId: number;
  chatId: number;
  firstMessageId: number;
  mediaDir: string;
  stop(): Promise<void>;
}

async function tokenOf(url: string, credentials: { email: string; password: string }): Promise<string> {
  return (await createApiClient(url).post('/api/api-token-auth/', credentials)).body.token as string;
}

export async function startMediaStage(engine: Engine, env: Record<string, string> = {}): Promise<MediaStage> {
  const sim = await startTelegramSimulator({ timeScale: 10 });
  const botToken = sim.createBot({ username: 'media_bot' }).token;
  const server = await startTestServer(engine, {
    TELEGRAM_API_ROOT: sim.apiRoot,
    TELEGRAM_BOT_TOKEN: botToken,
    TELEGRAM_MODE: 'polling',
    ...env,
  });
  const admin = await signInWithToken(server.url, testAdmin);
  assert.equal((await admin.put('/api/inbox/policy', { auto_assign: false, operators_see_unassigned: false })).status, 200);
  const operatorIds: number[] = [];
  for (const name of ['a', 'b']) {
    const created = await admin.post('/api/operators', {
      name: `Operator ${name.toUpperCase()}`,
      email: `${name}@example.com`,
      password: `password-${name}-1`,
    });
    assert.equal(created.status, 201);
    operatorIds.push(created.body.id);
  }
  const credentials = (name: string) => ({ email: `${name}@example.com`, password: `password-${name}-1` });
  const customerId = sim.createUser({ first_name: 'Media customer' }).id;
  sim.sendText(botToken, { from: customerId, text: 'hello, files follow' });
  const first = await eventually(async () =>
    (await admin.get('/api/messages/')).body.results.find((message: any) => message.text === 'hello, files follow'),
  );
  assert.equal((await admin.post(`/api/chats/${first.chat_id}/assign`, { operator_id: operatorIds[0] })).status, 200);
  return {
    sim,
    server,
    botToken,
    admin,
    operatorA: await signInWithToken(server.url, credentials('a')),
    operatorB: await signInWithToken(server.url, credentials('b')),
    tokens: {
      admin: await tokenOf(server.url, testAdmin),
      a: await tokenOf(server.url, credentials('a')),
      b: await tokenOf(server.url, credentials('b')),
    },
    customerId,
    chatId: first.chat_id,
    firstMessageId: first.id,
    mediaDir: path.join(server.dataDir, 'media'),
    async stop() {
      await server.stop();
      await sim.stop();
    },
  };
}

export async function upload(
  stage: MediaStage,
  token: string,
  bytes: Buffer,
  fileName: string,
  type = 'application/octet-stream',
): Promise<{ status: number; body: any }> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), fileName);
  const response = await fetch(`${stage.server.url}/api/upload/`, {
    method: 'POST',
    headers: { authorization: `Token ${token}` },
    body: form,
  });
  return { status: response.status, body: await response.json() };
}

export async function fetchMedia(stage: MediaStage, token: string | null, url: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${stage.server.url}${url}`, {
    headers: { ...headers, ...(token ? { authorization: `Token ${token}` } : {}) },
  });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

/** Every file under a folder (temp files included), relative. */
export function filesUnder(folder: string): string[] {
  if (!fs.existsSync(folder)) return [];
  return (fs.readdirSync(folder, { recursive: true }) as string[]).filter((entry) => fs.statSync(path.join(folder, entry)).isFile());
}

export async function chatHistory(stage: MediaStage): Promise<any[]> {
  return (await stage.admin.get(`/api/messages/by_chat?chat_id=${stage.chatId}&limit=200`)).body.results;
}
