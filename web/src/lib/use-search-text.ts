import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';

/**
 * A search box kept in ?q=: what is typed goes to the address after a pause (replacing the entry,
 * so the back button leaves the page instead of stepping through keystrokes), and an address that
 * changes from outside (a link, back, forward) fills the box.
 */
export function useSearchText(delayMs = 300) {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [text, setText] = useState(q);
  const [debounced] = useDebouncedValue(text, delayMs);
  const written = useRef(q);

  useEffect(() => {
    const next = debounced.trim();
    if (next === written.current) return;
    written.current = next;
    setParams(
      (current) => {
        const updated = new URLSearchParams(current);
        if (next) updated.set('q', next);
        else updated.delete('q');
        return updated;
      },
      { replace: true },
    );
  }, [debounced, setParams]);

  useEffect(() => {
    if (q === written.current) return;
    written.current = q;
    setText(q);
  }, [q]);

  return { q, text, setText };
}
