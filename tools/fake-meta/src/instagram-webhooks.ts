// Instagram messaging webhook bodies (Instagram API with Instagram Login, "messages",
// "message_reactions", "messaging_seen" fields): {object:"instagram", entry:[{time, id, messaging:[…]}]}.
// Timestamps are milliseconds. `id` and `recipient.id` are the business account's Instagram id.
import { newInstagramMid } from './meta-world.ts';

type Json = Record<string, unknown>;

export interface InstagramMessageInput {
  mid?: string;
  text?: string;
  attachments?: Array<{ type: 'image' | 'video' | 'audio' | 'file' | 'share' | 'story_mention' | 'ig_reel' | 'reel'; url: string }>;
  /** A reply to the business's story. */
  replyToStory?: { id: string; url: string };
  /** A reply to an earlier message. */
  replyToMid?: string;
  quickReplyPayload?: string;
  timestamp?: number;
}

const stamp = (timestamp?: number): number => timestamp ?? Date.now();

function messageBody(input: InstagramMessageInput): Json {
  const body: Json = { mid: input.mid ?? newInstagramMid() };
  if (input.text !== undefined) body.text = input.text;
  if (input.attachments)
    body.attachments = input.attachments.map((attachment) => ({ type: attachment.type, payload: { url: attachment.url } }));
  if (input.quickReplyPayload !== undefined) body.quick_reply = { payload: input.quickReplyPayload };
  if (input.replyToStory) body.reply_to = { story: input.replyToStory };
  else if (input.replyToMid) body.reply_to = { mid: input.replyToMid };
  return body;
}

/** Builders for messaging[] items. */
export const instagramEvent = {
  message: (accountId: string, from: string, input: InstagramMessageInput): Json => ({
    sender: { id: from },
    recipient: { id: accountId },
    timestamp: stamp(input.timestamp),
    message: messageBody(input),
  }),
  /** What the business itself sent from the Instagram app: sender is the account, is_echo true. */
  echo: (accountId: string, to: string, input: InstagramMessageInput): Json => ({
    sender: { id: accountId },
    recipient: { id: to },
    timestamp: stamp(input.timestamp),
    message: { ...messageBody(input), is_echo: true },
  }),
  /** An unsent message. */
  deleted: (accountId: string, from: string, mid: string, timestamp?: number): Json => ({
    sender: { id: from },
    recipient: { id: accountId },
    timestamp: stamp(timestamp),
    message: { mid, is_deleted: true },
  }),
  storyMention: (accountId: string, from: string, storyUrl: string, timestamp?: number): Json => ({
    sender: { id: from },
    recipient: { id: accountId },
    timestamp: stamp(timestamp),
    message: messageBody({ attachments: [{ type: 'story_mention', url: storyUrl }] }),
  }),
  reaction: (
    accountId: string,
    from: string,
    mid: string,
    reaction: { action: 'react' | 'unreact'; reaction?: string; emoji?: string },
    timestamp?: number,
  ): Json => ({
    sender: { id: from },
    recipient: { id: accountId },
    timestamp: stamp(timestamp),
    reaction:
      reaction.action === 'react'
        ? { mid, action: 'react', reaction: reaction.reaction ?? 'love', emoji: reaction.emoji ?? '❤️' }
        : { mid, action: 'unreact' },
  }),
  seen: (accountId: string, from: string, mid: string, timestamp?: number): Json => ({
    sender: { id: from },
    recipient: { id: accountId },
    timestamp: stamp(timestamp),
    read: { mid },
  }),
};

export function instagramPayload(accountId: string, messaging: Json[], time?: number): Json {
  return { object: 'instagram', entry: [{ time: stamp(time), id: accountId, messaging }] };
}
