// Issue 19 from the bot and the API: planned visits (no overlaps), comments to the other participants,
// history, the .ics feed, per-measurer statistics and the CSV/XLSX export.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import ical from 'node-ical';
import { createPng } from '@switchboard/telegram-sim';
import { joinCrew, seedDeal, sendLeadWebhook, startDispatchWorld, type DispatchWorld } from '../../testing/dispatch.fixture.ts';
import { testAdmin, testEngines } from '../../testing/harness.ts';

const hostileClient = `=HYPERLINK("http://evil.test","x")`;
// Visits a week ahead, in a zone without daylight saving (UTC+5), so the expected instants are plain.
const zone = 'Asia/Tashkent';
const day = new Date(Date.now() + 7 * 86_400_000 + 5 * 3_600_000).toISOString().slice(0, 10);

for (const engine of testEngines()) {
  describe(`dispatch part 2 on ${engine}`, () => {
    let world: DispatchWorld;
    let crew: Record<'boss' | 'measurer' | 'manager', Awaited<ReturnType<typeof joinCrew>>>;
    let first: number;
    let second: number;

    const wait = (userId: number, pattern: RegExp) =>
      world.sim.waitForSent(world.token, userId, (message) => pattern.test(message.text ?? ''), 15_000);
    /** A raw fetch's credentials: the export's XLSX is binary, which the JSON test client would decode as text. */
    const authorization = async () => {
      const response = await fetch(`${world.server.url}/api/api-token-auth/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(testAdmin),
      });
      return { authorization: `Token ${((await response.json()) as { token: string }).token}` };
    };
    const say = (userId: number, text: string) => world.sim.sendText(world.token, { from: userId, text });

    before(async () => {
      world = await startDispatchWorld(engine);
      const { admin, amo } = world;
      const settings = await admin.put('/api/apps/dispatch/settings', { address_field_id: world.addressFieldId, time_zone: zone });
      assert.equal(settings.status, 200, JSON.stringify(settings.body));
      crew = {
        boss: await joinCrew(world, 'admin', { first_name: 'Алия' }),
        measurer: await joinCrew(world, 'measurer', { first_name: 'Ерлан' }),
        manager: await joinCrew(world, 'manager', { first_name: 'Dana', language_code: 'en' }),
      };
      const amoUser = amo.control.seedUser({ name: 'Dana' });
      assert.equal((await admin.patch(`/api/dispatch/crew/${crew.manager.member.id}`, { amocrm_user_id: amoUser.id })).status, 200);
      const leads = [
        seedDeal(world, { client: 'Анна Петрова', phone: '+77011234567', address: 'Абая 10', responsible: amoUser.id }),
        seedDeal(world, { client: hostileClient, phone: '+77017654321', address: '@SUM(A1), "Б"' }),
      ];
      for (const lead of leads) assert.equal((await sendLeadWebhook(world, lead.id)).status, 200);
      await wait(crew.boss.user.id, /Новый замер[\s\S]*Анна Петрова/);
      await wait(crew.boss.user.id, /Новый замер[\s\S]*HYPERLINK/);
      const jobs = (await admin.get('/api/dispatch/jobs')).body.results as Array<{ id: number; amocrm_lead_id: number }>;
      first = jobs.find((job) => job.amocrm_lead_id === leads[0]!.id)!.id;
      second = jobs.find((job) => job.amocrm_lead_id === leads[1]!.id)!.id;
    });
    after(async () => {
      await world.stop();
    });

    test('visits: the measurer plans one in the bot, an overlapping one is refused naming the other job, in the bot and the API', async () => {
      const { sim, token, admin } = world;
      const offer = await wait(crew.boss.user.id, /Новый замер[\s\S]*Анна Петрова/);
      sim.pressButton(token, { from: crew.boss.user.id, message_id: offer.message_id, text: 'Ерлан' });
      await wait(crew.measurer.user.id, new RegExp(`Вам назначен замер[\\s\\S]*#${first} `));

      say(crew.measurer.user.id, `/visit ${first} ${day} 10:00 90`);
      await wait(crew.measurer.user.id, new RegExp(`Визит по замеру #${first}: ${day} 10:00 \\(90 мин\\)`));
      say(crew.measurer.user.id, `/visit ${first} tomorrow`);
      await wait(crew.measurer.user.id, /Напишите так: \/visit/);

      // The second job, unassigned, may sit at the same time; giving it to Ерлан then is refused.
      const planned = await admin.put(`/api/dispatch/jobs/${second}/visit`, { planned_at: `${day}T11:00:00+05:00` });
      assert.equal(planned.status, 200, JSON.stringify(planned.body));
      assert.deepEqual(planned.body, {
        id: second,
        planned_at: `${day}T06:00:00.000Z`,
        planned_end_at: `${day}T07:00:00.000Z`,
        duration_minutes: 60,
      });
      const offer2 = await wait(crew.boss.user.id, /Новый замер[\s\S]*HYPERLINK/);
      sim.pressButton(token, { from: crew.boss.user.id, message_id: offer2.message_id, text: 'Ерлан' });
      await wait(crew.boss.user.id, new RegExp(`Время занято: у замерщика уже визит по замеру #${first} \\(${day} 10:00\\)`));
      assert.equal((await admin.get(`/api/dispatch/jobs/${second}`)).body.status, 'pending');

      assert.equal((await admin.put(`/api/dispatch/jobs/${second}/visit`, { planned_at: `${day}T11:30:00+05:00` })).status, 200);
      sim.pressButton(token, { from: crew.boss.user.id, message_id: offer2.message_id, text: 'Ерлан' });
      await wait(crew.boss.user.id, new RegExp(`Замер #${second} назначен: Ерлан`));
      await wait(crew.measurer.user.id, new RegExp(`Вам назначен замер[\\s\\S]*#${second} `));

      const overlap = await admin.put(`/api/dispatch/jobs/${second}/visit`, {
        planned_at: `${day}T05:00:00Z`,
        duration_minutes: 30,
      });
      assert.equal(overlap.status, 409);
      assert.equal(overlap.body.error.code, 'visit_overlap');
      assert.match(overlap.body.error.message, new RegExp(`job ${first} from ${day}T05:00:00.000Z`));
      say(crew.measurer.user.id, `/visit ${second} ${day} 11:00`);
      await wait(crew.measurer.user.id, new RegExp(`Время занято: у замерщика уже визит по замеру #${first}`));

      // The web calendar's day: Ерлан's visits overlapping it, earliest first; a visit ending at its start is not in it.
      const calendar = (from: string, to: string) =>
        admin.get(`/api/dispatch/jobs?measurer=${crew.measurer.member.id}&planned_from=${from}&planned_to=${to}`);
      const dayList = await calendar(`${day}T00:00:00%2B05:00`, `${day}T23:59:00%2B05:00`);
      assert.equal(dayList.status, 200, JSON.stringify(dayList.body));
      assert.deepEqual(
        dayList.body.results.map((job: any) => [job.id, job.planned_at, job.duration_minutes]),
        [
          [first, `${day}T05:00:00.000Z`, 90],
          [second, `${day}T06:30:00.000Z`, 60],
        ],
      );
      assert.deepEqual(
        (await calendar(`${day}T06:30:00Z`, `${day}T07:00:00Z`)).body.results.map((job: any) => job.id),
        [second],
      );
      const backwards = await calendar(`${day}T07:00:00Z`, `${day}T06:00:00Z`);
      assert.equal(backwards.status, 400);
      assert.equal(backwards.body.error.code, 'invalid_value');

      const bad = await admin.put(`/api/dispatch/jobs/${second}/visit`, { planned_at: 'tomorrow' });
      assert.equal(bad.status, 400);
      assert.equal((await admin.put('/api/dispatch/jobs/999999/visit', { planned_at: null })).status, 404);
      say(crew.manager.user.id, `/visit ${first} 2026-12-11 10:00`);
      await wait(crew.manager.user.id, /You take no part in this job/);
    });

    test('comments reach the other participants; the history shows every change, in the bot and the API', async () => {
      const { admin } = world;
      say(crew.measurer.user.id, `/comment ${first} Клиент просит позвонить за час`);
      await wait(crew.measurer.user.id, new RegExp(`Комментарий к замеру #${first} отправлен`));
      await wait(crew.boss.user.id, new RegExp(`💬 Ерлан о замере #${first} \\(Анна Петрова\\):\\nКлиент просит позвонить за час`));
      await wait(crew.manager.user.id, new RegExp(`💬 Ерлан on job #${first} \\(Анна Петрова\\):\\nКлиент просит позвонить за час`));

      const posted = await admin.post(`/api/dispatch/jobs/${first}/comments`, { text: 'Ключи у консьержа' });
      assert.equal(posted.status, 201, JSON.stringify(posted.body));
      await wait(crew.measurer.user.id, new RegExp(`о замере #${first} \\(Анна Петрова\\):\\nКлючи у консьержа`));
      assert.equal((await admin.post(`/api/dispatch/jobs/${first}/comments`, { text: '   ' })).status, 400);
      assert.equal((await admin.post('/api/dispatch/jobs/999999/comments', { text: 'x' })).status, 404);

      const history = await admin.get(`/api/dispatch/jobs/${first}/history`);
      assert.equal(history.status, 200);
      assert.deepEqual(
        history.body.results.map((entry: any) => entry.event),
        ['created', 'assign', 'planned', 'comment', 'comment'],
      );
      const comment = history.body.results[3];
      assert.deepEqual(
        { actor: comment.actor, note: comment.note },
        { actor: { kind: 'crew', id: crew.measurer.member.id, name: 'Ерлан' }, note: 'Клиент просит позвонить за час' },
      );
      assert.equal(history.body.results[4].actor.kind, 'staff');

      say(crew.manager.user.id, `/history ${first}`);
      const shown = await wait(crew.manager.user.id, new RegExp(`History of job #${first}:`));
      assert.match(shown.text!, /assigned → 📋 Assigned — Алия/);
      assert.match(shown.text!, new RegExp(`visit → 📋 Assigned — Ерлан: ${day} 10:00, 90m`));
      assert.match(shown.text!, /comment — Ерлан: Клиент просит позвонить за час/);
      say(crew.manager.user.id, `/history ${second}`);
      await wait(crew.manager.user.id, /You take no part in this job/);
    });

    test('photos and documents the measurer sends to a job are stored, listed with signed links, in the bot and the API', async () => {
      const { sim, token, admin, server } = world;
      say(crew.measurer.user.id, `/photos ${first}`);
      await wait(crew.measurer.user.id, new RegExp(`К замеру #${first} файлов пока нет`));
      const prompt = await wait(crew.measurer.user.id, new RegExp(`Пришлите фото или документы к замеру #${first}`));
      const photo = createPng(40, 30);
      const plan = Buffer.from('%PDF-1.4 the plan of the flat');
      sim.sendPhoto(token, { from: crew.measurer.user.id, bytes: photo });
      await wait(crew.measurer.user.id, new RegExp(`Сохранено к замеру #${first}: 1`));
      sim.sendDocument(token, { from: crew.measurer.user.id, bytes: plan, file_name: 'plan.pdf', mime_type: 'application/pdf' });
      await wait(crew.measurer.user.id, new RegExp(`Сохранено к замеру #${first}: 2`));
      sim.pressButton(token, { from: crew.measurer.user.id, message_id: prompt.message_id, text: '✅ Готово' });
      await wait(crew.measurer.user.id, new RegExp(`К замеру #${first} добавлено файлов: 2`));

      const listed = await admin.get(`/api/dispatch/jobs/${first}/files`);
      assert.equal(listed.status, 200, JSON.stringify(listed.body));
      assert.equal(listed.body.results.length, 2);
      const [photoFile, planFile] = listed.body.results;
      assert.equal(planFile.name, 'plan.pdf');
      assert.equal(planFile.content_type, 'application/pdf');
      assert.equal(photoFile.crew_id, crew.measurer.member.id);
      assert.deepEqual(Buffer.from(await (await fetch(`${server.url}${photoFile.url}`)).arrayBuffer()), photo);
      assert.deepEqual(Buffer.from(await (await fetch(`${server.url}${planFile.url}`)).arrayBuffer()), plan);
      assert.equal((await admin.get('/api/dispatch/jobs/999999/files')).status, 404);
      const history = (await admin.get(`/api/dispatch/jobs/${first}/history`)).body.results.filter((entry: any) => entry.event === 'file');
      assert.deepEqual(
        history.map((entry: any) => entry.note),
        [photoFile.name, 'plan.pdf'],
      );

      // The manager sees the files (links), and cannot add any.
      say(crew.manager.user.id, `/photos ${first}`);
      const shown = await wait(crew.manager.user.id, new RegExp(`Files of job #${first}:`));
      assert.match(shown.text!, /plan\.pdf: \/api\/app-files\/dispatch\//);
      // The photo itself comes back as a file in the chat (the channel's way of sending one), not only as a link;
      // the PDF stays a link.
      const picture = await sim.waitForSent(token, crew.manager.user.id, (message) => message.caption === photoFile.name, 15_000);
      assert.notEqual(picture.kind, 'text');
      assert.deepEqual(picture.files[0]?.bytes, photo);
      assert.equal(
        sim.sentMessages(token, crew.manager.user.id).some((message) => message.kind !== 'text' && message.caption !== photoFile.name),
        false,
      );
      assert.equal(
        sim.sentMessages(token, crew.manager.user.id).some((message) => /Send photos or documents/.test(message.text ?? '')),
        false,
      );
    });

    test('the .ics feed lists the measurer’s visits at a secret URL until revoked', async () => {
      const { admin, server } = world;
      const issued = await admin.post(`/api/dispatch/crew/${crew.measurer.member.id}/calendar`, {});
      assert.equal(issued.status, 200, JSON.stringify(issued.body));
      const feed = await fetch(`${server.url}${issued.body.path}`);
      assert.equal(feed.status, 200);
      assert.match(feed.headers.get('content-type') ?? '', /^text\/calendar/);
      const events = Object.values(ical.sync.parseICS(await feed.text())).filter((each): each is ical.VEvent => each?.type === 'VEVENT');
      const byUid = new Map(events.map((event) => [event.uid, event]));
      assert.equal(events.length, 2);
      const visit = byUid.get(`dispatch-job-${first}@switchboard`)!;
      assert.equal(String(visit.summary), `Замер #${first}: Анна Петрова`);
      assert.equal(String(visit.location), 'Абая 10');
      assert.equal(visit.start.toISOString(), `${day}T05:00:00.000Z`);
      assert.equal(visit.end!.toISOString(), `${day}T06:30:00.000Z`);
      assert.equal(byUid.get(`dispatch-job-${second}@switchboard`)!.start.toISOString(), `${day}T06:30:00.000Z`);

      // A new link revokes the old one; deleting revokes the new one.
      const rotated = await admin.post(`/api/dispatch/crew/${crew.measurer.member.id}/calendar`, {});
      assert.equal((await fetch(`${server.url}${issued.body.path}`)).status, 404);
      assert.equal((await fetch(`${server.url}${rotated.body.path}`)).status, 200);
      assert.equal((await admin.delete(`/api/dispatch/crew/${crew.measurer.member.id}/calendar`)).status, 204);
      assert.equal((await fetch(`${server.url}${rotated.body.path}`)).status, 404);
      say(crew.measurer.user.id, '/calendar');
      await wait(crew.measurer.user.id, /PUBLIC_URL/);
    });

    test('statistics per measurer in the API and /stats; the export as CSV and XLSX, formula-safe', async () => {
      const { sim, token, admin } = world;
      // Ерлан completes the first job (well before its planned end: on time) and the second is cancelled.
      const assigned = await wait(crew.measurer.user.id, new RegExp(`Вам назначен замер[\\s\\S]*#${first} `));
      sim.pressButton(token, { from: crew.measurer.user.id, message_id: assigned.message_id, text: '🔄 Начать выполнение' });
      const started = await wait(crew.measurer.user.id, new RegExp(`#${first}[\\s\\S]*В процессе`));
      sim.pressButton(token, { from: crew.measurer.user.id, message_id: started.message_id, text: '✅ Завершить' });
      await wait(crew.measurer.user.id, new RegExp(`Замер #${first} выполнен. Спасибо`));
      // The second job's offer was edited when it was assigned: its ❌ still cancels it.
      const offer2 = await wait(crew.boss.user.id, /Замер взят: Ерлан[\s\S]*HYPERLINK/);
      sim.pressButton(token, { from: crew.boss.user.id, message_id: offer2.message_id, text: '❌ Отменить' });
      await wait(crew.boss.user.id, new RegExp(`Замер #${second} отменён`));

      const from = new Date(Date.now() - 86_400_000).toISOString();
      const to = new Date(Date.now() + 86_400_000).toISOString();
      const stats = await admin.get(`/api/dispatch/stats?period=month&from=${from}&to=${to}`);
      assert.equal(stats.status, 200, JSON.stringify(stats.body));
      assert.equal(stats.body.results.length, 1);
      const [row] = stats.body.results;
      assert.deepEqual(row.measurer, { id: crew.measurer.member.id, name: 'Ерлан' });
      const { median_assignment_to_completion_seconds: median, ...total } = row.total;
      assert.deepEqual(total, { completed: 1, cancelled: 1, planned_completed: 1, on_time: 1, on_time_share: 1 });
      assert.ok(median >= 0 && median < 3600, String(median));
      assert.equal(
        row.buckets.reduce((sum: number, bucket: any) => sum + bucket.completed + bucket.cancelled, 0),
        2,
      );
      assert.equal((await admin.get(`/api/dispatch/stats?from=${to}&to=${from}`)).status, 400);
      assert.equal((await admin.get(`/api/dispatch/stats?period=year&from=${from}&to=${to}`)).status, 400);

      say(crew.boss.user.id, '/stats');
      await wait(crew.boss.user.id, /Статистика за 30 дней:\nЕрлан: выполнено 1, медиана 0 ч \d+ мин, вовремя 100%, отмен 1/);
      say(crew.measurer.user.id, '/stats');
      await wait(crew.measurer.user.id, /для роли «Администратор»/);

      const csv = await fetch(`${world.server.url}/api/dispatch/export.csv?measurer=${crew.measurer.member.id}`, {
        headers: await authorization(),
      });
      assert.equal(csv.status, 200);
      const lines = (await csv.text())
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\r\n');
      assert.equal(
        lines[0],
        'id,amocrm_lead_id,status,client_name,client_phone,address,measurer,manager,created_at,assigned_at,planned_at,planned_end_at,completed_at,cancelled_at',
      );
      assert.equal(lines.length, 3);
      const hostile = lines.find((line) => line.startsWith(`${second},`))!;
      assert.ok(hostile.includes(`,"'=HYPERLINK(""http://evil.test"",""x"")",'+77017654321,"'@SUM(A1), ""Б""",Ерлан,,`), hostile);
      assert.match(
        lines.find((line) => line.startsWith(`${first},`))!,
        /,completed,Анна Петрова,'\+77011234567,Абая 10,Ерлан,Dana,/,
      );

      const xlsx = await fetch(`${world.server.url}/api/dispatch/export.xlsx?status=completed`, { headers: await authorization() });
      assert.equal(xlsx.status, 200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(await xlsx.arrayBuffer());
      const sheet = workbook.getWorksheet('jobs')!;
      assert.equal(sheet.rowCount, 2);
      assert.equal(sheet.getCell('A1').value, 'id');
      assert.equal(sheet.getCell('A2').value, first);
      assert.equal(sheet.getCell('D2').value, 'Анна Петрова');
      assert.equal(sheet.getCell('G2').value, 'Ерлан');
      assert.ok(sheet.getCell('M2').value instanceof Date);
      assert.equal((sheet.getCell('K2').value as Date).toISOString(), `${day}T05:00:00.000Z`);
      const all = await fetch(`${world.server.url}/api/dispatch/export.xlsx`, { headers: await authorization() });
      const everything = new ExcelJS.Workbook();
      await everything.xlsx.load(await all.arrayBuffer());
      const rows = everything.getWorksheet('jobs')!.getRows(2, 2)!;
      const cell = rows.find((each) => each.getCell(1).value === second)!.getCell(4);
      assert.equal(cell.type, ExcelJS.ValueType.String);
      assert.equal(cell.value, hostileClient);
      assert.equal((await admin.get('/api/dispatch/export.csv?status=done')).status, 400);

      // The same export from the bot: /export sends an admin the XLSX and CSV of the period's jobs.
      say(crew.boss.user.id, '/export 7');
      await wait(crew.boss.user.id, /📤 Замеры с .+ по .+: 2\. Файлы XLSX и CSV ниже\./);
      const sent = (name: RegExp) =>
        sim.waitForSent(
          token,
          crew.boss.user.id,
          (message) => message.kind === 'document' && name.test(message.files[0]?.file_name ?? ''),
          15_000,
        );
      const [book, table] = [await sent(/^dispatch-jobs-.*\.xlsx$/), await sent(/^dispatch-jobs-.*\.csv$/)];
      const fromBot = new ExcelJS.Workbook();
      await fromBot.xlsx.load(new Uint8Array(book.files[0]!.bytes).buffer);
      const botRows = fromBot.getWorksheet('jobs')!;
      assert.equal(botRows.rowCount, 3);
      assert.deepEqual([botRows.getCell('A2').value, botRows.getCell('A3').value].sort(), [first, second].sort());
      const botCsv = table.files[0]!.bytes.toString('utf8')
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\r\n');
      assert.equal(botCsv.length, 3);
      assert.ok(
        botCsv.some((line) => line.includes(`,"'=HYPERLINK(`)),
        'formula-safe in the bot too',
      );
      say(crew.boss.user.id, '/export 2000-01-01 2000-01-31');
      await wait(crew.boss.user.id, /^С 2000-01-01 00:00 по 2000-02-01 00:00 новых замеров нет\.$/);
      say(crew.boss.user.id, '/export soon');
      await wait(crew.boss.user.id, /Напишите так: \/export/);
      say(crew.measurer.user.id, '/export');
      // The second refusal (the first answered /stats).
      await sim.waitForSent(
        token,
        crew.measurer.user.id,
        (_message, all) => all.filter((each) => /для роли «Администратор»/.test(each.text ?? '')).length === 2,
        15_000,
      );
    });
  });
}
