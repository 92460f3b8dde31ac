// Whether a conversation can be answered now (a business account paused or disconnected, a reply window closed):
// the inbox asks the conversation's channel and answers in its words.

/** GET /api/chats/:id/reply-status: whether the composer may send, and if not, why. */
export interface ReplyStatus {
  can_reply: boolean;
  /** Stable, for the web app's words; null when the chat can be answered. */
  code: string | null;
  /** The channel's reason in English, with what to do; null when the chat can be answered. */
  reason: string | null;
  /** The connected account the chat goes through (a business that connected the bot), if any. */
  via: { id: string; name: string } | null;
  /** When the chat's reply window closes, if it has one: past it the chat cannot be answered (until the customer writes). */
  until: string | null;
}
