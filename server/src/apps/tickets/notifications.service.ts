import { sql, type Kysely } from 'kysely';
import type { AnyDb } from '../../platform/index.ts';
import type { AppContext } from '../app.ts';
import { buttonLabel, languageOf, notificationText, type NotificationFacts } from './notification-texts.ts';
import type { PreferencesService } from './preferences.service.ts';
import { isPublicHttpUrl, pageUrl } from './public-url.ts';
import type { NotificationKind, PartyKind, TicketsTables } from './tables.ts';

/** Something that happened to a ticket or invoice, and whom it concerns. */
export interface NotificationEvent {
  kind: NotificationKind;
  /** Unique per event (ticket:12:comment:40); with the recipient it is the outbox idempotency key. */
  key: string;
  reference: { type: 'ticket' | 'invoice'; id: number };
  clientId: number;
  /** Whoever caused it hears nothing about it. */
  actor: { kind: PartyKind; id: number };
  /** Every subscribed staff user, or only the ticket's assignee. */
  staff: 'subscribers' | 'assignee';
  assigneeId?: number | null;
  facts: NotificationFacts;
}

interface Recipient {
  kind: PartyKind;
  id: number;
  channel_id: number;
  chat_id: string;
  language: string;
}

export type Notifier = ReturnType<typeof createNotifier>;

/**
 * Notifications to linked Telegram chats: a row here and one in the outbox's
 * notification lane per recipient, written in the transaction of the event.
 * Who is linked comes from the linking app's telegram_links table.
 */
export function createNotifier(options: {
  db: AnyDb;
  delivery: AppContext['delivery'];
  publicUrl?: string;
  preferences: PreferencesService;
}) {
  const { delivery, publicUrl, preferences } = options;
  const buttons = isPublicHttpUrl(publicUrl);
  // Without the linking app's table (its folder removed) tickets work and notify no one.
  let linksTable = true;

  async function recipientsOf(trx: Kysely<TicketsTables>, event: NotificationEvent): Promise<Recipient[]> {
    const client = await trx
      .selectFrom('telegram_links')
      .select(['subject_kind as kind', 'subject_id as id', 'channel_id', 'chat_id', 'language'])
      .where('subject_kind', '=', 'client')
      .where('subject_id', '=', event.clientId)
      .where('enabled', '=', true)
      .execute();
    if (event.staff === 'assignee' && !event.assigneeId) return client;
    let staffQuery = trx
      .selectFrom('telegram_links')
      .innerJoin('staff_users', 'staff_users.id', 'telegram_links.subject_id')
      .select([
        'telegram_links.subject_kind as kind',
        'telegram_links.subject_id as id',
        'telegram_links.channel_id',
        'telegram_links.chat_id',
        'telegram_links.language',
      ])
      .where('telegram_links.subject_kind', '=', 'staff')
      .where('telegram_links.enabled', '=', true)
      .where('staff_users.is_active', '=', true);
    if (event.staff === 'assignee') staffQuery = staffQuery.where('telegram_links.subject_id', '=', event.assigneeId!);
    return [...client, ...(await staffQuery.execute())];
  }

  function messageFor(event: NotificationEvent, recipient: Recipient, language: ReturnType<typeof languageOf>) {
    const text = notificationText(language, event.kind, recipient.kind, event.facts);
    const page = `${recipient.kind === 'client' ? '/portal' : ''}/${event.reference.type}s/${event.reference.id}`;
    const url = pageUrl(publicUrl, page);
    if (url && buttons)
      return {
        chatId: recipient.chat_id,
        text,
        replyMarkup: { inline_keyboard: [[{ text: buttonLabel(language, event.reference.type), url }]] },
      };
    return { chatId: recipient.chat_id, text: url ? `${text}\n${url}` : text };
  }

  return {
    async start(): Promise<void> {
      const row = await sql<{ found: boolean }>`SELECT to_regclass('telegram_links') IS NOT NULL AS found`.execute(options.db);
      linksTable = Boolean(row.rows[0]?.found);
    },

    /** Writes the event's notifications in the caller's transaction; wake the returned bots after the commit. */
    async notify(trx: AnyDb, event: NotificationEvent): Promise<number[]> {
      if (!linksTable) return [];
      const handle = trx as Kysely<TicketsTables>;
      const recipients = (await recipientsOf(handle, event)).filter(
        (recipient) => !(recipient.kind === event.actor.kind && recipient.id === event.actor.id),
      );
      const wanted = await preferences.forMany(trx, recipients);
      const channels = new Set<number>();
      for (const recipient of recipients) {
        const preference = wanted.get(`${recipient.kind}:${recipient.id}`)!;
        if (!preference.kinds[event.kind]) continue;
        const message = messageFor(event, recipient, preference.language ?? languageOf(recipient.language));
        const row = await handle
          .insertInto('notifications')
          .values({
            recipient_kind: recipient.kind,
            recipient_id: recipient.id,
            kind: event.kind,
            reference_type: event.reference.type,
            reference_id: event.reference.id,
            event_key: event.key,
            text: message.text,
          })
          .onConflict((onConflict) => onConflict.columns(['event_key', 'recipient_kind', 'recipient_id']).doNothing())
          .returning('id')
          .executeTakeFirst();
        if (!row) continue;
        const queued = await delivery.enqueue(trx, {
          channelId: recipient.channel_id,
          lane: 'notification',
          message,
          idempotencyKey: `notification:${event.key}:${recipient.kind}:${recipient.id}`,
          reference: { type: 'notification', id: row.id },
        });
        await handle.updateTable('notifications').set({ outbox_id: queued.id }).where('id', '=', row.id).execute();
        channels.add(recipient.channel_id);
      }
      return [...channels];
    },

    wake(channelIds: number[]): void {
      for (const channelId of channelIds) delivery.wake(channelId);
    },
  };
}
