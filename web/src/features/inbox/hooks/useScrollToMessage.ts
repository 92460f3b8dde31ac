import { useEffect } from 'react';
import { useLocation } from 'react-router';

/** The link a search result uses: the conversation, with the message to bring into view. */
export function messageLink(chatId: number | string, messageId: number | string): string {
  return `/inbox/${encodeURIComponent(String(chatId))}#message-${encodeURIComponent(String(messageId))}`;
}

/**
 * When the address ends in #message-<id>, waits for that message to be on the page (the history
 * loads after the conversation opens), scrolls it to the middle and flashes it once.
 */
export function useScrollToMessage(): void {
  const { hash } = useLocation();
  useEffect(() => {
    const id = /^#message-(.+)$/.exec(hash)?.[1];
    if (!id) return;
    const selector = `[data-message-id="${CSS.escape(decodeURIComponent(id))}"]`;
    const reveal = () => {
      const element = document.querySelector<HTMLElement>(selector);
      if (!element) return false;
      element.scrollIntoView({ block: 'center' });
      element.setAttribute('data-search-target', 'true');
      element.animate([{ backgroundColor: 'var(--mantine-color-yellow-light)' }, { backgroundColor: 'transparent' }], {
        duration: 2400,
        easing: 'ease-out',
      });
      return true;
    };
    if (reveal()) return;
    const observer = new MutationObserver(() => {
      if (reveal()) observer.disconnect();
    });
    observer.observe(document.body, { childList: true, subtree: true });
    const giveUp = setTimeout(() => observer.disconnect(), 15_000);
    return () => {
      observer.disconnect();
      clearTimeout(giveUp);
    };
  }, [hash]);
}
