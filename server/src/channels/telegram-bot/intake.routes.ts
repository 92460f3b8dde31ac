import { z } from 'zod';
import type { ChannelRecord, IntakeSink, RawUpdate } from '../channel.ts';
import { equalsInConstantTime, HttpError, idParam, type HttpApp } from '../../platform/index.ts';
import { identifyUpdate } from './normalize.ts';

export interface ChannelLookup {
  byId(channelId: number): Promise<ChannelRecord | null>;
  defaultBot(): Promise<ChannelRecord | null>;
  byToken(token: string): Promise<ChannelRecord | null>;
}

const secretHeader = 'x-telegram-bot-api-secret-token';
const ok = { ok: true } as const;

/** The fast path: answers a journaled callback or pre-checkout query without waiting for its chat's queue. */
type AfterJournal = (channel: ChannelRecord, updates: RawUpdate[], eventIds: string[]) => Promise<void>;

async function journalUpdate(sink: IntakeSink, channel: ChannelRecord, body: unknown, afterJournal?: AfterJournal) {
  const update = identifyUpdate(body);
  if (!update) throw new HttpError(400, 'not_an_update', 'The body is not a Telegram Update: it needs a non-negative integer "update_id".');
  const { eventIds } = await sink.journal(channel.id, [update]);
  // Not awaited: Telegram gets its 200 now; the answer goes out beside it.
  void afterJournal?.(channel, [update], eventIds);
  return ok;
}

function checkSecret(channel: ChannelRecord | null, sent: unknown): ChannelRecord {
  const expected = channel?.webhookSecret();
  // The same answer for an unknown channel and a wrong secret: nothing is confirmed to a stranger.
  if (!channel || !expected || typeof sent !== 'string' || !equalsInConstantTime(sent, expected)) {
    throw new HttpError(401, 'wrong_secret', 'The X-Telegram-Bot-Api-Secret-Token header is missing or wrong.');
  }
  return channel;
}

/**
 * Webhooks answer 200 only after the update's journal row commits, and never
 * wait for processing (grammY's webhookCallback would).
 */
export function registerTelegramIntakeRoutes(
  app: HttpApp,
  options: { lookup: ChannelLookup; sink: IntakeSink; afterJournal?: AfterJournal },
): void {
  const { lookup, sink, afterJournal } = options;
  const tags = ['webhooks'];
  const update = z.unknown();

  app.post(
    '/webhooks/telegram',
    { config: { access: 'public' }, schema: { tags, summary: 'Telegram webhook of the default bot', body: update } },
    async (request) =>
      journalUpdate(sink, checkSecret(await lookup.defaultBot(), request.headers[secretHeader]), request.body, afterJournal),
  );

  app.post(
    '/webhooks/telegram/:channelId',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'Telegram webhook of one bot', params: z.object({ channelId: idParam }), body: update },
    },
    async (request) =>
      journalUpdate(
        sink,
        checkSecret(await lookup.byId(request.params.channelId), request.headers[secretHeader]),
        request.body,
        afterJournal,
      ),
  );

  const forwarded = async (token: string | undefined, body: unknown) => {
    if (!token)
      throw new HttpError(
        401,
        'missing_token',
        'Send the bot token in the X-Bot-Token header, ?token= or the path /api/webhook/bot/<token>.',
      );
    const channel = await lookup.byToken(token);
    if (!channel) throw new HttpError(401, 'unknown_token', 'No connected bot has this token: add the bot under /api/accounts/ first.');
    // No fast path: the bot running elsewhere answers its own callback and pre-checkout queries.
    return journalUpdate(sink, channel, body);
  };
  const forwardedSchema = {
    tags,
    summary: 'Updates forwarded by a bot that keeps running elsewhere (seed 002)',
    body: update,
    querystring: z.object({ token: z.string().optional() }),
  };
  app.post('/api/webhook/bot/', { config: { access: 'public' }, schema: forwardedSchema }, async (request) => {
    const header = request.headers['x-bot-token'];
    return forwarded(typeof header === 'string' ? header : request.query.token, request.body);
  });
  app.post(
    '/api/webhook/bot/:token',
    { config: { access: 'public' }, schema: { ...forwardedSchema, params: z.object({ token: z.string() }) } },
    async (request) => forwarded(request.params.token, request.body),
  );
}
