// Scenario — dispatch (issue 18): AmoCRM webhooks acknowledged per second and
// the p99 of each acknowledgment (`leads[delete]` bodies for deals without a
// job, so the figure is the endpoint and the durable queue, not AmoCRM's API);
// then webhook → the dispatch admin's Telegram notification, p50/p99, for new
// deals sent at 2 a second (under the 7 requests a second AmoCRM allows: each
// deal costs two reads). Fake AmoCRM and the Bot API simulator run here.
import { startFakeAmocrm } from '@switchboard/fake-amocrm';
import { startTelegramSimulator } from '@switchboard/telegram-sim';
import { createHttpClient } from './lib/http-load.ts';
import { goal, round, summarize, type Engine, type Report } from './lib/report.ts';
import { startServer } from './lib/server-process.ts';
import { adminToken, enginesFor, forEachEngine, freshDatabase, sleep, waitUntil, type BenchOptions } from './lib/setup.ts';

const secret = 'bench-amocrm-webhook-secret';

function sizes(quick: boolean) {
  return quick ? { acks: 300, concurrency: 10, notified: 20 } : { acks: 2000, concurrency: 20, notified: 60 };
}

async function measureEngine(engine: Engine, quick: boolean) {
  const size = sizes(quick);
  const amo = await startFakeAmocrm();
  const sim = await startTelegramSimulator();
  const bot = sim.createBot({ username: 'dispatch_bench_bot' });
  const database = await freshDatabase(engine);
  const integration = amo.control.integration();
  const server = await startServer({
    database,
    env: {
      TELEGRAM_API_ROOT: sim.apiRoot,
      TELEGRAM_BOT_TOKEN: bot.token,
      TELEGRAM_MODE: 'polling',
      AMOCRM_BASE_URL: amo.url,
      AMOCRM_CLIENT_ID: integration.clientId,
      AMOCRM_CLIENT_SECRET: integration.clientSecret,
      AMOCRM_REDIRECT_URI: integration.redirectUri,
      AMOCRM_REFRESH_TOKEN: amo.control.issueTokens().refresh_token,
      AMOCRM_WEBHOOK_SECRET: secret,
    },
  });
  const http = createHttpClient(server.url, size.concurrency);
  try {
    const token = await adminToken(server.url);
    const auth = { authorization: `Token ${token}`, 'content-type': 'application/json' };
    const field = amo.control.seedCustomField({ entity: 'leads', name: 'Адрес замера' });
    await http.request('PUT', '/api/apps/dispatch/settings', { headers: auth, body: JSON.stringify({ address_field_id: field.id }) });
    const join = async (role: string, name: string) => {
      const invite = await http.request('POST', '/api/dispatch/invites', { headers: auth, body: JSON.stringify({ role }) });
      if (invite.status !== 200) throw new Error(`invite: ${invite.status} ${invite.body}`);
      const user = sim.createUser({ first_name: name, language_code: 'ru' });
      sim.sendText(bot.token, { from: user.id, text: `/start ${new URL(JSON.parse(invite.body).link).searchParams.get('start')}` });
      await sim.waitForSent(bot.token, user.id, (message) => /Вы в бригаде/.test(message.text ?? ''), 30_000);
      return user;
    };
    const admin = await join('admin', 'Админ');
    await join('measurer', 'Замерщик');
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const path = `/webhook/amocrm?secret=${secret}`;

    // 1. Acknowledgments: many hooks at once, as AmoCRM's bursts come.
    let next = 0;
    const ackMs: number[] = [];
    const statuses: Record<string, number> = {};
    const startedAt = performance.now();
    await Promise.all(
      Array.from({ length: size.concurrency }, async () => {
        while (next < size.acks) {
          const id = 900_000 + next++;
          const result = await http.request('POST', path, {
            headers: form,
            body: `leads[delete][0][id]=${id}&leads[delete][0][status_id]=142&leads[delete][0][pipeline_id]=1&account[subdomain]=example`,
          });
          ackMs.push(result.ms);
          statuses[result.status] = (statuses[result.status] ?? 0) + 1;
        }
      }),
    );
    const ackSeconds = (performance.now() - startedAt) / 1000;
    await sleep(500);

    // 2. Webhook → the admin's notification, paced under AmoCRM's limit.
    const notifyMs: number[] = [];
    const waits: Array<Promise<void>> = [];
    for (let index = 0; index < size.notified; index += 1) {
      const marker = `Клиент ${index} ${engine}`;
      const contact = amo.control.seedContact({ name: marker, phones: [{ value: '+77010000000', enum_code: 'MOB' }] });
      const lead = amo.control.seedLead({
        contacts: [contact.id],
        custom_fields_values: [{ field_id: field.id, values: [{ value: 'Абая 1' }] }],
      });
      const sentAt = performance.now();
      const body = `leads[add][0][id]=${lead.id}&leads[add][0][status_id]=${lead.status_id}&leads[add][0][pipeline_id]=${lead.pipeline_id}&account[subdomain]=example`;
      const ack = await http.request('POST', path, { headers: form, body });
      if (ack.status !== 200) throw new Error(`webhook: ${ack.status} ${ack.body}`);
      waits.push(
        sim
          .waitForSent(bot.token, admin.id, (message) => (message.text ?? '').includes(marker), 60_000)
          .then(() => void notifyMs.push(performance.now() - sentAt)),
      );
      await sleep(500);
    }
    await Promise.all(waits).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}\nserver output:\n${server.output().slice(-3000)}`);
    });
    await waitUntil(() => notifyMs.length === size.notified, 'every notification', 5_000);
    return {
      webhooks: size.acks,
      concurrency: size.concurrency,
      ack_statuses: statuses,
      acks_per_second: round(size.acks / ackSeconds, 1),
      ack_ms: summarize(ackMs),
      notified: size.notified,
      webhook_to_admin_notification_ms: summarize(notifyMs),
      amocrm_requests: amo.control.requests().length,
    };
  } finally {
    http.close();
    await server.stop();
    await database.drop();
    await sim.stop();
    await amo.stop();
  }
}

export async function runDispatch(report: Report, options: BenchOptions): Promise<void> {
  await forEachEngine(
    report,
    enginesFor(options, ['postgres', 'pglite']),
    (engine) => measureEngine(engine, options.quick),
    (engine, result) => {
      report.figure(engine, result);
      report.headline('AmoCRM webhooks acked/s | ack p99 ms', `${result.acks_per_second} | ${result.ack_ms.p99}`, engine);
      const notify = result.webhook_to_admin_notification_ms;
      report.headline('webhook → admin notification p50 | p99 ms', `${notify.p50} | ${notify.p99}`, engine);
      report.goal(goal('AmoCRM webhook ack p99 ms (AmoCRM waits 2 s)', '< 2000', result.ack_ms.p99, (value) => value < 2000, engine));
    },
  );
}
