import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { channelKindsKey, fetchChannelKinds, type ChannelKind, type ChannelVocabulary } from '../api/channel-kinds.api.ts';

/** The kinds of account the server connects; they change only with a new server, so they are fetched once. */
export function useChannelKinds() {
  return useQuery({ queryKey: channelKindsKey, queryFn: fetchChannelKinds, staleTime: Infinity });
}

/** One kind's description, or undefined while the kinds load (or for a kind the server no longer runs). */
export function useChannelKind(kind: string): ChannelKind | undefined {
  return useChannelKinds().data?.find((item) => item.kind === kind);
}

/** The kind's words in the UI's language (Russian or English). */
export function useChannelVocabulary(kind: string): ChannelVocabulary | undefined {
  const { i18n } = useTranslation();
  const found = useChannelKind(kind);
  if (!found) return undefined;
  return i18n.language.startsWith('ru') ? found.vocabulary.ru : found.vocabulary.en;
}

/** A described kind's words in the UI's language. */
export function useVocabularyOf(kind: ChannelKind): ChannelVocabulary {
  const { i18n } = useTranslation();
  return i18n.language.startsWith('ru') ? kind.vocabulary.ru : kind.vocabulary.en;
}

/** The server's words with their `{{name}}` places filled in (they are not i18next keys). */
export function fillWords(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (place, name: string) => (name in values ? String(values[name]) : place));
}
