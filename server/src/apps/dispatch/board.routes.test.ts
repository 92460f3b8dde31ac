import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createPng } from '@switchboard/telegram-sim';
import { createApiClient } from '../../testing/api-client.ts';
import { joinCrew, seedDeal, sendLeadWebhook, startDispatchWorld, type DispatchWorld } from '../../testing/dispatch.fixture.ts';
import { testAdmin, testEngines } from '../../testing/harness.ts';
import { connectSocket, eventually, type TestSocket } from '../../testing/ws-client.ts';

for (const engine of testEngines()) {
  describe(`the dispatch web board's routes on ${engine}`, () => {
    let world: DispatchWorld;
    let socket: TestSocket;
    let crew: {
      boss: Awaited<ReturnType<typeof joinCrew>>;
      erlan: Awaited<ReturnType<typeof joinCrew>>;
      timur: Awaited<ReturnType<typeof joinCrew>>;
    };

    /** A job from an AmoCRM webhook, once the admins were offered it. */
    async function newJob(client: string): Promise<number> {
      const lead = seedDeal(world, { client, phone: '+77010000000', address: 'Абая 1' });
      assert.equal((await sendLeadWebhook(world, lead.id)).status, 200);
      await world.sim.waitForSent(world.token, crew.boss.user.id, (message) => (message.text ?? '').includes(client), 15_000);
      // The deal's job reaches staff boards live, not only the admins' chats.
      await socket.waitFor((frame) => frame.type === 'dispatch_job' && frame.action === 'amocrm' && frame.lead_ids.includes(lead.id));
      const list = await world.admin.get('/api/dispatch/jobs?status=pending');
      return list.body.results.find((each: any) => each.amocrm_lead_id === lead.id).id;
    }

    before(async () => {
      world = await startDispatchWorld(engine);
      const signIn = await createApiClient(world.server.url).post<{ token: string }>('/api/api-token-auth/', testAdmin);
      socket = await connectSocket(world.server.url, { token: signIn.body.token });
      assert.equal((await world.admin.put('/api/apps/dispatch/settings', { address_field_id: world.addressFieldId })).status, 200);
      crew = {
        boss: await joinCrew(world, 'admin', { first_name: 'Алия' }),
        erlan: await joinCrew(world, 'measurer', { first_name: 'Ерлан' }),
        timur: await joinCrew(world, 'measurer', { first_name: 'Тимур' }),
      };
    });
    after(async () => {
      await socket.close();
      await world.stop();
    });

    test('staff assign from the web: the measurer hears it in Telegram, staff screens get the change, history names staff', async () => {
      const { admin, sim, token } = world;
      const people = await admin.get('/api/dispatch/board/crew');
      assert.equal(people.status, 200);
      assert.deepEqual(
        people.body.measurers.map((each: any) => each.name),
        ['Ерлан', 'Тимур'],
      );
      const jobId = await newJob('Борис Web');
      const assigned = await admin.post(`/api/dispatch/jobs/${jobId}/assign`, { measurer_id: crew.erlan.member.id });
      assert.equal(assigned.status, 200, JSON.stringify(assigned.body));
      assert.deepEqual(assigned.body, { id: jobId, status: 'assigned', measurer_id: crew.erlan.member.id });
      await socket.waitFor((frame) => frame.type === 'dispatch_job' && frame.job_id === jobId && frame.status === 'assigned');
      await sim.waitForSent(
        token,
        crew.erlan.user.id,
        (message) => /Вам назначен замер/.test(message.text ?? '') && /Борис Web/.test(message.text ?? ''),
      );

      // Reassigning tells the new measurer and the previous one.
      const moved = await admin.post(`/api/dispatch/jobs/${jobId}/assign`, { measurer_id: crew.timur.member.id });
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
      await sim.waitForSent(token, crew.timur.user.id, (message) => /Вам назначен замер/.test(message.text ?? ''));
      await sim.waitForSent(
        token,
        crew.erlan.user.id,
        (message) => new RegExp(`#${jobId}`).test(message.text ?? '') && !/Вам назначен/.test(message.text ?? ''),
      );

      // Steps on the measurer's behalf, then the history says who did what.
      assert.equal((await admin.post(`/api/dispatch/jobs/${jobId}/state`, { status: 'completed' })).status, 409);
      assert.equal((await admin.post(`/api/dispatch/jobs/${jobId}/state`, { status: 'in_progress' })).status, 200);
      assert.equal((await admin.post(`/api/dispatch/jobs/${jobId}/state`, { status: 'completed' })).status, 200);
      await socket.waitFor((frame) => frame.type === 'dispatch_job' && frame.job_id === jobId && frame.status === 'completed');
      const detail = await admin.get(`/api/dispatch/jobs/${jobId}`);
      assert.deepEqual(
        detail.body.history.map((entry: any) => `${entry.event}:${entry.actor.kind}`),
        ['created:amocrm', 'assign:staff', 'reassign:staff', 'start:staff', 'complete:staff'],
      );
      const again = await admin.post(`/api/dispatch/jobs/${jobId}/cancel`, { reason: 'too late' });
      assert.equal(again.status, 409);
      assert.equal(again.body.error.code, 'invalid_transition');
    });

    test('two staff assigning at once: exactly one wins, the other is told who has it', async () => {
      const jobId = await newJob('Гонка');
      const [first, second] = await Promise.all([
        world.admin.post(`/api/dispatch/jobs/${jobId}/assign`, { measurer_id: crew.erlan.member.id }),
        world.admin.post(`/api/dispatch/jobs/${jobId}/assign`, { measurer_id: crew.timur.member.id }),
      ]);
      // The second may see the job already assigned (a reassign wins too) or lose the row lock race (409).
      const statuses = [first.status, second.status].sort();
      const final = await world.admin.get(`/api/dispatch/jobs/${jobId}`);
      const assigns = final.body.history.filter((entry: any) => entry.event === 'assign');
      assert.equal(assigns.length, 1, 'one assignment from pending');
      if (statuses[1] === 409)
        assert.match([first, second].find((each) => each.status === 409)!.body.error.message, /already assigned to (Ерлан|Тимур)/);
      else assert.deepEqual(statuses, [200, 200]);
    });

    test('cancel with a reason: kept in the history and told to the measurer; bad input is refused precisely', async () => {
      const { admin, sim, token } = world;
      const jobId = await newJob('Отмена Веб');
      assert.equal((await admin.post(`/api/dispatch/jobs/${jobId}/assign`, { measurer_id: crew.erlan.member.id })).status, 200);

      const empty = await admin.post(`/api/dispatch/jobs/${jobId}/cancel`, { reason: '   ' });
      assert.equal(empty.status, 400);
      assert.match(empty.body.error.message, /reason/);
      const wrongMeasurer = await admin.post(`/api/dispatch/jobs/${jobId}/assign`, { measurer_id: crew.boss.member.id });
      assert.equal(wrongMeasurer.status, 422);
      assert.equal(wrongMeasurer.body.error.code, 'unknown_assignee');
      assert.equal((await admin.post(`/api/dispatch/jobs/${jobId}/state`, { status: 'cancelled' })).status, 400);
      assert.equal((await admin.post(`/api/dispatch/jobs/abc/cancel`, { reason: 'x' })).status, 400);
      assert.equal((await admin.post(`/api/dispatch/jobs/999999/assign`, { measurer_id: crew.erlan.member.id })).status, 404);

      const cancelled = await admin.post(`/api/dispatch/jobs/${jobId}/cancel`, { reason: 'Клиент передумал' });
      assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
      assert.equal(cancelled.body.status, 'cancelled');
      await sim.waitForSent(
        token,
        crew.erlan.user.id,
        (message) => /отмен/i.test(message.text ?? '') && new RegExp(`#${jobId}`).test(message.text ?? ''),
      );
      const detail = await eventually(async () => {
        const response = await admin.get(`/api/dispatch/jobs/${jobId}`);
        return response.body.status === 'cancelled' ? response.body : undefined;
      });
      const entry = detail.history.find((each: any) => each.event === 'cancel');
      assert.equal(entry.note, 'Клиент передумал');
      assert.equal(entry.actor.kind, 'staff');
    });

    test('staff add a photo from the web: sniffed by its bytes, listed and in the history; 413 / 415 / 422 refused precisely', async () => {
      const jobId = await newJob('Фото Веб');
      const token = (await createApiClient(world.server.url).post<{ token: string }>('/api/api-token-auth/', testAdmin)).body.token;
      const upload = async (data: Buffer | null, fileName = 'x.bin') => {
        const form = new FormData();
        if (data) form.append('file', new Blob([new Uint8Array(data)]), fileName);
        else form.append('note', 'no file here');
        const response = await fetch(`${world.server.url}/api/dispatch/jobs/${jobId}/files`, {
          method: 'POST',
          headers: { authorization: `Token ${token}` },
          body: form,
        });
        return { status: response.status, body: (await response.json()) as any };
      };
      const asJson = await world.admin.post(`/api/dispatch/jobs/${jobId}/files`, { file: 'x' });
      assert.deepEqual([asJson.status, asJson.body.error.code], [415, 'unsupported_media_type']);
      const text = await upload(Buffer.from('just words, not a photo'), 'site.jpg');
      assert.deepEqual([text.status, text.body.error.code], [415, 'unsupported_media_type']);
      assert.match(text.body.error.message, /upload a photo or a document/);
      const huge = await upload(Buffer.concat([createPng(4, 4), Buffer.alloc(20 * 1024 * 1024)]), 'huge.png');
      assert.deepEqual([huge.status, huge.body.error.code], [413, 'file_too_large']);
      const none = await upload(null);
      assert.deepEqual([none.status, none.body.error.code], [422, 'upload_missing']);
      assert.equal((await world.admin.get(`/api/dispatch/jobs/${jobId}/files`)).body.results.length, 0, 'nothing half-written');

      const photo = await upload(createPng(8, 8), 'site.jpeg');
      assert.equal(photo.status, 201, JSON.stringify(photo.body));
      assert.deepEqual([photo.body.name, photo.body.content_type, photo.body.crew_id], ['site.png', 'image/png', null]);
      await socket.waitFor((frame) => frame.type === 'dispatch_job' && frame.action === 'file' && frame.job_id === jobId);
      const listed = (await world.admin.get(`/api/dispatch/jobs/${jobId}/files`)).body.results;
      assert.deepEqual(
        listed.map((file: any) => file.name),
        ['site.png'],
      );
      const bytes = await fetch(`${world.server.url}${listed[0].url}`);
      assert.equal(bytes.status, 200);
      assert.deepEqual(Buffer.from(await bytes.arrayBuffer()), createPng(8, 8));
      const history = (await world.admin.get(`/api/dispatch/jobs/${jobId}/history`)).body.results;
      const entry = history.find((each: any) => each.event === 'file');
      assert.deepEqual([entry.note, entry.actor.kind, typeof entry.actor.name], ['site.png', 'staff', 'string']);
    });
  });
}
