// The broadcasts API (admins; an admin's API token is the integration credential of seed 004's /api/bot/broadcast/…).
import { z } from 'zod';
import {
  broadcastBody,
  consentsBody,
  savedSegmentBody,
  scheduleBroadcastBody,
  segmentPreviewBody,
  type Broadcast,
  type BroadcastList,
  type BroadcastStarted,
  type BroadcastStats,
  type BroadcastTestSent,
  type ConsentAnswer,
  type ConsentsUpdated,
  type SavedSegment,
  type SavedSegmentList,
  type SegmentFieldList,
  type SegmentPreview,
} from '@switchboard/contract';
import { currentUser, idParam, notFound, unprocessable, type HttpApp } from '../../platform/index.ts';
import { toBroadcast, toConsent, toSavedSegment } from './answers.ts';
import type { Broadcasts } from './broadcasts.service.ts';
import type { Consents } from './consent.service.ts';
import type { BroadcastContext } from './context.ts';
import { renderMessage } from './render.ts';
import type { Segments } from './segments.ts';
import type { Sender } from './sender.ts';
import type { Stats } from './stats.ts';

// The bodies and answers are the API contract's (@switchboard/contract, broadcasts.ts).
export interface BroadcastRouteOptions {
  context: BroadcastContext;
  broadcasts: Broadcasts;
  segments: Segments;
  consents: Consents;
  stats: Stats;
  sender: Sender;
}

const idParams = z.object({ id: idParam });
const config = { access: 'admin' as const };
const tags = ['broadcasts'];

