// Instagram webhook bodies → journal entries → InboundEvents. A body is {object:"instagram", entry:[{id, time,
// messaging:[…]}]}: entry.id is the business account, each messaging item one event (a message, its echo, an
// unsend, a reaction, a seen receipt). The route journals one entry per item, keyed by Meta's mid, so a
// redelivered body is stored once.
import type { Attachment, InboundChat, InboundEvent, MessageKind, Person, RawUpdate } from '../channel.ts';

type Json = Record<string, unknown>;

/** One journaled item: a messaging event of the account `accountId`. */
export interface InstagramEntry {
  instagram: 'messaging';
  accountId: string;
  event: Json;
}

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');

const idOf = (value: unknown): string => (isObject(value) ? text(value.id) : '');

/** The entries of one webhook entry (its account id and messaging items). */
export function entriesOf(entry: unknown): { accountId: string; entries: InstagramEntry[] } | null {
  if (!isObject(entry)) return null;
  const accountId = text(entry.id);
  if (!accountId) return null;
  const items = Array.isArray(entry.messaging) ? entry.messaging.filter(isObject) : [];
  return { accountId, entries: items.map((event) => ({ instagram: 'messaging' as const, accountId, event })) };
}

/** Which side is the customer: the sender, unless the account itself sent it (an echo). */
export function customerOf(entry: InstagramEntry): string {
  const sender = idOf(entry.event.sender);
  return sender === entry.accountId ? idOf(entry.event.recipient) : sender;
}

const isEcho = (entry: InstagramEntry): boolean =>
  (isObject(entry.event.message) && entry.event.message.is_echo === true) || idOf(entry.event.sender) === entry.accountId;

/** Whether the item is the customer writing or reacting (it opens the messaging window), with Meta's time. */
export function customerActivity(entry: InstagramEntry): { igsid: string; at: Date } | null {
  if (isEcho(entry) || !(isObject(entry.event.message) || isObject(entry.event.reaction))) return null;
  if (isObject(entry.event.message) && entry.event.message.is_deleted === true) return null;
  const at = new Date(Number(entry.event.timestamp));
  const igsid = customerOf(entry);
  return igsid && !Number.isNaN(at.getTime()) ? { igsid, at } : null;
}

export function identifyUpdate(payload: unknown): RawUpdate | null {
  if (!isObject(payload) || payload.instagram !== 'messaging' || !isObject(payload.event)) return null;
  const entry = payload as unknown as InstagramEntry;
  const chatKey = customerOf(entry);
  if (!chatKey) return null;
  const { message, reaction } = entry.event;
  if (isObject(message) && text(message.mid))
    return { eventId: `${message.is_deleted === true ? 'd' : 'm'}:${text(message.mid)}`, chatKey, payload };
  if (isObject(reaction) && text(reaction.mid))
    // A reaction has no id of its own: who, on what, which and when (a redelivery repeats all four).
    return {
      eventId: `r:${text(reaction.mid)}:${chatKey}:${text(reaction.action)}:${text(reaction.emoji)}:${text(entry.event.timestamp)}`,
      chatKey,
      payload,
    };
  // seen receipts, postbacks, referrals: nothing the inbox shows.
  return null;
}

/** The customer as a person: Instagram's scoped id (IGSID); their name when the route looked it up. */
export function personOf(igsid: string, profile: { name?: string; username?: string } | undefined): Person {
  const shown = profile?.name?.trim() || (profile?.username ? `@${profile.username}` : `Instagram ${igsid}`);
  const [firstName, ...rest] = shown.split(/\s+/);
  return {
    messenger: 'instagram',
    externalId: igsid,
    firstName: firstName || shown,
    lastName: rest.join(' ') || undefined,
    username: profile?.username || undefined,
    isBot: false,
  };
}

const fileKinds: Record<string, MessageKind> = { image: 'photo', video: 'video', audio: 'audio', file: 'document' };
/** Links to Instagram content (a shared post, a reel): shown as the link, not fetched. */
const linkKinds = new Set(['share', 'ig_reel', 'reel', 'ig_post']);

