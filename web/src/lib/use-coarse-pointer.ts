import { useSyncExternalStore } from 'react';

// A phone or tablet: the main pointer is a finger. There Enter on the on-screen keyboard adds a line
// (a message is often several), and the send button sends.
const query = '(pointer: coarse)';

function subscribe(onChange: () => void) {
  const list = window.matchMedia(query);
  list.addEventListener('change', onChange);
  return () => list.removeEventListener('change', onChange);
}

export function useCoarsePointer(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => window.matchMedia(query).matches,
    () => false,
  );
}
