import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { testEngines } from '../../testing/harness.ts';
import { retryDelayMs } from './amocrm-client.ts';
import { eventually } from '../../testing/ws-client.ts';
import {
  joinCrew,
  seedDeal,
  sendLeadWebhook,
  startDispatchWorld,
  webhookSecret,
  type DispatchWorld,
} from '../../testing/dispatch.fixture.ts';

for (const engine of testEngines()) {
  describe(`dispatch webhooks, AmoCRM tokens and races on ${engine}`, () => {
    let world: DispatchWorld;
    const db = () => world.server.switchboard.database.db;
    const count = async (query: ReturnType<typeof sql<{ count: number }>>) => (await query.execute(db())).rows[0]!.count;
    const jobsOf = (leadId: number) =>
      count(sql<{ count: number }>`SELECT count(*)::int AS count FROM dispatch_jobs WHERE amocrm_lead_id = ${leadId}`);
    /** The lead queue has nothing left to run (waiting on pg-boss's own record, not on time). */
    const queueDrained = () =>
      eventually(
        async () =>
          (await count(
            sql<{
              count: number;
            }>`SELECT count(*)::int AS count FROM pgboss.job WHERE name = 'dispatch-lead' AND state IN ('created', 'active')`,
          )) === 0,
        15_000,
        'the lead queue to drain',
      );
    const post = (body: string, options: { query?: string; headers?: Record<string, string> } = {}) =>
      fetch(`${world.server.url}/webhook/amocrm${options.query ?? `?secret=${webhookSecret}`}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...options.headers },
        body,
      });

    before(async () => {
      world = await startDispatchWorld(engine);
      await world.admin.put('/api/apps/dispatch/settings', { address_field_id: world.addressFieldId });
    });
    after(async () => {
      await world.stop();
    });

    test('a missing or wrong secret gets 401; bad bodies get a precise 4xx; nothing is stored', async () => {
      const lead = seedDeal(world, { client: 'Nobody', phone: '+7700', address: 'x' });
      const form = `leads[add][0][id]=${lead.id}&account[subdomain]=example`;
      const missing = await post(form, { query: '' });
      assert.equal(missing.status, 401);
      assert.match(((await missing.json()) as any).error.message, /secret/);
      assert.equal((await post(form, { query: '?secret=wrong' })).status, 401);
      const wrongHeader = await world.amo.control.sendWebhook({
        url: `${world.server.url}/webhook/amocrm`,
        secret: 'nope',
        secretIn: 'header',
        events: { leads: { add: [world.amo.control.leadEvent({ id: lead.id })] } },
      });
      assert.equal(wrongHeader.status, 401);
      const json = await post(JSON.stringify({ leads: { add: [{ id: lead.id }] } }), { headers: { 'content-type': 'application/json' } });
      assert.equal(json.status, 415);
      const flat = await post('garbage=1');
      assert.equal(flat.status, 400);
      assert.match(((await flat.json()) as any).error.message, /leads\[add\]\[0\]\[id\]/);
      assert.equal((await post('')).status, 400);
      await queueDrained();
      assert.equal(await jobsOf(lead.id), 0);
      // Sections dispatch does not act on, and ids that are no ids, are acknowledged (AmoCRM would switch the hook off) and ignored.
      const other = await post('task[add][0][id]=5&leads[note][0][id]=1&leads[add][0][id]=abc&account[subdomain]=example');
      assert.deepEqual([other.status, ((await other.json()) as any).queued], [200, 0]);
      const header = await world.amo.control.sendWebhook({
        url: `${world.server.url}/webhook/amocrm`,
        secret: webhookSecret,
        secretIn: 'header',
        secretHeader: 'X-Webhook-Secret',
        account: 'subdomain-only',
        events: { leads: { add: [world.amo.control.leadEvent({ id: lead.id })] } },
      });
      assert.equal(header.status, 200);
      await eventually(async () => (await jobsOf(lead.id)) === 1, 15_000, 'the job from the header-authenticated hook');
    });

    test('retries and concurrent deliveries of one deal make one job; gaps become notes; a deleted deal cancels it', async () => {
      const lead = seedDeal(world, { client: 'Без телефона' });
      const deliveries = await Promise.all(
        [1, 2, 3, 4].map(() => sendLeadWebhook(world, lead.id)).concat(sendLeadWebhook(world, lead.id, 'update')),
      );
      assert.ok(deliveries.every((each) => each.status === 200));
      await queueDrained();
      assert.equal(await jobsOf(lead.id), 1);
      const job = (await world.admin.get('/api/dispatch/jobs')).body.results.find((each: any) => each.amocrm_lead_id === lead.id);
      const detail = (await world.admin.get(`/api/dispatch/jobs/${job.id}`)).body;
      assert.equal(detail.history.filter((entry: any) => entry.event === 'created').length, 1);
      const notes = detail.history.filter((entry: any) => entry.event === 'note').map((entry: any) => entry.note);
      assert.ok(
        notes.some((note: string) => /has no phone/.test(note)),
        notes.join(' | '),
      );
      assert.ok(
        notes.some((note: string) => /has no address/.test(note)),
        notes.join(' | '),
      );
      assert.equal(job.client_phone, null);

      world.amo.control.deleteLead(lead.id);
      assert.equal((await sendLeadWebhook(world, lead.id, 'update')).status, 200);
      await queueDrained();
      const after404 = (await world.admin.get(`/api/dispatch/jobs/${job.id}`)).body;
      assert.ok(after404.history.some((entry: any) => /no longer has deal/.test(entry.note ?? '')));
      const deleted = await world.amo.control.sendWebhook({
        url: `${world.server.url}/webhook/amocrm`,
        secret: webhookSecret,
        events: { leads: { delete: [world.amo.control.deletedLeadEvent({ id: lead.id })] } },
      });
      assert.equal(deleted.status, 200);
      await eventually(
        async () => (await world.admin.get(`/api/dispatch/jobs/${job.id}`)).body.status === 'cancelled',
        15_000,
        'the cancel',
      );
    });

    test('two admins pressing at once: exactly one assignment, the other hears who has it', async () => {
      const { sim, token } = world;
      const first = await joinCrew(world, 'admin', { first_name: 'Админ Один' });
      const second = await joinCrew(world, 'admin', { first_name: 'Админ Два' });
      await joinCrew(world, 'measurer', { first_name: 'Марат' });
      await joinCrew(world, 'measurer', { first_name: 'Самат' });
      const lead = seedDeal(world, { client: 'Гонка', phone: '+7701', address: 'Тулебаева 1' });
      await sendLeadWebhook(world, lead.id);
      const offers = await Promise.all(
        [first, second].map((admin) =>
          sim.waitForSent(
            token,
            admin.user.id,
            (message) => /Новый замер/.test(message.text ?? '') && /Гонка/.test(message.text ?? ''),
            15_000,
          ),
        ),
      );
      sim.pressButton(token, { from: first.user.id, message_id: offers[0]!.message_id, text: 'Марат' });
      sim.pressButton(token, { from: second.user.id, message_id: offers[1]!.message_id, text: 'Самат' });
      const answers = await Promise.all(
        [first, second].map((admin) =>
          sim.waitForSent(token, admin.user.id, (message) => /назначен: |уже назначен/.test(message.text ?? ''), 10_000),
        ),
      );
      const texts = answers.map((answer) => answer.text!);
      assert.equal(texts.filter((each) => /уже назначен/.test(each)).length, 1, texts.join(' | '));
      const job = (await world.admin.get('/api/dispatch/jobs?status=assigned')).body.results.find(
        (each: any) => each.amocrm_lead_id === lead.id,
      );
      assert.match(texts.join(' '), new RegExp(`уже назначен: ${job.measurer.name}`));
      const history = (await world.admin.get(`/api/dispatch/jobs/${job.id}`)).body.history;
      assert.equal(history.filter((entry: any) => entry.event === 'assign').length, 1);
    });

    test("a contact's new phone and name reach the open job of its deal (contact webhook)", async () => {
      const { amo } = world;
      const lead = seedDeal(world, { client: 'Ольга Смирнова', phone: '+77010000001', address: 'Толе би 5' });
      await sendLeadWebhook(world, lead.id);
      await queueDrained();
      const jobOf = async () =>
        (await world.admin.get('/api/dispatch/jobs?status=pending&limit=200')).body.results.find(
          (each: any) => each.amocrm_lead_id === lead.id,
        );
      assert.equal((await jobOf()).client_phone, '+77010000001');
      const contactId = lead.contacts[0]!.id;
      // The user edits the contact in AmoCRM (the fake replaces it under the same id), and AmoCRM sends contacts[update].
      amo.control.seedContact({ id: contactId, name: 'Ольга Иванова', phones: [{ value: '+77019999999', enum_code: 'MOB' }] });
      const delivery = await amo.control.sendWebhook({
        url: `${world.server.url}/webhook/amocrm`,
        secret: webhookSecret,
        events: { contacts: { update: [amo.control.contactEvent({ id: contactId })] } },
      });
      assert.deepEqual([delivery.status, JSON.parse(delivery.responseBody).queued], [200, 1], JSON.stringify(delivery));
      const job = await eventually(
        async () => {
          const found = await jobOf();
          return found?.client_phone === '+77019999999' ? found : undefined;
        },
        15_000,
        'the job to carry the new phone',
      );
      assert.equal(job.client_name, 'Ольга Иванова');
      // The board pages each column: one more than the page says whether another follows.
      const all = (await world.admin.get('/api/dispatch/jobs?limit=200')).body;
      const pageOne = (await world.admin.get('/api/dispatch/jobs?limit=1')).body;
      const pageTwo = (await world.admin.get('/api/dispatch/jobs?limit=1&offset=1')).body;
      assert.deepEqual([pageOne.has_more, all.has_more, pageOne.results.length], [true, false, 1]);
      assert.deepEqual([pageOne.results[0].id, pageTwo.results[0].id], [all.results[0].id, all.results[1].id]);
      const history = (await world.admin.get(`/api/dispatch/jobs/${job.id}`)).body.history;
      assert.match(history.find((entry: any) => entry.event === 'contact_updated').note, /Ольга Иванова, \+77019999999/);
    });

    test("AmoCRM's 429 with Retry-After: the deal is fetched again after the asked wait, and the job is made", async () => {
      const { amo } = world;
      const lead = seedDeal(world, { client: 'Лимит', phone: '+77015550429', address: 'Сатпаева 4' });
      const path = `/api/v4/leads/${lead.id}`;
      amo.control.injectFault({ fault: { kind: 'rate-limit', retryAfterSeconds: 1 }, count: 2, pathPrefix: path, method: 'GET' });
      assert.equal((await sendLeadWebhook(world, lead.id)).status, 200);
      await eventually(async () => (await jobsOf(lead.id)) === 1, 60_000, 'the job despite two 429s');
      const asked = amo.control.requests({ method: 'GET', pathPrefix: path }).filter((each) => each.path === path);
      assert.deepEqual(
        asked.slice(0, 3).map((each) => each.status),
        [429, 429, 200],
        'two refusals, then the answer',
      );
      // Each retry came no sooner than the second the 429 asked for (the fake's clock only moves forward).
      assert.ok(asked[1]!.at - asked[0]!.at >= 990 && asked[2]!.at - asked[1]!.at >= 990, JSON.stringify(asked.map((each) => each.at)));
      assert.deepEqual(
        [retryDelayMs('2', 1), retryDelayMs(null, 3), retryDelayMs(new Date(10_000).toUTCString(), 1, 4_000), retryDelayMs('soon', 2)],
        [2000, 3000, 6000, 2000],
      );
    });

    test('tokens: stored sealed, refreshed once on a 401 however many calls need it, and a refused refresh asks for re-authorisation', async () => {
      const { amo } = world;
      const used = amo.control.requests({ pathPrefix: '/api/v4/leads/' }).at(-1)!.headers.authorization as string;
      const stored = await sql<{
        access_token: string;
        refresh_token: string;
      }>`SELECT access_token, refresh_token FROM dispatch_amocrm_auth`.execute(db());
      assert.ok(!JSON.stringify(stored.rows).includes(used.replace('Bearer ', '')), 'the access token is sealed at rest');
      amo.control.setClock({ advanceMs: 25 * 3600_000 });
      amo.control.clearRequests();
      const leads = [1, 2, 3].map((index) => seedDeal(world, { client: `После суток ${index}`, phone: '+7702', address: 'a' }));
      await Promise.all(leads.map((lead) => sendLeadWebhook(world, lead.id)));
      await queueDrained();
      for (const lead of leads) assert.equal(await jobsOf(lead.id), 1);
      assert.equal(amo.control.requests({ pathPrefix: '/oauth2/access_token' }).length, 1, 'one refresh for every caller');

      amo.control.setClock({ advanceMs: 92 * 86_400_000 });
      const stale = seedDeal(world, { client: 'Через три месяца', phone: '+7703', address: 'b' });
      assert.equal((await sendLeadWebhook(world, stale.id)).status, 200, 'webhooks keep being acknowledged');
      const status = await eventually(
        async () => {
          const body = (await world.admin.get('/api/dispatch/amocrm')).body;
          return body.state === 'needs_reauthorization' ? body : undefined;
        },
        15_000,
        'needs re-authorisation',
      );
      assert.match(status.authorize_url, /^https:\/\/www\.amocrm\.ru\/oauth\?client_id=/);
      assert.equal(await jobsOf(stale.id), 0);
      // The refusal is recorded before the job fails, so the job's retry state may come a moment after it.
      await eventually(
        async () =>
          (await count(
            sql<{ count: number }>`SELECT count(*)::int AS count FROM pgboss.job WHERE name = 'dispatch-lead' AND state = 'retry'`,
          )) >= 1,
        30_000,
        'the event to wait in the queue (retry)',
      );

      const state = new URL(status.authorize_url).searchParams.get('state')!;
      assert.equal((await world.admin.get(`/api/dispatch/amocrm/oauth?code=x&state=forged`)).status, 400);
      const { code } = amo.control.issueAuthorizationCode();
      const redirect = await fetch(
        `${world.server.url}/api/dispatch/amocrm/oauth?code=${encodeURIComponent(code)}&state=${encodeURIComponent(state)}`,
      );
      assert.equal(redirect.status, 200, await redirect.clone().text());
      assert.equal((await world.admin.get('/api/dispatch/amocrm')).body.state, 'ok');
      const reused = await fetch(
        `${world.server.url}/api/dispatch/amocrm/oauth?code=${encodeURIComponent(code)}&state=${encodeURIComponent(state)}`,
      );
      assert.equal(reused.status, 422);
    });
  });
}
