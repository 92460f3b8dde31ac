// A private-chat message as journaled (a compact, JSON-safe form of MTProto's
// `message`, made at intake) and what the inbox records from it. The event
// identity is `<peer>:<message id>:new` or `…:edit:<edit date>`: live updates,
// getDifference catch-up and the dialog import name the same message the same
// way, so the journal stores it once. A deletion is `<peer>:del:<pts>`: the
// account's pts numbers it the same live and in getDifference.
import { Document, Photo, tl } from '@mtcute/node';
import type { Attachment, InboundEvent, MessageKind, RawUpdate } from '../channel.ts';

export interface JournaledPerson {
  id: number;
  firstName: string;
  lastName?: string;
  username?: string;
  isBot: boolean;
}

export interface JournaledMessage {
  kind: 'new' | 'edit';
  peer: JournaledPerson;
  id: number;
  date: number;
  editDate?: number;
  out: boolean;
  text: string;
  replyTo?: number;
  groupedId?: string;
  attachment?: Attachment;
}

/** Messages deleted in one private chat (by the customer, or by the owner on their phone). */
export interface JournaledDeletion {
  kind: 'delete';
  peer: { id: number };
  ids: number[];
  /** The update's pts: its identity (`op:<ids>` for a deletion the account made itself, which Telegram does not echo). */
  pts: number | string;
}

/** The customer read the account's messages up to `maxId` (updateReadHistoryOutbox; its pts names it). */
export interface JournaledRead {
  kind: 'read';
  peer: { id: number };
  maxId: number;
  pts: number;
}

/** The reactions on one message as they now stand (updateMessageReactions): the customer's and the account's own. */
export interface JournaledReactions {
  kind: 'reactions';
  peer: { id: number };
  msgId: number;
  customer: string[];
  own: string[];
  /** Telegram gives the update no number of its own: each arrival is one entry (each replaces the last, so a repeat is harmless). */
  seq: string;
}

/** The journal entry of a read receipt or a reaction tally in a private chat; null for anything else. */
export function journalReceipt(update: tl.TypeUpdate, seq: string): RawUpdate | null {
  if (update._ === 'updateReadHistoryOutbox' && update.peer._ === 'peerUser') {
    const payload: JournaledRead = { kind: 'read', peer: { id: update.peer.userId }, maxId: update.maxId, pts: update.pts };
    return identifyJournaled(payload);
  }
  if (update._ === 'updateMessageReactions' && update.peer._ === 'peerUser') {
    const customer: string[] = [];
    const own: string[] = [];
    // In a private chat a tally is the customer's and the account's: the account's is the one it chose.
    for (const result of update.reactions.results) {
      if (result.reaction._ !== 'reactionEmoji') continue; // custom emoji and paid stars have no character to show
      const chosen = result.chosenOrder !== undefined;
      if (chosen) own.push(result.reaction.emoticon);
      if (result.count - (chosen ? 1 : 0) > 0) customer.push(result.reaction.emoticon);
    }
    const payload: JournaledReactions = { kind: 'reactions', peer: { id: update.peer.userId }, msgId: update.msgId, customer, own, seq };
    return identifyJournaled(payload);
  }
  return null;
}

function person(user: tl.TypeUser | undefined, id: number): JournaledPerson {
  if (user?._ !== 'user') return { id, firstName: `Telegram user ${id}`, isBot: false };
  return {
    id,
    firstName: user.firstName ?? user.username ?? `Telegram user ${id}`,
    lastName: user.lastName,
    username: user.username,
    isBot: user.bot ?? false,
  };
}

/**
 * mtcute's TDLib-style file id (location, access hash, file reference, DC): what downloadFile fetches later.
 * The file reference inside may expire at Telegram (not proven against it: README).
 */
function fileOf(file: Photo | Document): Pick<Attachment, 'file_id' | 'file_unique_id' | 'width' | 'height'> {
  try {
    const size = file instanceof Photo ? { width: file.width, height: file.height } : {};
    return { file_id: file.fileId, file_unique_id: file.uniqueFileId, ...size };
  } catch {
    return {};
  }
}

function attachmentOf(media: tl.TypeMessageMedia | undefined): Attachment | undefined {
  if (!media) return undefined;
  switch (media._) {
    case 'messageMediaPhoto':
      return media.photo?._ === 'photo' ? { type: 'photo', ...fileOf(new Photo(media.photo, media)) } : { type: 'photo' };
    case 'messageMediaGeo':
      return media.geo._ === 'geoPoint' ? { type: 'location', latitude: media.geo.lat, longitude: media.geo.long } : { type: 'location' };
    case 'messageMediaContact':
      return { type: 'contact', phone_number: media.phoneNumber, first_name: media.firstName, last_name: media.lastName };
    case 'messageMediaPoll':
      return { type: 'poll' };
    case 'messageMediaDice':
      return { type: 'dice', emoji: media.emoticon };
    case 'messageMediaDocument': {
      const document = media.document?._ === 'document' ? media.document : undefined;
      const attributes = document?.attributes ?? [];
      const audio = attributes.find((each) => each._ === 'documentAttributeAudio');
      const video = attributes.find((each) => each._ === 'documentAttributeVideo');
      const name = attributes.find((each) => each._ === 'documentAttributeFilename');
      let type: MessageKind = 'document';
      if (attributes.some((each) => each._ === 'documentAttributeSticker')) type = 'sticker';
      else if (audio) type = audio.voice ? 'voice' : 'audio';
      else if (video) type = video.roundMessage ? 'video_note' : 'video';
      else if (attributes.some((each) => each._ === 'documentAttributeAnimated')) type = 'animation';
      return {
        type,
        ...(document ? fileOf(new Document(document)) : {}),
        mime_type: document?.mimeType,
        file_size: document ? Number(document.size) : undefined,
        file_name: name?.fileName,
        duration: audio?.duration ?? video?.duration,
      };
    }
    default:
      return { type: 'other' };
  }
}

