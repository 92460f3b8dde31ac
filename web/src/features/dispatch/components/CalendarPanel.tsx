import { Alert, Badge, Button, Group, Paper, SegmentedControl, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useSession } from '../../auth/index.ts';
import { errorText } from '../../../lib/errors.ts';
import { dispatchKey, fetchBoardCrew, fetchVisits, statusColors, type PlannedJob } from '../dispatch.api.ts';
import { appLanguage, DayInput } from './DayInput.tsx';
import { FeedLink } from './FeedLink.tsx';
import { JobDrawer } from './JobDrawer.tsx';

/** Monday of the date's week (the business's weeks start on Monday, as the statistics' do). */
const weekStart = (day: dayjs.Dayjs) => day.subtract((day.day() + 6) % 7, 'day').startOf('day');

/** A measurer's day or week of planned visits (`?tab=calendar&measurer=ID&view=week&date=yyyy-mm-dd`). */
export function CalendarPanel() {
  const { t, i18n } = useTranslation();
  const language = appLanguage(i18n.language);
  const [params, setParams] = useSearchParams();
  const isAdmin = useSession().data?.role === 'admin';
  const crew = useQuery({ queryKey: [...dispatchKey, 'crew'], queryFn: fetchBoardCrew });
  const measurer = params.get('measurer');
  const view = params.get('view') === 'day' ? 'day' : 'week';
  const picked = dayjs(params.get('date') ?? undefined);
  const anchor = picked.isValid() ? picked : dayjs();
  const from = view === 'day' ? anchor.startOf('day') : weekStart(anchor);
  const days = Array.from({ length: view === 'day' ? 1 : 7 }, (_, index) => from.add(index, 'day'));
  const to = from.add(days.length, 'day');
  const visits = useQuery({
    queryKey: [...dispatchKey, 'visits', measurer, from.valueOf(), to.valueOf()],
    queryFn: () => fetchVisits({ measurer: measurer!, from: from.toDate(), to: to.toDate() }),
    enabled: measurer !== null,
  });
  const set = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [name, value] of Object.entries(patch)) {
      if (value) next.set(name, value);
      else next.delete(name);
    }
    setParams(next, { replace: true });
  };
  const shift = (direction: 1 | -1) => set({ date: anchor.add(direction, view).format('YYYY-MM-DD') });
  const openJob = Number(params.get('job')) || null;
  const time = (iso: string) => new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
  const dayTitle = (day: dayjs.Dayjs) =>
    new Intl.DateTimeFormat(language, { weekday: 'short', day: 'numeric', month: 'short' }).format(day.toDate());
  const onDay = (day: dayjs.Dayjs) =>
    (visits.data?.results ?? []).filter(
      (job) => dayjs(job.planned_at).isBefore(day.add(1, 'day')) && dayjs(job.planned_at).add(job.duration_minutes, 'minute').isAfter(day),
    );

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
        <DayInput
          label={t('dispatch.calendar.date')}
          value={anchor.format('YYYY-MM-DD')}
          onChange={(value) => set({ date: value })}
          testId="calendar-date"
        />
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
          <SimpleGrid cols={{ base: 1, sm: view === 'day' ? 1 : 4, lg: view === 'day' ? 1 : 7 }} spacing="xs" data-testid="calendar-days">
            {days.map((day) => (
              <Paper
                key={day.valueOf()}
                withBorder
                p="xs"
                radius="md"
                aria-label={dayTitle(day)}
                data-testid={`day-${day.format('YYYY-MM-DD')}`}
              >
                <Text size="sm" fw={600} mb={6} c={day.isSame(dayjs(), 'day') ? 'blue' : undefined}>
                  {dayTitle(day)}
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
