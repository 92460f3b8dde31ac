/** A "/word" being typed: where it starts and ends in the text, and the shortcut typed so far. */
export interface ShortcutAtCaret {
  start: number;
  end: number;
  query: string;
}

/**
 * The "/shortcut" that ends at the caret, when the "/" starts a word (at the start of the text or
 * after a space or a line break): "Hi /gre|" → `gre`. A "/" inside a word ("and/or", a link) is not one.
 */
export function shortcutAtCaret(text: string, caret: number): ShortcutAtCaret | null {
  const before = text.slice(0, caret);
  const match = /(?:^|\s)\/([\p{L}\p{N}_-]{0,40})$/u.exec(before);
  if (!match) return null;
  // The word must end at the caret too: "/gre|at" is the middle of a word, not a shortcut being typed.
  if (/^[\p{L}\p{N}_-]/u.test(text.slice(caret))) return null;
  const query = match[1]!;
  return { start: caret - query.length - 1, end: caret, query };
}

/** Replaces just the "/word" with the saved answer's text; the caret goes right after what was inserted. */
export function replaceShortcut(text: string, at: ShortcutAtCaret, insert: string): { text: string; caret: number } {
  const head = text.slice(0, at.start) + insert;
  return { text: head + text.slice(at.end), caret: head.length };
}