/** The journal entry of one MTProto message in a private chat; null for anything else (groups, channels, service messages). */
export function journalMessage(message: tl.TypeMessage, users: Map<number, tl.TypeUser>, kind: 'new' | 'edit'): RawUpdate | null {
  if (message._ !== 'message' || message.peerId._ !== 'peerUser') return null;
  const peerId = message.peerId.userId;
  const payload: JournaledMessage = {
    kind,
    peer: person(users.get(peerId), peerId),
    id: message.id,
    date: message.date,
    editDate: message.editDate,
    out: message.out ?? false,
    text: message.message,
    replyTo: message.replyTo?._ === 'messageReplyHeader' ? message.replyTo.replyToMsgId : undefined,
    groupedId: message.groupedId?.toString(),
    attachment: attachmentOf(message.media),
  };
  const eventId = kind === 'new' ? `${peerId}:${message.id}:new` : `${peerId}:${message.id}:edit:${message.editDate ?? message.date}`;
  return { eventId, chatKey: String(peerId), payload };
}

/** One journal entry per chat of a deletion, for the ids intake knows the chat of. */
export function journalDeletion(chats: Map<number, number[]>, pts: number): RawUpdate[] {
  return [...chats].map(([peerId, ids]) => {
    const payload: JournaledDeletion = { kind: 'delete', peer: { id: peerId }, ids, pts };
    return { eventId: `${peerId}:del:${pts}`, chatKey: String(peerId), payload };
  });
}

export function identifyJournaled(payload: unknown): RawUpdate | null {
  const receipt = payload as { kind?: string; peer?: { id: number }; pts?: number; msgId?: number; seq?: string } | null;
  if (receipt?.kind === 'read' && receipt.peer)
    return { eventId: `${receipt.peer.id}:read:${receipt.pts}`, chatKey: String(receipt.peer.id), payload };
  if (receipt?.kind === 'reactions' && receipt.peer)
    return { eventId: `${receipt.peer.id}:reactions:${receipt.msgId}:${receipt.seq}`, chatKey: String(receipt.peer.id), payload };
  const deletion = payload as Partial<JournaledDeletion> | null;
  if (deletion?.kind === 'delete' && deletion.peer && deletion.pts !== undefined)
    return { eventId: `${deletion.peer.id}:del:${deletion.pts}`, chatKey: String(deletion.peer.id), payload };
  const message = payload as Partial<JournaledMessage> | null;
  if (!message?.peer || typeof message.id !== 'number') return null;
  const eventId =
    message.kind === 'edit'
      ? `${message.peer.id}:${message.id}:edit:${message.editDate ?? message.date}`
      : `${message.peer.id}:${message.id}:new`;
  return { eventId, chatKey: String(message.peer.id), payload };
}

export function normalizeJournaled(payload: unknown): InboundEvent[] {
  const receipt = payload as JournaledRead | JournaledReactions;
  if (receipt.kind === 'read' || receipt.kind === 'reactions') {
    const chat = { externalId: String(receipt.peer.id), type: 'private' as const, title: '', topicId: '' };
    if (receipt.kind === 'read') return [{ type: 'read_up_to', chat, messageExternalId: String(receipt.maxId), at: new Date() }];
    // The customer's name is the conversation's already; only the identity matters here.
    const by = { messenger: 'telegram', externalId: String(receipt.peer.id), firstName: '', isBot: false };
    return [
      { type: 'reaction', chat, messageExternalId: String(receipt.msgId), by, emojis: receipt.customer },
      { type: 'reaction', chat, messageExternalId: String(receipt.msgId), by: null, emojis: receipt.own },
    ];
  }
  const deletion = payload as JournaledDeletion;
  if (deletion.kind === 'delete')
    return [
      {
        type: 'delete',
        chat: { externalId: String(deletion.peer.id), type: 'private', title: '', topicId: '' },
        messageExternalIds: deletion.ids.map(String),
      },
    ];
  const message = payload as JournaledMessage;
  const { peer } = message;
  const title = [peer.firstName, peer.lastName].filter(Boolean).join(' ');
  const sender = {
    messenger: 'telegram',
    externalId: String(peer.id),
    firstName: peer.firstName,
    lastName: peer.lastName,
    username: peer.username,
    isBot: peer.isBot,
  };
  return [
    {
      type: message.kind === 'edit' ? 'edit' : 'message',
      chat: { externalId: String(peer.id), type: 'private', title, topicId: '' },
      // The owner's own messages (from their phone) are the account's: outgoing, no operator.
      sender: message.out ? null : sender,
      message: {
        externalId: String(message.id),
        date: new Date(message.date * 1000),
        editDate: message.editDate ? new Date(message.editDate * 1000) : undefined,
        kind: message.attachment?.type ?? 'text',
        text: message.text,
        attachments: message.attachment ? [message.attachment] : [],
        replyToExternalId: message.replyTo ? String(message.replyTo) : undefined,
        mediaGroupId: message.groupedId,
        fromSelf: message.out,
      },
    },
  ];
}
