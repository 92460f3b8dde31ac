import { Alert, Badge, Button, Group, Paper, SegmentedControl, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useSession } from '../../auth/index.ts';
import { errorText } from '../../../lib/errors.ts';
import { addDays, clockIn, dayStart, dayTitle, mondayOf, todayIn } from '../business-time.ts';
import { dispatchKey, fetchBoardCrew, fetchVisits, statusColors, type PlannedJob } from '../dispatch.api.ts';
import { appLanguage, DayInput } from './DayInput.tsx';
import { FeedLink } from './FeedLink.tsx';
import { JobDrawer } from './JobDrawer.tsx';

/** A measurer's day or week of planned visits (`?tab=calendar&measurer=ID&view=week&date=yyyy-mm-dd`). */
export function CalendarPanel() {
  const { t, i18n } = useTranslation();
  const language = appLanguage(i18n.language);
  const [params, setParams] = useSearchParams();
  const isAdmin = useSession().data?.role === 'admin';
  const crew = useQuery({ queryKey: [...dispatchKey, 'crew'], queryFn: fetchBoardCrew });
  const measurer = params.get('measurer');
  const view = params.get('view') === 'day' ? 'day' : 'week';
  // Days and times are the business's (business-time.ts); the browser's zone plays no part.
  const zone = crew.data?.time_zone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const today = todayIn(zone);
  const picked = params.get('date');
  const anchor = picked && /^\d{4}-\d{2}-\d{2}$/.test(picked) ? picked : today;
  const from = view === 'day' ? anchor : mondayOf(anchor);
  const days = Array.from({ length: view === 'day' ? 1 : 7 }, (_, index) => addDays(from, index));
  const to = addDays(from, days.length);
  const visits = useQuery({
    queryKey: [...dispatchKey, 'visits', measurer, zone, from, to],
    queryFn: () => fetchVisits({ measurer: measurer!, from: dayStart(from, zone), to: dayStart(to, zone) }),
    enabled: measurer !== null && crew.isSuccess,
  });
  const set = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [name, value] of Object.entries(patch)) {
      if (value) next.set(name, value);
      else next.delete(name);
    }
    setParams(next, { replace: true });
  };
  const shift = (direction: 1 | -1) => set({ date: addDays(anchor, direction * (view === 'day' ? 1 : 7)) });
  const openJob = Number(params.get('job')) || null;
  const time = (iso: string) => clockIn(iso, language, zone);
  const onDay = (day: string) => {
    const [start, end] = [dayStart(day, zone).getTime(), dayStart(addDays(day, 1), zone).getTime()];
    return (visits.data?.results ?? []).filter((job) => {
      const begins = new Date(job.planned_at).getTime();
      return begins < end && begins + job.duration_minutes * 60_000 > start;
    });
  };

  return (
    <Stack gap="md">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Select
          label={t('dispatch.measurer')}
          data={crew.data?.measurers.map((each) => ({ value: String(each.id), label: each.name })) ?? []}
          value={measurer}
          onChange={(value) => set({ measurer: value })}
          w={200}
        />
        <SegmentedControl
          value={view}
          onChange={(value) => set({ view: value === 'day' ? 'day' : null })}
          data={[
            { value: 'day', label: t('dispatch.calendar.day') },
            { value: 'week', label: t('dispatch.calendar.week') },
          ]}
        />
        <DayInput label={t('dispatch.calendar.date')} value={anchor} onChange={(value) => set({ date: value })} testId="calendar-date" />
        <Group gap={4}>
          <Button variant="default" onClick={() => shift(-1)}>
            ← {t('dispatch.calendar.previous')}
          </Button>
          <Button variant="default" onClick={() => set({ date: null })}>
            {t('dispatch.calendar.today')}
          </Button>
          <Button variant="default" onClick={() => shift(1)}>
            {t('dispatch.calendar.next')} →
          </Button>
        </Group>
      </Group>
      {measurer === null ? (
        <Text c="dimmed">{t('dispatch.calendar.pick')}</Text>
      ) : (
        <>
          {visits.error && <Alert color="red">{errorText(visits.error)}</Alert>}
          {visits.data?.has_more && <Alert color="yellow">{t('dispatch.calendar.more')}</Alert>}
          <Text size="xs" c="dimmed" data-testid="calendar-zone">
            {t('dispatch.calendar.zone', { zone })}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: view === 'day' ? 1 : 4, lg: view === 'day' ? 1 : 7 }} spacing="xs" data-testid="calendar-days">
            {days.map((day) => (
              <Paper key={day} withBorder p="xs" radius="md" aria-label={dayTitle(day, language)} data-testid={`day-${day}`}>
                <Text size="sm" fw={600} mb={6} c={day === today ? 'blue' : undefined}>
                  {dayTitle(day, language)}
                </Text>
                <Stack gap={6}>
                  {onDay(day).length === 0 && (
                    <Text size="xs" c="dimmed">
                      {t('dispatch.calendar.none')}
                    </Text>
                  )}
                  {onDay(day).map((job) => (
                    <Visit key={job.id} job={job} time={time} onOpen={() => set({ job: String(job.id) })} />
                  ))}
                </Stack>
              </Paper>
            ))}
          </SimpleGrid>
          {isAdmin && <FeedLink crewId={Number(measurer)} />}
        </>
      )}
      <JobDrawer id={openJob} crew={crew.data} onClose={() => set({ job: null })} />
    </Stack>
  );
}

function Visit({ job, time, onOpen }: { job: PlannedJob; time(iso: string): string; onOpen(): void }) {
  const { t } = useTranslation();
  const end = new Date(new Date(job.planned_at).getTime() + job.duration_minutes * 60_000).toISOString();
  return (
    <Paper
      component="button"
      type="button"
      onClick={onOpen}
      withBorder
      p={6}
      radius="sm"
      style={{ textAlign: 'left', cursor: 'pointer', borderLeft: `3px solid var(--mantine-color-${statusColors[job.status]}-6)` }}
      data-testid={`visit-${job.id}`}
    >
      <Text size="xs" fw={600}>
        {time(job.planned_at)}–{time(end)} · #{job.id}
      </Text>
      <Text size="sm" lineClamp={1}>
        {job.client_name ?? t('dispatch.job.unknown')}
      </Text>
      {job.address && (
        <Text size="xs" c="dimmed" lineClamp={2}>
          {job.address}
        </Text>
      )}
      <Badge size="xs" variant="light" color={statusColors[job.status]} mt={2}>
        {t(`dispatch.status.${job.status}`)}
      </Badge>
    </Paper>
  );
}
