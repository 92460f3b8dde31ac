import { Api, GrammyError } from 'grammy';
import type { ChannelRecord, RawUpdate } from '../channel.ts';
import type { Logger } from '../../platform/index.ts';

/** What Telegram sends when a user confirms payment details; it waits at most 10 s for the bot's answer. */
export interface PreCheckoutQuery {
  id: string;
  from: { id: number; first_name?: string };
  currency: string;
  total_amount: number;
  invoice_payload: string;
}

export type PreCheckoutAnswer = { ok: true } | { ok: false; errorMessage: string };

/** A payments app decides whether an order can be paid; it must answer well within Telegram's 10 s. */
export type PreCheckoutAnswerer = (channel: ChannelRecord, query: PreCheckoutQuery) => Promise<PreCheckoutAnswer>;

export const noPaymentsMessage = 'Payments are not accepted in this chat yet, so nothing was charged. Please write to us here to order.';
export const answererTooSlowMessage = 'We could not confirm your order in time, so nothing was charged. Please try again in a minute.';
export const answererFailedMessage = 'We could not check your order, so nothing was charged. Please try again or write to us here.';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const needsAnswer = (payload: unknown) => isObject(payload) && (isObject(payload.callback_query) || isObject(payload.pre_checkout_query));

/**
 * Answers, right after an update is journaled and never behind its chat's queue, what Telegram waits for:
 * every callback query at once (no text: the user's button stops spinning; apps never answer it
 * themselves), and every pre-checkout query within Telegram's 10 seconds — `ok: false` with a message
 * saying why when nothing takes payments, or the registered answerer's verdict within `answerWithinMs`.
 */
export function createFastPath(options: { apiRoot: string; logger: Logger; answerWithinMs?: number }) {
  const answerWithinMs = options.answerWithinMs ?? 8_000;
  let preCheckoutAnswerer: PreCheckoutAnswerer | null = null;

  async function decide(channel: ChannelRecord, query: PreCheckoutQuery): Promise<PreCheckoutAnswer> {
    if (!preCheckoutAnswerer) return { ok: false, errorMessage: noPaymentsMessage };
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<PreCheckoutAnswer>((resolve) => {
      timer = setTimeout(() => resolve({ ok: false, errorMessage: answererTooSlowMessage }), answerWithinMs);
    });
    try {
      return await Promise.race([preCheckoutAnswerer(channel, query), late]);
    } catch (error) {
      options.logger.error({ err: error, channel_id: channel.id }, 'the pre-checkout answerer failed');
      return { ok: false, errorMessage: answererFailedMessage };
    } finally {
      clearTimeout(timer);
    }
  }

  async function answer(channel: ChannelRecord, api: Api, payload: unknown): Promise<void> {
    if (!isObject(payload)) return;
    const callback = payload.callback_query;
    if (isObject(callback) && typeof callback.id === 'string') {
      await api.answerCallbackQuery(callback.id);
      return;
    }
    const checkout = payload.pre_checkout_query;
    if (isObject(checkout) && typeof checkout.id === 'string') {
      const verdict = await decide(channel, checkout as unknown as PreCheckoutQuery);
      await api.answerPreCheckoutQuery(checkout.id, verdict.ok, verdict.ok ? undefined : { error_message: verdict.errorMessage });
    }
  }

  return {
    /** The hook a payments app uses; without one every pre-checkout query is declined with a clear message. */
    setPreCheckoutAnswerer(answerer: PreCheckoutAnswerer | null): void {
      preCheckoutAnswerer = answerer;
    },
    /** Answers what the just-journaled updates need (those in `eventIds`: a duplicate was answered before). Never rejects. */
    async afterJournal(channel: ChannelRecord, updates: RawUpdate[], eventIds: string[]): Promise<void> {
      const fresh = new Set(eventIds);
      const waiting = updates.filter((update) => fresh.has(update.eventId) && needsAnswer(update.payload));
      if (waiting.length === 0) return;
      const failed = (eventId: string) => (error: unknown) =>
        options.logger.warn(
          {
            channel_id: channel.id,
            event_id: eventId,
            detail: error instanceof GrammyError ? error.description : (error as Error).message,
          },
          'answering a query on the fast path failed',
        );
      let api: Api;
      try {
        api = new Api(channel.credentials(), { apiRoot: options.apiRoot });
      } catch (error) {
        return failed(waiting[0]!.eventId)(error);
      }
      await Promise.all(waiting.map((update) => answer(channel, api, update.payload).catch(failed(update.eventId))));
    },
  };
}

export type FastPath = ReturnType<typeof createFastPath>;
