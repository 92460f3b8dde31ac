// Reply drafts per conversation, kept in localStorage so neither switching chats, a reload nor an
// expired session loses what an operator was typing.
const prefix = 'sb.draft.';

/** The localStorage key of one draft: other tabs see its changes through the `storage` event. */
export const draftStorageKey = (chatId: string | number) => prefix + chatId;

export function readDraft(chatId: string | number): string {
  try {
    return localStorage.getItem(draftStorageKey(chatId)) ?? '';
  } catch {
    return '';
  }
}

export function writeDraft(chatId: string | number, text: string): void {
  try {
    if (text) localStorage.setItem(draftStorageKey(chatId), text);
    else localStorage.removeItem(draftStorageKey(chatId));
  } catch {
    // storage full or blocked: the draft lives only in memory
  }
}

/** Forgets every draft: on an explicit sign-out, so the next person at this browser sees none. */
export function clearDrafts(): void {
  try {
    for (const key of Object.keys(localStorage)) if (key.startsWith(prefix)) localStorage.removeItem(key);
  } catch {
    // storage blocked: nothing was kept
  }
}
