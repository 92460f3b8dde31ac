import { useCallback, useEffect, useRef, useState } from 'react';
import { draftStorageKey, readDraft, writeDraft } from '../../../lib/drafts.ts';
import type { Chat } from '../../conversations/index.ts';

export type ComposerMode = 'reply' | 'note';
type PerMode = Record<ComposerMode, string>;

/** Where each mode's draft is kept: a reply and a private note never share text, so a note cannot go out by a slip. */
export const draftKeyOf = (chatId: Chat['id'], mode: ComposerMode) => (mode === 'note' ? `${chatId}.note` : String(chatId));

/**
 * The composer's text per mode, saved as it is typed, so switching chats, reloading or an expired
 * session never loses it. Text handed to a send counts as the draft until the server has it. Tabs
 * on the same conversation share it: what one saves, the others show (the newest save wins), so a
 * tab left open with an older draft cannot write it back over the newer one.
 */
export function useComposerDrafts(chatId: Chat['id']) {
  const [texts, setTexts] = useState<PerMode>(() => ({
    reply: readDraft(draftKeyOf(chatId, 'reply')),
    note: readDraft(draftKeyOf(chatId, 'note')),
  }));
  const textsRef = useRef(texts);
  const sending = useRef<PerMode>({ reply: '', note: '' });

  const setText = useCallback((mode: ComposerMode, value: string) => {
    textsRef.current = { ...textsRef.current, [mode]: value };
    setTexts(textsRef.current);
  }, []);

  const save = useCallback(() => {
    for (const mode of ['reply', 'note'] as const) writeDraft(draftKeyOf(chatId, mode), textsRef.current[mode] || sending.current[mode]);
  }, [chatId]);

  useEffect(() => {
    const timer = setTimeout(save, 250);
    return () => clearTimeout(timer);
  }, [texts, save]);
  // Another tab saved this conversation's draft: show it here, so this tab's next save repeats it.
  useEffect(() => {
    const onStorage = (event: StorageEvent) => {
      if (event.storageArea !== localStorage) return;
      for (const mode of ['reply', 'note'] as const)
        if (event.key === draftStorageKey(draftKeyOf(chatId, mode)) && !sending.current[mode]) setText(mode, event.newValue ?? '');
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, [chatId, setText]);
  // Leaving the conversation (or the page) saves at once whatever the debounce had not.
  useEffect(() => {
    window.addEventListener('pagehide', save);
    return () => {
      window.removeEventListener('pagehide', save);
      save();
    };
  }, [save]);

  return {
    texts,
    setText,
    /** Clears the field for a send; the text stays the draft until `settle`. */
    hand(mode: ComposerMode, text: string) {
      sending.current = { ...sending.current, [mode]: text };
      setText(mode, '');
    },
    /** The send is over: on failure the text comes back unless something new was typed meanwhile. */
    settle(mode: ComposerMode, giveBack: string | null) {
      sending.current = { ...sending.current, [mode]: '' };
      if (giveBack && !textsRef.current[mode]) setText(mode, giveBack);
      save();
    },
  };
}
