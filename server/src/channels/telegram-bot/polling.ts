import { Api, GrammyError } from 'grammy';
import type { Update } from 'grammy/types';
import type { ChannelRecord, IntakeSink, RawUpdate } from '../channel.ts';
import type { Logger } from '../../platform/index.ts';
import { identifyUpdate } from './normalize.ts';

export const allowedUpdates = [
  'message',
  'edited_message',
  'channel_post',
  'edited_channel_post',
  'callback_query',
  'my_chat_member',
  'pre_checkout_query',
  'business_connection',
  'business_message',
  'edited_business_message',
  'deleted_business_messages',
  // A customer's reactions in a private chat (Telegram sends them only when asked for by name).
  'message_reaction',
] as const;

/**
 * Our own long-poll loop: the offset moves past a batch only after the batch
 * is journaled, so a crash never loses an update Telegram already handed out
 * (grammY's runner confirms before processing). The offset is sent once, to
 * confirm that batch; after an empty answer the next call sends none, which
 * asks for the earliest unconfirmed update whatever its id: Telegram restarts
 * update_id at a random value after a week of silence, and a remembered high
 * offset must not confirm (and so drop) the new, lower ids. A batch fetched
 * again after a failed confirmation is a duplicate the journal ignores.
 */
export function startPolling(options: {
  channel: ChannelRecord;
  apiRoot: string;
  sink: IntakeSink;
  logger: Logger;
  onProblem: (detail: string | null) => void;
  /** The fast path: answers callback and pre-checkout queries of a journaled batch, never holding the loop up. */
  afterJournal?: (updates: RawUpdate[], eventIds: string[]) => Promise<void>;
}) {
  const { channel, sink, logger } = options;
  const api = new Api(channel.credentials(), { apiRoot: options.apiRoot });
  const abort = new AbortController();
  let offset: number | undefined;
  let failures = 0;

  const loop = async () => {
    await api.deleteWebhook({ drop_pending_updates: false }, abort.signal as never).catch(() => undefined);
    while (!abort.signal.aborted) {
      try {
        // After a failure the first call does not wait for updates, so a recovery is reported at once.
        const timeout = failures > 0 ? 0 : 25;
        const updates: Update[] = await api.getUpdates(
          { offset, timeout, limit: 100, allowed_updates: [...allowedUpdates] },
          abort.signal as never,
        );
        const identified = updates.map((update) => identifyUpdate(update)).filter((update) => update !== null);
        if (identified.length > 0) {
          const { eventIds } = await sink.journal(channel.id, identified);
          void options.afterJournal?.(identified, eventIds);
        }
        offset = updates.length > 0 ? Math.max(...updates.map((update) => update.update_id)) + 1 : undefined;
        if (failures > 0) options.onProblem(null);
        failures = 0;
      } catch (error) {
        if (abort.signal.aborted) break;
        failures += 1;
        const detail = error instanceof GrammyError ? error.description : (error as Error).message;
        // Health shows this as the bot's degraded reason until a poll succeeds again.
        options.onProblem(`getUpdates failed ${failures === 1 ? 'once' : `${failures} times in a row`}: ${detail}`);
        logger.warn({ channel_id: channel.id, failures, detail }, 'getUpdates failed');
        const retryAfter = error instanceof GrammyError ? error.parameters.retry_after : undefined;
        await sleep(retryAfter ? retryAfter * 1000 : Math.min(30_000, 500 * 2 ** Math.min(failures, 6)), abort.signal);
      }
    }
  };
  const running = loop();
  return {
    async stop() {
      abort.abort();
      await running.catch(() => undefined);
    },
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}
