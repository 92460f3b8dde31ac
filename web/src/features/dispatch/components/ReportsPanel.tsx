import { Alert, Anchor, Group, Paper, Progress, SegmentedControl, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { errorText } from '../../../lib/errors.ts';
import {
  dispatchKey,
  exportLink,
  fetchBoardCrew,
  fetchStats,
  statsPeriods,
  type MeasurerStats,
  type StatsPeriod,
} from '../dispatch.api.ts';
import { appLanguage, DayInput } from './DayInput.tsx';

const palette = ['blue', 'teal', 'grape', 'orange', 'cyan', 'pink', 'lime', 'indigo', 'yellow', 'red'];

/** Per-measurer statistics for a period (`?tab=reports&from&to&period&measurer`): a chart, the figures, and the export. */
export function ReportsPanel() {
  const { t, i18n } = useTranslation();
  const language = appLanguage(i18n.language);
  const [params, setParams] = useSearchParams();
  const crew = useQuery({ queryKey: [...dispatchKey, 'crew'], queryFn: fetchBoardCrew });
  // The last 30 days until someone picks (or clears) a date; a cleared one stays empty.
  const filters = {
    from: params.get('from') ?? dayjs().subtract(29, 'day').format('YYYY-MM-DD'),
    to: params.get('to') ?? dayjs().format('YYYY-MM-DD'),
    period: (statsPeriods as readonly string[]).includes(params.get('period') ?? '') ? (params.get('period') as StatsPeriod) : 'week',
    measurer: params.get('measurer'),
  };
  const ready = filters.from !== '' && filters.to !== '';
  const stats = useQuery({ queryKey: [...dispatchKey, 'stats', filters], queryFn: () => fetchStats(filters), enabled: ready });
  const set = (name: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value === null && name === 'measurer') next.delete(name);
    else next.set(name, value ?? '');
    setParams(next, { replace: true });
  };
  const rows = stats.data?.results ?? [];
  return (
    <Stack gap="md">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <DayInput label={t('dispatch.from')} value={filters.from} onChange={(value) => set('from', value)} testId="report-from" />
        <DayInput label={t('dispatch.to')} value={filters.to} onChange={(value) => set('to', value)} testId="report-to" />
        <Select
          label={t('dispatch.measurer')}
          placeholder={t('dispatch.anyone')}
          data={crew.data?.measurers.map((each) => ({ value: String(each.id), label: each.name })) ?? []}
          value={filters.measurer}
          onChange={(value) => set('measurer', value)}
          clearable
          w={180}
        />
        <Stack gap={2}>
          <Text size="sm" fw={500}>
            {t('dispatch.reports.period')}
          </Text>
          <SegmentedControl
            value={filters.period}
            onChange={(value) => set('period', value)}
            data={statsPeriods.map((value) => ({ value, label: t(`dispatch.reports.periods.${value}`) }))}
          />
        </Stack>
      </Group>
      {!ready && <Alert color="blue">{t('dispatch.reports.needRange')}</Alert>}
      {stats.error && <Alert color="red">{errorText(stats.error)}</Alert>}
      {stats.isSuccess && rows.length === 0 && <Text c="dimmed">{t('dispatch.reports.none')}</Text>}
      {rows.length > 0 && <CompletedChart rows={rows} language={language} period={filters.period} />}
      {rows.length > 0 && <Figures rows={rows} />}
      {stats.data && (
        <Text size="xs" c="dimmed">
          {t('dispatch.reports.grace', { minutes: stats.data.grace_minutes })}
        </Text>
      )}
      {ready && (
        <Group gap="sm">
          <Text size="sm">{t('dispatch.reports.export')}:</Text>
          <Anchor href={exportLink('csv', filters)} download data-testid="export-csv">
            CSV
          </Anchor>
          <Anchor href={exportLink('xlsx', filters)} download data-testid="export-xlsx">
            XLSX
          </Anchor>
        </Group>
      )}
    </Stack>
  );
}

