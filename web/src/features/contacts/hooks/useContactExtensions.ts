import { useQueries } from '@tanstack/react-query';
import { useEnabledApps } from '../../../lib/use-enabled-apps.ts';
import { contactExtensions, type ContactMark } from '../contact-extensions.ts';

/** The registered extensions whose app the server runs. */
export function useContactExtensions() {
  const apps = useEnabledApps();
  return contactExtensions().filter((extension) => apps.isEnabled(extension.app));
}

/** Every enabled extension's marks for these contacts, in one map (id → marks). */
export function useContactMarks(contactIds: number[]): Map<number, ContactMark[]> {
  const sources = useContactExtensions().filter((extension) => extension.marks);
  const results = useQueries({
    queries: sources.map((extension) => ({
      queryKey: ['contacts', 'marks', extension.app, contactIds],
      queryFn: () => extension.marks!(contactIds),
      enabled: contactIds.length > 0,
      staleTime: 15_000,
    })),
  });
  const marks = new Map<number, ContactMark[]>();
  for (const result of results) for (const [id, mark] of result.data ?? []) marks.set(id, [...(marks.get(id) ?? []), mark]);
  return marks;
}
