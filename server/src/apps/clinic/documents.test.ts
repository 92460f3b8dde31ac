// Documents (issue 21): generated PDFs with the clinic's details in Kazakh, the patient told and served in the
// bot, links that expire after 48 hours (a controlled clock) or are revoked, the 6-hourly cleanup, and the audit.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import { sql } from 'kysely';
import { signInWithToken, type ApiClient } from '../../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../../testing/harness.ts';
import { botSays, buttons, importClinic, registerByBot } from './clinic.fixture.ts';
import { makeIin } from './iin.ts';
import { createClinicApp, type ClinicHandles } from './index.ts';

// Monday 4 March 2030, 08:00 in Almaty (UTC+5).
const monday0800 = Date.parse('2030-03-04T03:00:00Z');
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

function pdfText(pdf: Buffer): string {
  const extracted = spawnSync('pdftotext', ['-layout', '-', '-'], { input: pdf, encoding: 'utf8' });
  assert.equal(extracted.status, 0, `pdftotext (Debian: poppler-utils) failed: ${extracted.stderr ?? extracted.error}`);
  return extracted.stdout;
}

for (const engine of testEngines()) {
  describe(`clinic documents on ${engine}`, () => {
    let sim: Simulator;
    let server: TestServer;
    let admin: ApiClient;
    let token: string;
    let handles: ClinicHandles;
    let clockMs = monday0800;
    const clock = () => new Date(clockMs);
    const db = () => server.switchboard.database.db;

    before(async () => {
      sim = await startTelegramSimulator({ timeScale: 10 });
      token = sim.createBot({ username: 'clinic_docs_bot' }).token;
      const clinic = createClinicApp({ clock, expose: (exposed) => void (handles = exposed) });
      server = await startTestServer(engine, { TELEGRAM_API_ROOT: sim.apiRoot, PUBLIC_URL: 'https://clinic.example.kz' }, undefined, {
        apps: [clinic],
        clock,
      });
      admin = await signInWithToken(server.url, testAdmin);
      await server.switchboard.registry.create({
        kind: 'telegram_bot',
        name: 'Clinic',
        token,
        intakeMode: 'polling',
        settings: { apps: ['clinic'] },
      });
    });
    after(async () => {
      await server?.stop();
      await sim?.stop();
    });

    test('generate in Kazakh → the patient is told and gets the file; links expire after 48 h or when revoked; cleanup; every download audited', async () => {
      const says = botSays(sim, token);
      await importClinic(admin);
      const business = await admin.put('/api/settings/business', {
        name: 'ТОО «Шипагер Клиника»',
        tax_number: '987654321098',
        address: 'Алматы, Әуезов көшесі 12',
        logo: `data:image/png;base64,${png.toString('base64')}`,
      });
      assert.equal(business.status, 200, JSON.stringify(business.body));
      const user = sim.createUser({ first_name: 'Әлия', language_code: 'kk' });
      await registerByBot(sim, token, says, user, {
        language: 'kk',
        first: 'Әлия',
        last: 'Құрманғали',
        birth: '1992-06-10',
        sex: 'F',
        iin: makeIin('1992-06-10', 'F', 501),
      });
      const secret = 'd'.repeat(40);
      const integration = await admin.post('/api/clinic/integrations', { name: 'EHR', secret });
      assert.equal(integration.status, 201);
      const call = (method: string, path: string, auth: string | undefined, body?: unknown) =>
        fetch(`${server.url}${path}`, {
          method,
          headers: { ...(auth ? { authorization: auth } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
          body: body ? JSON.stringify(body) : undefined,
        }).then(async (response) => ({ status: response.status, body: (await response.json().catch(() => null)) as any }));
      const bearer = `Bearer ${secret}`;
      const staffToken = (await admin.post('/api/tokens', { name: 'staff' })).body.token as string;

      const catalogue = (await admin.get('/api/clinic/catalogue')).body;
      const ivanova = catalogue.doctors.find((doctor: { code: string }) => doctor.code === 'ivanova');
      const therapist = catalogue.services.find(
        (service: { code: string; branch_id: number }) => service.code === 'therapist' && service.branch_id === catalogue.branches[0].id,
      );
      const booked = await call('POST', '/api/bot/appointments/', bearer, {
        telegram_user_id: String(user.id),
        service_id: therapist.id,
        doctor_id: ivanova.id,
        starts_at: '2030-03-05T04:00:00Z',
      });
      assert.equal(booked.status, 201, JSON.stringify(booked.body));

      const generate = { telegram_user_id: String(user.id), template: 'visit_certificate', appointment_id: booked.body.id };
      for (const [auth, status] of [
        [undefined, 401],
        ['Bearer wrong-secret', 401],
        [`Token ${staffToken}`, 403],
      ] as const)
        assert.equal((await call('POST', '/api/bot/documents/generate/', auth, generate)).status, status, String(auth));
      const noVisit = await call('POST', '/api/bot/documents/generate/', bearer, { ...generate, template: 'visit_summary' });
      assert.equal(noVisit.status, 422);
      assert.match(noVisit.body.error.message, /text: a visit summary needs/);
      assert.equal((await call('POST', '/api/bot/documents/generate/', bearer, { ...generate, appointment_id: 999999 })).status, 422);
      const generated = await call('POST', '/api/bot/documents/generate/', bearer, generate);
      assert.equal(generated.status, 201, JSON.stringify(generated.body));
      assert.equal(generated.body.type, 'certificate');
      assert.equal(generated.body.content_type, 'application/pdf');

      // The patient is told, in Kazakh, and the button sends the file itself with a 48-hour link.
      const told = await says(user.id, /«Құжаттар» бөлімінде жаңа құжат бар: Қаралу туралы анықтама — 05\.03\.2030/);
      assert.deepEqual(buttons(told), ['Ашу']);
      sim.pressButton(token, { from: user.id, message_id: told.message_id, text: 'Ашу' });
      const sent = await says(user.id, /Қаралу туралы анықтама/);
      assert.equal(sent.kind, 'document');
      const text = pdfText(sent.files[0]!.bytes);
      for (const expected of [
        'ТОО «Шипагер Клиника»',
        'БСН/ЖСН: 987654321098',
        'Алматы, Әуезов көшесі 12',
        'Қаралу туралы анықтама',
        'Құрманғали Әлия',
        '10.06.1992',
        'Иванова Анна Петровна',
        'Терапевт қабылдауы',
        'күні клиникада қабылдауда болғаны расталады',
      ])
        assert.ok(text.includes(expected), `the PDF says "${expected}":\n${text}`);
      assert.match(text, /[әғқңөұүһі]/);
      const linkText = await says(user.id, /48 сағат жарамды/);
      assert.match(linkText.text!, /https:\/\/clinic\.example\.kz\/api\/clinic\/document-links\/[\w-]+/);

      // The menu lists documents by type.
      sim.sendText(token, { from: user.id, text: '/start' });
      const menu = await says(user.id, /Клиникаға қош келдіңіз/);
      sim.pressButton(token, { from: user.id, message_id: menu.message_id, text: '📄 Құжаттар' });
      const types = await says(user.id, /Құжат түрін таңдаңыз/);
      assert.deepEqual(buttons(types), ['Анықтамалар (1)']);
      sim.pressButton(token, { from: user.id, message_id: types.message_id, text: 'Анықтамалар (1)' });
      const list = await says(user.id, /Құжатты таңдаңыз/);
      assert.deepEqual(buttons(list), ['Қаралу туралы анықтама — 05.03.2030', '↩️ Артқа']);

      // Staff attach a scan: the type comes from the bytes, not the name; a text file is refused.
      const patientId = generated.body.patient_id as number;
      const upload = async (data: Buffer, fileName: string, fields: Record<string, string> = { type: 'lab_result', title: 'ОАК' }) => {
        const form = new FormData();
        for (const [name, value] of Object.entries(fields)) form.append(name, value);
        form.append('file', new Blob([data]), fileName);
        const token = (await admin.post('/api/api-token-auth/', testAdmin)).body.token as string;
        const response = await fetch(`${server.url}/api/clinic/patients/${patientId}/documents`, {
          method: 'POST',
          headers: { authorization: `Token ${token}` },
          body: form,
        });
        return { status: response.status, body: (await response.json()) as any };
      };
      const noTitle = await upload(png, 'scan.png', { type: 'lab_result' });
      assert.deepEqual([noTitle.status, noTitle.body.error.code], [422, 'invalid_input']);
      assert.match(noTitle.body.error.message, /^title: /);
      const asJson = await admin.post(`/api/clinic/patients/${patientId}/documents`, { type: 'lab_result', title: 'ОАК', data: '' });
      assert.deepEqual([asJson.status, asJson.body.error.code], [415, 'unsupported_media_type']);
      const refusedUpload = await upload(Buffer.from('just some words'), 'result.pdf');
      assert.deepEqual([refusedUpload.status, refusedUpload.body.error.code], [415, 'unsupported_media_type']);
      assert.match(refusedUpload.body.error.message, /upload a PDF or an image/);
      const scan = await upload(png, 'scan.pdf');
      assert.equal(scan.status, 201, JSON.stringify(scan.body));
      assert.deepEqual([scan.body.content_type, scan.body.file_name], ['image/png', 'scan.png']);
      await says(user.id, /жаңа құжат бар: ОАК/);

      const listed = await call('GET', `/api/bot/documents/?telegram_user_id=${user.id}&type=certificate`, bearer);
      assert.deepEqual(
        listed.body.results.map((each: { id: number }) => each.id),
        [generated.body.id],
      );
      assert.equal((await call('GET', `/api/bot/documents/?telegram_user_id=${user.id}`, bearer)).body.results.length, 2);
      assert.equal((await call('GET', `/api/bot/documents/?telegram_user_id=${user.id}`, undefined)).status, 401);
      assert.equal((await call('GET', `/api/bot/documents/?telegram_user_id=${user.id}&type=x`, bearer)).status, 400);

      // A link from the bot API downloads the PDF until it is revoked; the page then speaks Kazakh.
      const download = (path: string) => fetch(`${server.url}${path}`);
      const linkOf = async () => {
        const issued = await call('GET', `/api/bot/documents/${generated.body.id}/download/?telegram_user_id=${user.id}`, bearer);
        assert.equal(issued.status, 200, JSON.stringify(issued.body));
        assert.equal(new Date(issued.body.expires_at).getTime(), clockMs + 48 * 3_600_000);
        return issued.body.path as string;
      };
      assert.equal((await call('GET', `/api/bot/documents/${generated.body.id}/download/`, `Token ${staffToken}`)).status, 403);
      assert.equal((await call('GET', `/api/bot/documents/${scan.body.id}/download/?telegram_user_id=1`, bearer)).status, 404);
      const first = await linkOf();
      const ok = await download(first);
      assert.equal(ok.status, 200);
      assert.equal(ok.headers.get('content-type'), 'application/pdf');
      assert.match(pdfText(Buffer.from(await ok.arrayBuffer())), /Қаралу туралы анықтама/);
      const revoked = await admin.delete(`/api/clinic/documents/${generated.body.id}/links`);
      assert.equal(revoked.status, 200);
      assert.ok(revoked.body.revoked >= 2, 'the bot’s link and the API’s');
      const revokedPage = await download(first);
      assert.equal(revokedPage.status, 410);
      assert.match(revokedPage.headers.get('content-type')!, /text\/html/);
      assert.match(await revokedPage.text(), /Сілтеме кері қайтарылды/);

      // Another link works for 48 hours, then answers that it expired.
      const second = await linkOf();
      clockMs += 48 * 3_600_000 - 60_000;
      assert.equal((await download(second)).status, 200);
      clockMs += 60_000;
      const expired = await download(second);
      assert.equal(expired.status, 410);
      assert.match(await expired.text(), /Сілтеменің мерзімі өтті/);

      // The 6-hourly cleanup removes expired and revoked links, and the file of a deleted document.
      assert.equal((await admin.delete(`/api/clinic/documents/${scan.body.id}`)).status, 204);
      const cleaned = await handles.cleanupDocuments!();
      assert.ok(cleaned.links >= 3, JSON.stringify(cleaned));
      assert.equal(cleaned.files, 1);
      const gone = await download(second);
      assert.equal(gone.status, 404);
      assert.match(await gone.text(), /Ссылка недействительна[\s\S]*Сілтеме жарамсыз/);
      assert.equal((await admin.get(`/api/clinic/documents/${scan.body.id}/file`)).status, 404);
      assert.equal((await admin.get(`/api/clinic/documents/${generated.body.id}/file`)).status, 200);
      assert.equal((await sql<{ n: number }>`SELECT count(*)::int AS n FROM clinic_document_links`.execute(db())).rows[0]!.n, 0);

      // Past the retention setting, the cleanup removes the file too.
      const settings = await admin.put('/api/apps/clinic/settings', { document_retention_days: 1 });
      assert.equal(settings.status, 200, JSON.stringify(settings.body));
      assert.equal((await handles.cleanupDocuments!()).files, 1);
      assert.equal((await call('GET', `/api/bot/documents/?telegram_user_id=${user.id}`, bearer)).body.results.length, 0);

      // Every read and change is in the audit: who (the named integration, staff, the link), what, from where.
      const audit = await admin.get(`/api/clinic/audit?patient_id=${patientId}&limit=200`);
      assert.equal(audit.status, 200);
      const actions = audit.body.results.map((row: { action: string }) => row.action);
      for (const action of [
        'document.generated',
        'document.sent',
        'document.uploaded',
        'documents.listed',
        'document.link_issued',
        'document.links_revoked',
        'document.downloaded',
        'document.deleted',
      ])
        assert.ok(actions.includes(action), `${action} in ${actions.join(', ')}`);
      const generatedRow = audit.body.results.find((row: { action: string }) => row.action === 'document.generated');
      assert.deepEqual(
        [generatedRow.actor, generatedRow.actor_name, generatedRow.ip],
        [`integration:${integration.body.id}`, 'EHR', '127.0.0.1'],
      );
      const downloads = audit.body.results.filter((row: { action: string }) => row.action === 'document.downloaded');
      const byLink = downloads.filter((row: { actor: string }) => row.actor.startsWith('link:'));
      assert.equal(byLink.length, 2, 'the two link downloads that worked');
      assert.ok(byLink.every((row: { ip: string }) => row.ip === '127.0.0.1'));
      assert.equal(downloads.length - byLink.length, 1, "staff's own download");
      const staffRow = audit.body.results.find((row: { action: string }) => row.action === 'document.uploaded');
      assert.match(staffRow.actor, /^staff:\d+$/);
    });
  });
}
