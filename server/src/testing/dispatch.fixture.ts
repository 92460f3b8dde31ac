// What dispatch's tests share: the fake AmoCRM, the Bot API simulator and a server wired to both,
// and the steps a real crew takes (an admin's invite link opened in Telegram).
import assert from 'node:assert/strict';
import { startFakeAmocrm, type FakeAmocrm } from '@switchboard/fake-amocrm';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import { signInWithToken, type ApiClient } from './api-client.ts';
import { startTestServer, testAdmin, type Engine, type TestServer } from './harness.ts';

export const webhookSecret = 'amo-hook-secret-1234567890';

export interface DispatchWorld {
  amo: FakeAmocrm;
  sim: Simulator;
  server: TestServer;
  admin: ApiClient;
  token: string;
  addressFieldId: number;
  stop(): Promise<void>;
}

export async function startDispatchWorld(
  engine: Engine,
  env: Record<string, string> = {},
  startOptions: Parameters<typeof startTestServer>[3] = {},
): Promise<DispatchWorld> {
  const amo = await startFakeAmocrm();
  const sim = await startTelegramSimulator({ timeScale: 10 });
  const token = sim.createBot({ username: 'crew_bot' }).token;
  const integration = amo.control.integration();
  const server = await startTestServer(
    engine,
    {
      TELEGRAM_API_ROOT: sim.apiRoot,
      TELEGRAM_BOT_TOKEN: token,
      TELEGRAM_MODE: 'polling',
      AMOCRM_BASE_URL: amo.url,
      AMOCRM_CLIENT_ID: integration.clientId,
      AMOCRM_CLIENT_SECRET: integration.clientSecret,
      AMOCRM_REDIRECT_URI: integration.redirectUri,
      AMOCRM_REFRESH_TOKEN: amo.control.issueTokens().refresh_token,
      AMOCRM_WEBHOOK_SECRET: webhookSecret,
      ...env,
    },
    undefined,
    startOptions,
  );
  const admin = await signInWithToken(server.url, testAdmin);
  const addressFieldId = amo.control.seedCustomField({ entity: 'leads', name: 'Адрес замера' }).id;
  return {
    amo,
    sim,
    server,
    admin,
    token,
    addressFieldId,
    async stop() {
      await server.stop();
      await sim.stop();
      await amo.stop();
    },
  };
}

/** An admin's invite link for the role, opened by a new Telegram user; resolves once the bot says they joined. */
export async function joinCrew(
  world: DispatchWorld,
  role: 'admin' | 'measurer' | 'manager',
  person: { first_name: string; language_code?: string },
) {
  const invite = await world.admin.post('/api/dispatch/invites', { role });
  assert.equal(invite.status, 200, JSON.stringify(invite.body));
  const user = world.sim.createUser({ language_code: 'ru', ...person });
  const payload = new URL(invite.body.link).searchParams.get('start')!;
  world.sim.sendText(world.token, { from: user.id, text: `/start ${payload}` });
  await world.sim.waitForSent(world.token, user.id, (message) => /Вы в бригаде|You are in the crew/.test(message.text ?? ''), 10_000);
  const crew = (await world.admin.get('/api/dispatch/crew')).body.results as Array<{ id: number; name: string }>;
  const member = crew.find((each) => each.name === person.first_name)!;
  return { user, member };
}

/** A deal with a main contact (phone) and an address, as a manager would leave it in AmoCRM. */
export function seedDeal(world: DispatchWorld, input: { client: string; phone?: string; address?: string; responsible?: number }) {
  const contact = world.amo.control.seedContact({
    name: input.client,
    phones: input.phone ? [{ value: input.phone, enum_code: 'MOB' }] : [],
  });
  return world.amo.control.seedLead({
    name: `Окна: ${input.client}`,
    contacts: [contact.id],
    ...(input.responsible ? { responsible_user_id: input.responsible } : {}),
    custom_fields_values: input.address ? [{ field_id: world.addressFieldId, values: [{ value: input.address }] }] : [],
  });
}

export function sendLeadWebhook(world: DispatchWorld, leadId: number, kind: 'add' | 'update' | 'status' = 'add') {
  return world.amo.control.sendWebhook({
    url: `${world.server.url}/webhook/amocrm`,
    secret: webhookSecret,
    events: { leads: { [kind]: [world.amo.control.leadEvent({ id: leadId })] } },
  });
}