export function registerBroadcastRoutes(app: HttpApp, options: BroadcastRouteOptions): void {
  const { context, broadcasts, segments, consents, stats, sender } = options;

  app.post(
    '/api/broadcasts/preview',
    {
      config,
      schema: {
        tags,
        summary: 'How many contacts a filter reaches now, and a sample of them',
        body: segmentPreviewBody,
      },
    },
    async (request): Promise<SegmentPreview> => segments.preview(request.body.filter, request.body.kind),
  );
  app.get(
    '/api/broadcasts/segment-fields',
    {
      config,
      schema: {
        tags,
        summary: 'Fields a segment’s conditions may name: the contacts’ custom attributes and the apps’ (the clinic’s age, visits…)',
      },
    },
    async (): Promise<SegmentFieldList> => ({ results: await segments.fields() }),
  );
  app.get('/api/broadcasts/segments', { config, schema: { tags, summary: 'Saved segments' } }, async (): Promise<SavedSegmentList> => ({
    results: (await segments.list()).map(toSavedSegment),
  }));
  app.post(
    '/api/broadcasts/segments',
    {
      config,
      schema: {
        tags,
        summary: 'Save a segment',
        body: savedSegmentBody,
      },
    },
    async (request, reply) => {
      const saved: SavedSegment = toSavedSegment(await segments.save(request.body, currentUser(request).id));
      return reply.status(201).send(saved);
    },
  );
  app.delete(
    '/api/broadcasts/segments/:id',
    { config, schema: { tags, summary: 'Delete a saved segment', params: idParams } },
    async (request, reply) => {
      if (!(await segments.remove(request.params.id))) throw notFound(`Segment ${request.params.id}`);
      return reply.status(204).send();
    },
  );

  app.get('/api/broadcasts', { config, schema: { tags, summary: 'Broadcasts, newest first' } }, async (): Promise<BroadcastList> => ({
    results: (await broadcasts.list()).map(toBroadcast),
  }));
  app.post(
    '/api/broadcasts',
    { config, schema: { tags, summary: 'Compose a broadcast (a draft)', body: broadcastBody } },
    async (request, reply) => reply.status(201).send(toBroadcast(await broadcasts.create(request.body, currentUser(request).id))),
  );
  app.get(
    '/api/broadcasts/:id',
    { config, schema: { tags, summary: 'One broadcast', params: idParams } },
    async (request): Promise<Broadcast> => toBroadcast(await broadcasts.find(request.params.id)),
  );
  app.put(
    '/api/broadcasts/:id',
    { config, schema: { tags, summary: 'Edit a draft or scheduled broadcast', params: idParams, body: broadcastBody } },
    async (request): Promise<Broadcast> => toBroadcast(await broadcasts.update(request.params.id, request.body)),
  );
  app.delete(
    '/api/broadcasts/:id',
    { config, schema: { tags, summary: 'Delete a broadcast that is not sending', params: idParams } },
    async (request, reply) => {
      await broadcasts.remove(request.params.id);
      return reply.status(204).send();
    },
  );
  app.post(
    '/api/broadcasts/:id/schedule',
    {
      config,
      schema: {
        tags,
        summary: 'Send it later',
        params: idParams,
        body: scheduleBroadcastBody,
      },
    },
    async (request): Promise<Broadcast> => {
      const { time_zone: timeZone } = request.body;
      if (timeZone && !isTimeZone(timeZone)) throw unprocessable(`"${timeZone}" is not an IANA time zone such as Asia/Almaty.`);
      return toBroadcast(await broadcasts.schedule(request.params.id, new Date(request.body.send_at), timeZone ?? null));
    },
  );
  const action = (name: 'pause' | 'resume' | 'cancel', summary: string) =>
    app.post(
      `/api/broadcasts/:id/${name}`,
      { config, schema: { tags, summary, params: idParams } },
      async (request): Promise<Broadcast> => {
        const row = await broadcasts[name](request.params.id);
        sender.nudge();
        return toBroadcast(row);
      },
    );
  app.post('/api/broadcasts/:id/start', { config, schema: { tags, summary: 'Send now', params: idParams } }, (request) =>
    start(options, request.params.id),
  );
  action('pause', 'Stop sending: what waits in the outbox is withdrawn (a message already being sent still goes)');
  action('resume', 'Carry on after a pause: the withdrawn messages go back in the queue');
  action('cancel', 'Stop for good; recipients not yet handed to delivery never get it');
  app.post(
    '/api/broadcasts/:id/test',
    { config, schema: { tags, summary: 'Send it to yourself, in the chats you linked', params: idParams } },
    async (request, reply) => {
      const broadcast = await broadcasts.find(request.params.id);
      const user = currentUser(request);
      const chats = (await context.provided.linking?.linkedChats({ clientId: 0, staffIds: [user.id] })) ?? [];
      const own = chats.filter((chat) => chat.kind === 'staff' && chat.channel_id === broadcast.channel_id);
      if (own.length === 0) {
        const messenger = (await context.channels.get(broadcast.channel_id))?.messengerName ?? 'messenger';
        throw unprocessable(
          `Link your ${messenger} to this account first (Profile → ${messenger}), then send the test again.`,
          'no_recipients',
        );
      }
      const profile = { id: 0, display_name: user.name, phone: null, language_code: own[0]!.language };
      for (const chat of own)
        await context.delivery.send({
          channelId: broadcast.channel_id,
          lane: 'operator',
          message: renderMessage({
            kind: broadcast.kind,
            texts: broadcast.texts,
            buttons: broadcast.buttons,
            template: broadcast.template,
            contact: profile,
            chatId: chat.chat_id,
          }).message,
          reference: { type: 'broadcast_test', id: broadcast.id },
        });
      const sent: BroadcastTestSent = { sent_to: own.length };
      return reply.status(202).send(sent);
    },
  );
  app.get('/api/broadcasts/:id/stats', { config, schema: { tags, summary: 'Progress and outcome', params: idParams } }, (request) =>
    statsOf(stats, request.params.id),
  );
  app.get(
    '/api/broadcasts/:id/recipients.csv',
    { config, schema: { tags, summary: 'Every recipient and their outcome, as CSV', params: idParams } },
    async (request, reply) => {
      await broadcasts.find(request.params.id);
      const lines = ['contact_id,name,state,language,reason,sent_at,replied_at,unsubscribed_at'];
      for await (const row of stats.recipients(request.params.id)) lines.push(row.map(csvField).join(','));
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="broadcast-${request.params.id}.csv"`)
        .send(`${lines.join('\n')}\n`);
    },
  );

  app.get(
    '/api/broadcasts/consents/:id',
    { config, schema: { tags, summary: "A contact's marketing consent", params: idParams } },
    async (request): Promise<ConsentAnswer> => {
      if (!(await context.contacts.find(request.params.id))) throw notFound(`Contact ${request.params.id}`);
      const found = await consents.get(request.params.id);
      return found ? toConsent(found) : { contact_id: request.params.id, state: 'none' };
    },
  );
  app.put(
    '/api/broadcasts/consents',
    {
      config,
      schema: {
        tags,
        summary: 'Record consent for contacts (import, with the basis you hold) or withdraw it',
        body: consentsBody,
      },
    },
    async (request): Promise<ConsentsUpdated> => {
      const { contact_ids: ids, state, basis } = request.body;
      if (state === 'given' && !basis)
        throw unprocessable('Say what consent you hold in "basis" (e.g. "signed form, 2024").', 'invalid_input');
      const known = await context.contacts.findMany(ids);
      const missing = ids.filter((id) => !known.has(id));
      if (missing.length > 0) throw unprocessable(`No such contacts: ${missing.slice(0, 20).join(', ')}.`, 'invalid_input');
      const user = currentUser(request);
      await context.ownTables.transaction().execute(async (trx) => {
        for (const contactId of known.keys())
          await consents.set(
            { contactId, state, source: state === 'given' ? 'import' : 'staff', basis: basis ?? null, changedBy: user.id },
            trx,
          );
      });
      return { updated: known.size };
    },
  );

  registerSeedRoutes(app, options);
}

/** seed 004's names for the same operations. */
function registerSeedRoutes(app: HttpApp, options: BroadcastRouteOptions): void {
  const { broadcasts } = options;
  const seedTags = ['broadcasts (seed 004)'];
  app.post(
    '/api/bot/broadcast/create',
    { config, schema: { tags: seedTags, summary: 'Create a broadcast (seed 004)', body: broadcastBody } },
    async (request, reply) => reply.status(201).send(toBroadcast(await broadcasts.create(request.body, currentUser(request).id))),
  );
  app.post(
    '/api/bot/broadcast/:id/start',
    { config, schema: { tags: seedTags, summary: 'Start it (seed 004)', params: idParams } },
    (request) => start(options, request.params.id),
  );
  app.get(
    '/api/bot/broadcast/:id/stats',
    { config, schema: { tags: seedTags, summary: 'Its numbers (seed 004)', params: idParams } },
    (request) => statsOf(options.stats, request.params.id),
  );
}

async function start({ broadcasts, sender }: BroadcastRouteOptions, id: number): Promise<BroadcastStarted> {
  const started = await broadcasts.start(id);
  sender.nudge();
  return { broadcast: toBroadcast(started.broadcast), recipients: started.recipients };
}

async function statsOf(stats: Stats, id: number): Promise<BroadcastStats> {
  const found = await stats.stats(id);
  if (!found) throw notFound(`Broadcast ${id}`);
  return found;
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Quoted when needed; a leading = + - @ is defused so that spreadsheets do not run it as a formula. */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