function urlOf(attachment: Json): string {
  return isObject(attachment.payload) ? text(attachment.payload.url) : '';
}

/** Kind, text and files of one customer or echoed message. */
export function contentOf(message: Json): { kind: MessageKind; text: string; attachments: Attachment[] } {
  const lines = text(message.text) ? [text(message.text)] : [];
  const attachments: Attachment[] = [];
  let kind: MessageKind = lines.length ? 'text' : 'other';
  const replyTo = isObject(message.reply_to) ? message.reply_to : {};
  if (isObject(replyTo.story) && text(replyTo.story.url)) lines.push(`↪ Story: ${text(replyTo.story.url)}`);
  for (const item of Array.isArray(message.attachments) ? message.attachments.filter(isObject) : []) {
    const type = text(item.type);
    const url = urlOf(item);
    if (Object.hasOwn(fileKinds, type) && url) {
      const fileKind = fileKinds[type]!;
      if (attachments.length === 0) kind = fileKind;
      // The link is signed and short-lived: the media store fetches it soon after the message is recorded.
      attachments.push({ type: fileKind, file_id: url });
    } else if (type === 'story_mention' && url) lines.push(`@ Story mention: ${url}`);
    else if (linkKinds.has(type) && url) lines.push(url);
  }
  return { kind, text: lines.join('\n\n'), attachments };
}

function chatOf(entry: InstagramEntry, customer: Person): InboundChat {
  const title = customer.username ? `@${customer.username}` : [customer.firstName, customer.lastName].filter(Boolean).join(' ');
  return { externalId: customer.externalId, type: 'private', title, topicId: '', peer: customer };
}

export function normalize(payload: unknown): InboundEvent[] {
  if (!isObject(payload) || payload.instagram !== 'messaging' || !isObject(payload.event)) return [];
  const entry = payload as unknown as InstagramEntry & { profile?: { name?: string; username?: string } };
  const igsid = customerOf(entry);
  if (!igsid) return [];
  const customer = personOf(igsid, entry.profile);
  const chat = chatOf(entry, customer);
  const date = new Date(Number(entry.event.timestamp) || Date.now());
  const { message, reaction } = entry.event;

  if (isObject(reaction) && text(reaction.mid)) {
    // The emoji on its own line, replying to the message it reacts to; none: the reaction was taken back.
    const emoji = reaction.action === 'unreact' ? '' : text(reaction.emoji) || '❤️';
    return [
      {
        type: 'message',
        chat,
        sender: customer,
        message: {
          externalId: `reaction:${text(reaction.mid)}:${text(entry.event.timestamp)}`,
          date,
          kind: 'other',
          text: emoji,
          attachments: [],
          replyToExternalId: text(reaction.mid),
        },
      },
    ];
  }
  if (!isObject(message) || !text(message.mid)) return [];
  if (message.is_deleted === true) return [{ type: 'delete', chat, messageExternalIds: [text(message.mid)] }];

  const echo = isEcho(entry);
  const quickReply = isObject(message.quick_reply) ? text(message.quick_reply.payload) : '';
  if (quickReply && !echo)
    return [
      { type: 'button', chat, sender: customer, data: quickReply, label: text(message.text) || quickReply, pressId: text(message.mid) },
    ];

  const content = contentOf(message);
  const replyTo = isObject(message.reply_to) ? text(message.reply_to.mid) || undefined : undefined;
  return [
    {
      type: 'message',
      chat,
      // What the business sent from the Instagram app: the account's own message, the customer as the chat's peer.
      sender: echo ? null : customer,
      message: {
        externalId: text(message.mid),
        date,
        kind: content.kind,
        text: content.text,
        attachments: content.attachments,
        replyToExternalId: replyTo,
        fromSelf: echo || undefined,
      },
    },
  ];
}
