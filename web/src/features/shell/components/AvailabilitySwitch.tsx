// Online, busy or offline (issue 26), beside the signed-in person in the sidebar. Auto-assignment gives new
// conversations only to operators who are online; what they hold stays theirs either way.
import { NativeSelect } from '@mantine/core';
import type { Availability, AvailabilityAnswer } from '@switchboard/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../../lib/api.ts';

// Keyed by every state the contract knows (a new one fails typecheck here); a type-only import keeps zod out of the page.
const dot: Record<Availability, string> = { online: 'green', busy: 'orange', offline: 'gray' };
const availabilities = Object.keys(dot) as Availability[];

function Dot({ state }: { state: Availability }) {
  return (
    <span
      aria-hidden
      style={{ display: 'inline-block', width: 8, height: 8, borderRadius: 4, background: `var(--mantine-color-${dot[state]}-filled)` }}
    />
  );
}

const fetchAvailability = () => api.get<AvailabilityAnswer>('/api/me/availability').then((body) => body.availability);
const saveAvailability = (availability: Availability) =>
  api.put<AvailabilityAnswer>('/api/me/availability', { availability } satisfies AvailabilityAnswer).then((body) => body.availability);

/** Part of the shell (every staff page shows it), so it carries no team-feature code into the first load. */
export function AvailabilitySwitch() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const key = ['me', 'availability'];
  const current = useQuery({ queryKey: key, queryFn: fetchAvailability, staleTime: 60_000 });
  const change = useMutation({
    mutationFn: saveAvailability,
    onSuccess: (next) => queryClient.setQueryData(key, next),
  });
  const state = current.data ?? 'online';
  // A native select: the shell is in every page's first load, and a menu would bring its popover code there.
  return (
    <NativeSelect
      size="xs"
      leftSection={<Dot state={state} />}
      value={state}
      disabled={change.isPending}
      onChange={(event) => change.mutate(event.currentTarget.value as Availability)}
      data={availabilities.map((option) => ({ value: option, label: t(`shell.availability.${option}`) }))}
      aria-label={t('shell.availability.label', { state: t(`shell.availability.${state}`) })}
      title={t('shell.availability.hint')}
      data-testid="availability"
    />
  );
}