/** One stacked bar per bucket: each measurer's completed jobs in their colour, the longest bar the full width. */
function CompletedChart({ rows, language, period }: { rows: MeasurerStats[]; language: string; period: StatsPeriod }) {
  const { t } = useTranslation();
  const starts = [...new Set(rows.flatMap((row) => row.buckets.map((bucket) => bucket.start)))].sort();
  const completedIn = (row: MeasurerStats, start: string) => row.buckets.find((bucket) => bucket.start === start)?.completed ?? 0;
  const totals = starts.map((start) => rows.reduce((sum, row) => sum + completedIn(row, start), 0));
  const widest = Math.max(1, ...totals);
  const label = (start: string) =>
    new Intl.DateTimeFormat(language, period === 'month' ? { month: 'long', year: 'numeric' } : { day: 'numeric', month: 'short' }).format(
      // A bucket is the business's calendar day (yyyy-mm-dd): read as that day, not as UTC midnight.
      dayjs(start).toDate(),
    );
  return (
    <Paper withBorder p="sm" radius="md" component="section" aria-label={t('dispatch.reports.chart')} data-testid="stats-chart">
      <Title order={3} size="h6" mb="xs">
        {t('dispatch.reports.chart')}
      </Title>
      <Group gap="md" mb="xs">
        {rows.map((row, index) => (
          <Group key={row.measurer.id} gap={4}>
            <span
              style={{ width: 10, height: 10, borderRadius: 2, background: `var(--mantine-color-${palette[index % palette.length]}-6)` }}
            />
            <Text size="xs">{row.measurer.name ?? `#${row.measurer.id}`}</Text>
          </Group>
        ))}
      </Group>
      <Stack gap={4}>
        {starts.map((start, position) => (
          <Group key={start} gap="xs" wrap="nowrap">
            <Text size="xs" w={110} ta="right" style={{ flexShrink: 0 }}>
              {label(start)}
            </Text>
            <Progress.Root size="lg" style={{ flex: 1 }}>
              {rows.map((row, index) => {
                const completed = completedIn(row, start);
                return completed === 0 ? null : (
                  <Progress.Section
                    key={row.measurer.id}
                    value={(completed / widest) * 100}
                    color={palette[index % palette.length]}
                    title={`${row.measurer.name ?? ''}: ${completed}`}
                  >
                    <Progress.Label>{completed}</Progress.Label>
                  </Progress.Section>
                );
              })}
            </Progress.Root>
            <Text size="xs" w={28} fw={600}>
              {totals[position]}
            </Text>
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}

function Figures({ rows }: { rows: MeasurerStats[] }) {
  const { t } = useTranslation();
  const duration = (seconds: number | null) =>
    seconds === null ? '—' : t('dispatch.reports.hours', { h: Math.floor(seconds / 3600), m: Math.round((seconds % 3600) / 60) });
  return (
    <Table.ScrollContainer minWidth={560} data-scrolls-sideways>
      <Table striped aria-label={t('dispatch.reports.table')} data-testid="stats-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('dispatch.measurer')}</Table.Th>
            <Table.Th>{t('dispatch.reports.completed')}</Table.Th>
            <Table.Th>{t('dispatch.reports.median')}</Table.Th>
            <Table.Th>{t('dispatch.reports.onTime')}</Table.Th>
            <Table.Th>{t('dispatch.reports.cancelled')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.measurer.id}>
              <Table.Td>{row.measurer.name ?? `#${row.measurer.id}`}</Table.Td>
              <Table.Td>{row.total.completed}</Table.Td>
              <Table.Td>{duration(row.total.median_assignment_to_completion_seconds)}</Table.Td>
              <Table.Td>
                {row.total.on_time_share === null
                  ? '—'
                  : `${Math.round(row.total.on_time_share * 100)}% (${row.total.on_time}/${row.total.planned_completed})`}
              </Table.Td>
              <Table.Td>{row.total.cancelled}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
