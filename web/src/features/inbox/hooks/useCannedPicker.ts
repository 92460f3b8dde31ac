import { useState, type KeyboardEvent } from 'react';
import type { CannedResponse } from '../api/composer.api.ts';
import { shortcutQuery, useCannedResponses } from './useCannedResponses.ts';

/**
 * The "/" suggestions for a text field: open while the text is "/" plus a partial shortcut, closed by
 * Esc until the text changes. `onKeyDown` returns true when it used the key.
 */
export function useCannedPicker(text: string, insert: (value: string) => void) {
  const [dismissedFor, setDismissedFor] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const [activeFor, setActiveFor] = useState<string | null>(null);
  const typed = shortcutQuery(text);
  const query = typed !== null && dismissedFor !== text ? typed : null;
  const suggestions = useCannedResponses(query);
  const items = query === null ? [] : (suggestions.data?.results ?? []);
  // A new query starts at the top of its list.
  const current = activeFor === query ? Math.min(active, Math.max(items.length - 1, 0)) : 0;

  const move = (index: number) => {
    setActiveFor(query);
    setActive(index);
  };
  const pick = (item: CannedResponse) => {
    setDismissedFor(null);
    insert(item.text);
  };

  return {
    open: query !== null,
    query: query ?? '',
    items,
    loading: suggestions.isFetching,
    active: current,
    pick,
    hover: move,
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
