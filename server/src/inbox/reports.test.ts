// Issue 26: GET /api/reports/overview. A data set built through real HTTP (Bot API simulator messages, operator
// replies, notes, labels, resolutions) and the report checked against figures this test computes itself from
// the conversations' messages as the API lists them. The server's clock is fixed, so the queue's waits are exact.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import { signInWithToken, type ApiClient } from '../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../testing/harness.ts';
import { eventually } from '../testing/ws-client.ts';

/** Linear interpolation between closest ranks, as PostgreSQL's percentile_cont. */
function percentile(values: number[], fraction: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = fraction * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

interface Fact {
  kind: 'opened' | 'first_response' | 'resolved';
  at: number;
  seconds: number | null;
  operatorId: number | null;
  chatId: number;
}

/** The report's facts, worked out from one conversation's messages (oldest first) and its holder. */
function factsOf(chatId: number, messages: any[], holder: number | null): Fact[] {
  const at = (message: any) => Date.parse(message.created_at);
  const facts: Fact[] = [{ kind: 'opened', at: at(messages[0]), seconds: null, operatorId: holder, chatId }];
  const firstIn = messages.find((message) => message.direction === 'in');
  const isReply = (message: any) =>
    message.direction === 'out' && message.sender_type === 'admin' && !['note', 'service'].includes(message.kind);
  const reply = firstIn && messages.find((message) => isReply(message) && at(message) >= at(firstIn));
  if (reply)
    facts.push({
      kind: 'first_response',
      at: at(firstIn),
      seconds: (at(reply) - at(firstIn)) / 1000,
      operatorId: reply.sender_staff_id,
      chatId,
    });
  let since: number | null = null;
  for (const message of messages) {
    if (message.direction === 'in' && since === null) since = at(message);
    if (message.service?.code === 'resolved') {
      facts.push({
        kind: 'resolved',
        at: at(message),
        seconds: since === null ? null : (at(message) - since) / 1000,
        operatorId: message.sender_staff_id,
        chatId,
      });
      since = null;
    }
  }
  return facts;
}

function figuresOf(facts: Fact[]) {
  const round = (value: number | null) => (value === null ? null : Math.round(value * 1000) / 1000);
  const durations = (kind: Fact['kind']) => {
    const values = facts.filter((fact) => fact.kind === kind && fact.seconds !== null).map((fact) => fact.seconds!);
    return { count: values.length, median_seconds: round(percentile(values, 0.5)), p90_seconds: round(percentile(values, 0.9)) };
  };
  return {
    opened: facts.filter((fact) => fact.kind === 'opened').length,
    resolved: facts.filter((fact) => fact.kind === 'resolved').length,
    first_response: durations('first_response'),
    resolution: durations('resolved'),
  };
}

/** Sub-millisecond differences come from rounding percentiles at different steps: compare to the millisecond. */
function assertFigures(actual: any, expected: ReturnType<typeof figuresOf>, what: string) {
  const near = (a: number | null, b: number | null) => (a === null || b === null ? a === b : Math.abs(a - b) <= 0.0015);
  assert.equal(actual.opened, expected.opened, `${what}: opened`);
  assert.equal(actual.resolved, expected.resolved, `${what}: resolved`);
  for (const key of ['first_response', 'resolution'] as const) {
    assert.equal(actual[key].count, expected[key].count, `${what}: ${key} count`);
    for (const figure of ['median_seconds', 'p90_seconds'] as const)
      assert.ok(
        near(actual[key][figure], expected[key][figure]),
        `${what}: ${key} ${figure} ${actual[key][figure]} ≠ ${expected[key][figure]}`,
      );
  }
}

for (const engine of testEngines()) {
  describe(`reports on ${engine}`, () => {
    let sim: Simulator;
    let server: TestServer;
    let admin: ApiClient;
    let olga: ApiClient;
    let ivan: ApiClient;
    let token: string;
    const ids = { admin: 0, olga: 0, ivan: 0 };
    // Fixed an hour ahead of the data: the queue's waits are then exact, whatever the load.
    const clockMs = Date.now() + 3_600_000;
    const from = new Date(Date.now() - 60_000).toISOString();
    const to = new Date(clockMs + 60_000).toISOString();
    const chats: Record<string, number> = {};
    let labelId = 0;

    async function customerSays(user: { id: number }, text: string): Promise<number> {
      sim.sendText(token, { from: user.id, text });
      const message = await eventually(
        async () => (await admin.get('/api/messages/?limit=200')).body.results.find((item: any) => item.text === text),
        60_000,
        `the customer's "${text}"`,
      );
      return message.chat_id;
    }
    async function replies(client: ApiClient, chatId: number, text: string) {
      assert.equal((await client.post(`/api/chats/${chatId}/messages`, { text })).status, 201);
    }
    const resolves = async (client: ApiClient, chatId: number) =>
      assert.equal((await client.post(`/api/chats/${chatId}/resolve`)).body.status, 'resolved');
    const report = async (client: ApiClient, query = '') =>
      client.get(`/api/reports/overview?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}${query}`);

    /** Every fact of the data set, from the messages as the API lists them. */
    async function expectedFacts(): Promise<Fact[]> {
      const facts: Fact[] = [];
      for (const chatId of Object.values(chats)) {
        const messages = (await admin.get(`/api/messages/by_chat?chat_id=${chatId}&limit=200`)).body.results.sort(
          (a: any, b: any) => a.id - b.id,
        );
        const holder = (await admin.get(`/api/chats/${chatId}`)).body.assigned_operator_id ?? null;
        facts.push(...factsOf(chatId, messages, holder));
      }
      return facts;
    }

    before(async () => {
      sim = await startTelegramSimulator();
      token = sim.createBot({ username: 'reports_bot' }).token;
      server = await startTestServer(
        engine,
        { TELEGRAM_API_ROOT: sim.apiRoot, TELEGRAM_BOT_TOKEN: token, TELEGRAM_MODE: 'polling' },
        undefined,
        { clock: () => new Date(clockMs) },
      );
      admin = await signInWithToken(server.url, testAdmin);
      ids.admin = (await admin.get('/api/auth/me')).body.user.id;
      assert.equal((await admin.put('/api/inbox/policy', { auto_assign: false, operators_see_unassigned: false })).status, 200);
      for (const [name, key] of [
        ['Olga', 'olga'],
        ['Ivan', 'ivan'],
      ] as const) {
        const created = await admin.post('/api/operators', {
          name,
          email: `${key}@example.com`,
          password: `password-${key}-1`,
          max_chats: 9,
        });
        ids[key] = created.body.id;
      }
      olga = await signInWithToken(server.url, { email: 'olga@example.com', password: 'password-olga-1' });
      ivan = await signInWithToken(server.url, { email: 'ivan@example.com', password: 'password-ivan-1' });
      labelId = (await admin.post('/api/labels', { name: '=SUM(1+1)', color: 'teal' })).body.id;

      // A: Olga answers and resolves; the customer writes again, which reopens it, and she resolves it again.
      const anna = sim.createUser({ first_name: 'Anna' });
      chats.a = await customerSays(anna, 'a: where is my parcel?');
      await admin.post(`/api/chats/${chats.a}/assign`, { operator_id: ids.olga });
      await replies(olga, chats.a, 'a: on its way');
      await resolves(olga, chats.a);
      await customerSays(anna, 'a: it came, but broken');
      await customerSays(anna, 'a: photo attached');
      await replies(olga, chats.a, 'a: sending a new one');
      await resolves(olga, chats.a);
      // B: Ivan's, labelled; two customer messages before his reply.
      const boris = sim.createUser({ first_name: 'Boris' });
      chats.b = await customerSays(boris, 'b: invoice please');
      await customerSays(boris, 'b: for March');
      await admin.post(`/api/chats/${chats.b}/assign`, { operator_id: ids.ivan });
      await admin.put(`/api/chats/${chats.b}/labels`, { label_ids: [labelId] });
      await replies(ivan, chats.b, 'b: here it is');
      await resolves(ivan, chats.b);
      // C: Olga's, with only a private note: no first response, and still waiting.
      chats.c = await customerSays(sim.createUser({ first_name: 'Clara' }), 'c: can I change the size?');
      await admin.post(`/api/chats/${chats.c}/assign`, { operator_id: ids.olga });
      assert.equal((await olga.post(`/api/chats/${chats.c}/notes`, { text: 'c: ask the warehouse' })).status, 201);
      // D: nobody's, unanswered: the queue.
      chats.d = await customerSays(sim.createUser({ first_name: 'Dmitry' }), 'd: hello?');
      // E: the admin answers and resolves it without taking it.
      chats.e = await customerSays(sim.createUser({ first_name: 'Elena' }), 'e: opening hours?');
      await replies(admin, chats.e, 'e: 9 to 18');
      await resolves(admin, chats.e);
    });
    after(async () => {
      await server.stop();
      await sim.stop();
    });

    test('totals and each grouping match the figures computed from the messages', async () => {
      const facts = await expectedFacts();
      const overview = (await report(admin)).body;
      assert.equal(overview.operator_id, null);
      assert.equal(overview.group_by, 'none');
      assert.deepEqual(overview.groups, []);
      assertFigures(overview.totals, figuresOf(facts), 'totals');
      assert.equal(overview.totals.opened, 5);
      assert.equal(overview.totals.resolved, 4);
      assert.equal(overview.totals.first_response.count, 3, 'A, B and E were answered; a note answers nobody');
      assert.equal(overview.totals.resolution.count, 4);

      const byOperator = (await report(admin, '&group_by=operator')).body;
      const operatorKeys = [ids.admin, ids.olga, ids.ivan, null];
      assert.deepEqual(
        byOperator.groups.map((group: any) => group.key),
        operatorKeys.filter((key) => facts.some((fact) => fact.operatorId === key)).sort((a, b) => (a ?? Infinity) - (b ?? Infinity)),
      );
      for (const group of byOperator.groups)
        assertFigures(group, figuresOf(facts.filter((fact) => fact.operatorId === group.key)), `operator ${group.key}`);
      assert.equal(byOperator.groups.find((group: any) => group.key === ids.olga).name, 'Olga');

      const byLabel = (await report(admin, '&group_by=label')).body;
      assert.deepEqual(
        byLabel.groups.map((group: any) => [group.key, group.name]),
        [
          [labelId, '=SUM(1+1)'],
          [null, ''],
        ],
      );
      assertFigures(byLabel.groups[0], figuresOf(facts.filter((fact) => fact.chatId === chats.b)), 'the label');
      assertFigures(byLabel.groups[1], figuresOf(facts.filter((fact) => fact.chatId !== chats.b)), 'no label');

      const byChannel = (await report(admin, '&group_by=channel')).body;
      assert.equal(byChannel.groups.length, 1, 'one bot, one channel');
      assert.equal(byChannel.groups[0].key, (await admin.get(`/api/chats/${chats.a}`)).body.channel.id);
      assertFigures(byChannel.groups[0], figuresOf(facts), 'the channel');

      const offset = 330; // +05:30: a half-hour offset moves some facts across an hour
      const byHour = (await report(admin, `&group_by=hour&utc_offset_minutes=${offset}`)).body;
      const hourOf = (at: number) => new Date(at + offset * 60_000).getUTCHours();
      const hours = [...new Set(facts.map((fact) => hourOf(fact.at)))].sort((a, b) => a - b);
      assert.deepEqual(
        byHour.groups.map((group: any) => group.key),
        hours,
      );
      for (const group of byHour.groups) {
        assert.equal(group.name, `${String(group.key).padStart(2, '0')}:00`);
        assertFigures(group, figuresOf(facts.filter((fact) => hourOf(fact.at) === group.key)), `hour ${group.key}`);
      }

      // Per calendar day at the offset: -11:00 puts some of today's facts on another day than UTC would.
      const dayOffset = -660;
      const dayOf = (at: number) => new Date(at + dayOffset * 60_000).toISOString().slice(0, 10);
      const expectedDays = [...new Set(facts.filter((fact) => fact.kind !== 'first_response').map((fact) => dayOf(fact.at)))]
        .sort()
        .map((day) => ({
          day,
          opened: facts.filter((fact) => fact.kind === 'opened' && dayOf(fact.at) === day).length,
          resolved: facts.filter((fact) => fact.kind === 'resolved' && dayOf(fact.at) === day).length,
        }));
      assert.deepEqual((await report(admin, `&utc_offset_minutes=${dayOffset}`)).body.days, expectedDays);
    });

    test('the queue now: waits from the first unanswered customer message, on the server clock', async () => {
      const firstIn = async (chatId: number) =>
        Date.parse(
          (await admin.get(`/api/messages/by_chat?chat_id=${chatId}&limit=200`)).body.results
            .filter((message: any) => message.direction === 'in')
            .sort((a: any, b: any) => a.id - b.id)[0].created_at,
        );
      const [c, d] = [await firstIn(chats.c!), await firstIn(chats.d!)];
      // Open all day, every day; a first response is due within 30 open minutes, and the clock is an hour on.
      const week = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, [['00:00', '24:00']]]));
      const hours = await admin.put('/api/business-hours/default', { time_zone: 'UTC', weekly: week, first_response_minutes: 30 });
      assert.equal(hours.status, 200, JSON.stringify(hours.body));
      const { queue } = (await report(admin)).body;
      const wait = (at: number) => Math.round((clockMs - at) / 1000);
      // The longest wait first; messages are stamped to the second, so a tie goes to the older conversation (C).
      const listed = [
        { chat_id: chats.c, title: 'Clara', assigned_operator_id: ids.olga, waiting_seconds: wait(c), sla: 'breached' },
        { chat_id: chats.d, title: 'Dmitry', assigned_operator_id: null, waiting_seconds: wait(d), sla: 'breached' },
      ].sort((x, y) => y.waiting_seconds - x.waiting_seconds || x.chat_id! - y.chat_id!);
      assert.deepEqual(queue, {
        waiting: 2,
        longest_wait_seconds: wait(Math.min(c, d)),
        unassigned_waiting: 1,
        longest_unassigned_wait_seconds: wait(d),
        sla_breached: 2,
        sla_at_risk: 0,
        conversations: listed,
      });
      // Without targets nothing is breached; the waits stay.
      assert.equal((await admin.put('/api/business-hours/default', { time_zone: 'UTC', weekly: week })).status, 200);
      const plain = (await report(admin)).body.queue;
      assert.equal(plain.sla_breached, 0);
      assert.deepEqual(
        plain.conversations.map((each: any) => [each.chat_id, each.sla]),
        listed.map((each) => [each.chat_id, null]),
      );
    });

    test('an operator reads only their own figures, and not the queue', async () => {
      const facts = await expectedFacts();
      const own = (await report(olga, '&group_by=operator')).body;
      assert.equal(own.operator_id, ids.olga);
      assert.equal(own.queue, null);
      assertFigures(own.totals, figuresOf(facts.filter((fact) => fact.operatorId === ids.olga)), "Olga's totals");
      assert.deepEqual(
        own.groups.map((group: any) => group.key),
        [ids.olga],
      );
      assert.equal(own.totals.opened, 2, 'A and C are hers');
      assert.equal(own.totals.resolved, 2);
      const hersByDay = facts.filter((fact) => fact.operatorId === ids.olga && fact.kind !== 'first_response');
      assert.equal(
        own.days.reduce((sum: number, day: any) => sum + day.opened + day.resolved, 0),
        hersByDay.length,
        'her days count only her facts',
      );
      const his = (await report(ivan)).body;
      assertFigures(his.totals, figuresOf(facts.filter((fact) => fact.operatorId === ids.ivan)), "Ivan's totals");
    });

    test('CSV: a total row and one per group; a name that looks like a formula is defused', async () => {
      const response = await report(admin, '&group_by=label&format=csv');
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^text\/csv/);
      assert.match(response.headers.get('content-disposition') ?? '', /attachment; filename="report-.*-label\.csv"/);
      const lines = String(response.body).trimEnd().split('\r\n');
      assert.equal(
        lines[0],
        'group,key,name,opened,resolved,first_response_count,first_response_median_seconds,first_response_p90_seconds,resolution_count,resolution_median_seconds,resolution_p90_seconds,csat_count,csat_average',
      );
      assert.match(lines[1]!, /^total,,,5,4,3,/);
      assert.match(lines[2]!, new RegExp(`^label,${labelId},'=SUM\\(1\\+1\\),1,1,1,`));
      assert.match(lines[3]!, /^label,,,4,3,2,/);
      assert.equal(lines.length, 4);
    });

    test('the OpenAPI page describes the route and its filters', async () => {
      const spec = (await admin.get('/docs/json')).body;
      const route = spec.paths['/api/reports/overview'].get;
      assert.deepEqual(route.parameters.map((parameter: any) => parameter.name).sort(), [
        'format',
        'from',
        'group_by',
        'to',
        'utc_offset_minutes',
      ]);
    });

    test('bad input is a precise 400', async () => {
      const refused = async (query: string, pattern: RegExp) => {
        const response = await admin.get(`/api/reports/overview?${query}`);
        assert.equal(response.status, 400, query);
        assert.match(JSON.stringify(response.body.error).replaceAll('\\"', '"'), pattern, query);
      };
      await refused(`from=${encodeURIComponent(to)}&to=${encodeURIComponent(from)}`, /"from" must be before "to"/);
      await refused('from=2020-01-01T00:00:00Z&to=2022-01-01T00:00:00Z', /at most 366 days/);
      await refused('group_by=department', /group_by/);
      await refused('utc_offset_minutes=900', /utc_offset_minutes/);
      await refused('from=yesterday', /from/);
      await refused('format=xlsx', /format/);
    });
  });
}
