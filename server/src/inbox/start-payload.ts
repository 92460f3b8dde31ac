/**
 * "/start <payload>" from a deep link: the payload is for the bot (a one-time linking token, a
 * campaign code), not for people. The conversation keeps "/start (link)" so a token never shows in
 * the history, the list preview or search; the bot's handlers read the payload from the update itself.
 */
export function hideStartPayload(text: string): string {
  return /^\/start(@\w+)?\s+\S+\s*$/.test(text) ? '/start (link)' : text;
}
