import type { Kysely } from 'kysely';
import { withLinkLines, type LinkedChat } from '../app.ts';
import type { TicketsContext } from './context.ts';
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

type Recipient = LinkedChat;

export type Notifier = ReturnType<typeof createNotifier>;

/**
 * Notifications to linked chats: a row here and one in the outbox's
 * notification lane per recipient, written in the transaction of the event.
 * Who is linked comes from the port the linking app provides; without that app
 * tickets work and notify no one.
 */
export function createNotifier(options: {
  context: Pick<TicketsContext, 'delivery' | 'publicUrl' | 'provided' | 'staff' | 'businessStarts' | 'channels'>;
  preferences: PreferencesService;
}) {
  const { preferences } = options;
  const { delivery, publicUrl, provided, staff, businessStarts, channels } = options.context;
  const buttons = isPublicHttpUrl(publicUrl);

  async function recipientsOf(trx: Kysely<TicketsTables>, event: NotificationEvent): Promise<Recipient[]> {
    if (!provided.linking) return [];
    const staffIds = event.staff === 'subscribers' ? 'all' : event.assigneeId ? [event.assigneeId] : [];
    const chats = await provided.linking.linkedChats({ clientId: event.clientId, staffIds }, trx);
    // Staff who left hear nothing, even if their messenger is still linked.
    const people = await staff.findMany(
      chats.filter((chat) => chat.kind === 'staff').map((chat) => chat.id),
      trx,
    );
    return chats.filter((chat) => chat.kind === 'client' || people.get(chat.id)?.is_active);
  }

  async function messageFor(
    trx: Kysely<TicketsTables>,
    event: NotificationEvent,
    recipient: Recipient,
    language: ReturnType<typeof languageOf>,
  ) {
    const page = `${recipient.kind === 'client' ? '/portal' : ''}/${event.reference.type}s/${event.reference.id}`;
    const url = pageUrl(publicUrl, page);
    // A public page is a link button (lines of the text where the account shows none); one only this server's
    // network reaches is a bare line, which no messenger would take as a button.
    const links = url && buttons ? [{ title: buttonLabel(language, event.reference.type), url }] : undefined;
    // As long as the recipient's account sends, with room for the link's line when it goes in the text.
    const channel = await channels.get(recipient.channel_id);
    const textMaxLength = channel?.textMaxLength ?? Number.POSITIVE_INFINITY;
    const linkRoom = links ? (channel?.linkButtons ? 0 : withLinkLines('', links).length + 2) : url ? url.length + 1 : 0;
    const text = notificationText(language, event.kind, recipient.kind, event.facts, Math.max(textMaxLength - linkRoom, 1));
    // Nobody asked for it: marked as the business's, with the template declared for its kind.
    const { facts } = event;
    const businessStart = await businessStarts.mark(
      event.kind,
      language,
      {
        ticket: facts.ticketId,
        subject: facts.subject,
        client: facts.clientName,
        author: facts.authorName,
        comment: facts.comment,
        status: facts.status,
        invoice: facts.invoiceNumber,
        amount: facts.amount,
        due_date: facts.dueDate,
        link: url,
      },
      trx,
    );
    if (links) return { chatId: recipient.chat_id, text, links, businessStart };
    return { chatId: recipient.chat_id, text: url ? `${text}\n${url}` : text, businessStart };
  }

  return {
    /** Writes the event's notifications in the caller's transaction; wake the returned bots after the commit. */
    async notify(handle: Kysely<TicketsTables>, event: NotificationEvent): Promise<number[]> {
      const recipients = (await recipientsOf(handle, event)).filter(
        (recipient) => !(recipient.kind === event.actor.kind && recipient.id === event.actor.id),
      );
      const wanted = await preferences.forMany(handle, recipients);
      const channels = new Set<number>();
      for (const recipient of recipients) {
        const preference = wanted.get(`${recipient.kind}:${recipient.id}`)!;
        if (!preference.kinds[event.kind]) continue;
        const message = await messageFor(handle, event, recipient, preference.language ?? languageOf(recipient.language));
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
        const queued = await delivery.enqueue(handle, {
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
      delivery.wake(channelIds);
    },
  };
}
