// The composer's share of the operator's tools (issue 26): the colleagues a note may @mention, and
// saved answers the command bar inserts into the open conversation's composer.
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, type RefObject } from 'react';
import { fetchMentionable, type Colleague } from '../api/composer.api.ts';
import type { Chat } from '../../conversations/index.ts';

const insertEvent = 'switchboard:insert-answer';

/** Colleagues who may see the conversation; asked only while writing a note. */
export function useMentionable(chatId: Chat['id'], enabled: boolean): Colleague[] {
  const query = useQuery({
    queryKey: ['mentionable', chatId],
    queryFn: ({ signal }) => fetchMentionable(chatId, signal),
    enabled,
    staleTime: 30_000,
    meta: { silent: true },
  });
  return query.data?.results ?? [];
}

/** Puts a (filled-in) saved answer into the open conversation's composer. */
export function insertAnswer(text: string): void {
  window.dispatchEvent(new CustomEvent<string>(insertEvent, { detail: text }));
}

/** The composer's side of `insertAnswer`: adds the text and focuses the field. */
export function useInsertAnswer(field: RefObject<HTMLTextAreaElement | null>, insert: (text: string) => void): void {
  const latest = useRef(insert);
  useEffect(() => {
    latest.current = insert;
  }, [insert]);
  useEffect(() => {
    const onInsert = (event: Event) => {
      latest.current((event as CustomEvent<string>).detail);
      field.current?.focus();
    };
    window.addEventListener(insertEvent, onInsert);
    return () => window.removeEventListener(insertEvent, onInsert);
  }, [field]);
}
