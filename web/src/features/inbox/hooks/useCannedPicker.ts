import { useLayoutEffect, useRef, useState, type KeyboardEvent, type RefObject, type SyntheticEvent } from 'react';
import type { CannedResponse } from '../api/composer.api.ts';
import type { Chat } from '../../conversations/index.ts';
import { replaceShortcut, shortcutAtCaret } from './canned-shortcut.ts';
import { useCannedResponses } from './useCannedResponses.ts';

/**
 * The "/" suggestions for a text field: open while the caret ends a "/word" that starts a word
 * anywhere in the text, closed by Esc until the text changes. Picking one replaces just that "/word".
 * Give the field's `onChange` and `onSelect` to `trackCaret`; `onKeyDown` returns true when it used the key.
 */
export function useCannedPicker(
  text: string,
  replace: (value: string) => void,
  field: RefObject<HTMLTextAreaElement | null>,
  chatId?: Chat['id'],
) {
  const [dismissedFor, setDismissedFor] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const [activeFor, setActiveFor] = useState<string | null>(null);
  const [caret, setCaret] = useState(text.length);
  const caretAfterPick = useRef<number | null>(null);
  const typed = shortcutAtCaret(text, Math.min(caret, text.length));
  const query = typed !== null && dismissedFor !== text ? typed.query : null;
  const suggestions = useCannedResponses(query, chatId);
  const items = query === null ? [] : (suggestions.data?.results ?? []);
  // A new query starts at the top of its list.
  const current = activeFor === query ? Math.min(active, Math.max(items.length - 1, 0)) : 0;

  // After a pick the field gets the new text first, then the caret right after the inserted answer.
  useLayoutEffect(() => {
    const at = caretAfterPick.current;
    if (at === null || !field.current) return;
    caretAfterPick.current = null;
    field.current.setSelectionRange(at, at);
  }, [text, field]);

  const move = (index: number) => {
    setActiveFor(query);
    setActive(index);
  };
  const pick = (item: CannedResponse) => {
    if (!typed) return;
    const next = replaceShortcut(text, typed, item.rendered ?? item.text);
    setDismissedFor(null);
    caretAfterPick.current = next.caret;
    setCaret(next.caret);
    replace(next.text);
  };

  return {
    open: query !== null,
    query: query ?? '',
    items,
    loading: suggestions.isFetching,
    active: current,
    pick,
    hover: move,
    trackCaret(event: SyntheticEvent<HTMLTextAreaElement>) {
      setCaret(event.currentTarget.selectionStart);
    },
    onKeyDown(event: KeyboardEvent): boolean {
      if (query === null) return false;
      if (event.key === 'Escape') {
        setDismissedFor(text);
        return true;
      }
      if (items.length === 0) return false;
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        const step = event.key === 'ArrowDown' ? 1 : -1;
        move((current + step + items.length) % items.length);
        return true;
      }
      if ((event.key === 'Enter' && !event.shiftKey) || event.key === 'Tab') {
        pick(items[current]!);
        return true;
      }
      return false;
    },
  };
}
