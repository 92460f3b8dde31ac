import { useCallback, useRef } from 'react';
import { signalTyping } from '../api/composer.api.ts';
import type { Chat } from '../../conversations/index.ts';

/** Telegram shows "typing…" for about five seconds; one signal every four keeps it on without spending the bot's rate. */
export const typingEveryMs = 4_000;

/** Returns a function to call on every keystroke; it tells the server at most once per `typingEveryMs`. */
export function useTypingSignal(chatId: Chat['id']) {
  const last = useRef(0);
  return useCallback(() => {
    const now = Date.now();
    if (now - last.current < typingEveryMs) return;
    last.current = now;
    // Best effort: a missed "typing…" is not worth an error on screen.
    signalTyping(chatId).catch(() => undefined);
  }, [chatId]);
}
