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

/** One messenger as people know it: the kinds of account it has, its words, and its contact links (its first kind's with any). */
export interface MessengerFamily {
  messenger: string;
  kinds: string[];
  vocabulary: ChannelVocabulary;
  contactLinks: NonNullable<ChannelKind['contact_links']> | null;
}

/** The messengers the server's kinds belong to, in the server's order (a bot and a personal account are one messenger). */
export function useMessengerFamilies(): MessengerFamily[] | undefined {
  const { i18n } = useTranslation();
  const kinds = useChannelKinds().data;
  if (!kinds) return undefined;
  const families = new Map<string, MessengerFamily>();
  for (const kind of kinds) {
    const family = families.get(kind.messenger) ?? {
      messenger: kind.messenger,
      kinds: [],
      vocabulary: i18n.language.startsWith('ru') ? kind.vocabulary.ru : kind.vocabulary.en,
      contactLinks: null,
    };
    family.kinds.push(kind.kind);
    family.contactLinks ??= kind.contact_links;
    families.set(kind.messenger, family);
  }
  return [...families.values()];
}

/** A profile or click-to-chat link from a kind's URL template: each `{name}` filled in URL-encoded; null when a value is missing. */
export function fillLink(template: string, values: Record<string, string | null | undefined>): string | null {
  let missing = false;
  const link = template.replace(/\{(\w+)\}/g, (_place, name: string) => {
    const value = values[name];
    if (!value) missing = true;
    return encodeURIComponent(value ?? '');
  });
  return missing ? null : link;
}
