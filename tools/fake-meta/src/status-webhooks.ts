// Status webhooks for messages the business sent. Meta accepts a send and reports what became of
// it later: "sent" and "delivered" statuses, or "failed" with the error — a free-form message
// outside the 24-hour window is accepted with a wamid and then fails with 131047 (Meta's error
// codes page: errors come "synchronously, asynchronously via webhook, or both"). With a target
// set, the fake POSTs each status, signed, to it; without one, statuses wait for a test to take them.
import type { MetaWorld } from './meta-world.ts';
import { postSignedWebhook, type WebhookDelivery } from './webhook-sender.ts';
import { whatsappStatus, whatsappStatusesPayload, type StatusName, type StatusOptions } from './whatsapp-webhooks.ts';

type Json = Record<string, unknown>;

export interface WebhookTarget {
  url: string;
  appSecret: string;
}

export interface QueuedStatus {
  phoneNumberId: string;
  status: Json;
}

export interface StatusDispatcher {
  target: WebhookTarget | null;
  report(phoneNumberId: string, messageId: string, recipientId: string, status: StatusName, options?: StatusOptions): void;
  /** Queued statuses (removed from the queue), as ready-to-send webhook bodies, one per status. */
  take(phoneNumberId?: string): Json[];
  /** Resolves when every status POST started so far has finished. */
  settled(): Promise<void>;
  close(): void;
}

export function createStatusDispatcher(world: MetaWorld, deliveries: WebhookDelivery[], now: () => number): StatusDispatcher {
  let queue: QueuedStatus[] = [];
  const inFlight = new Set<Promise<void>>();
  const controller = new AbortController();
  const body = (phoneNumberId: string, status: Json): Json => {
    const phone = world.phoneNumbers.get(phoneNumberId)!;
    return whatsappStatusesPayload({ wabaId: phone.wabaId, phoneNumberId, displayPhoneNumber: phone.display_phone_number }, [status]);
  };
  const dispatcher: StatusDispatcher = {
    target: null,
    report(phoneNumberId, messageId, recipientId, name, options = {}) {
      const status = whatsappStatus(messageId, recipientId, name, { timestamp: Math.floor(now() / 1000), ...options });
      const target = dispatcher.target;
      if (!target) {
        queue.push({ phoneNumberId, status });
        return;
      }
      const payload = body(phoneNumberId, status);
      const post = postSignedWebhook({ url: target.url, payload, appSecret: target.appSecret, signal: controller.signal })
        .then((delivery) => {
          deliveries.push(delivery);
        })
        .finally(() => inFlight.delete(post));
      inFlight.add(post);
    },
    take(phoneNumberId) {
      const taken = queue.filter((item) => phoneNumberId === undefined || item.phoneNumberId === phoneNumberId);
      queue = queue.filter((item) => !taken.includes(item));
      return taken.map((item) => body(item.phoneNumberId, item.status));
    },
    async settled() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
    close() {
      controller.abort();
    },
  };
  return dispatcher;
}
