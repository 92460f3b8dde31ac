// /reports (issue 26): the period's figures from GET /api/reports/overview — totals, opened/resolved by day, first
// response and resolution by group, the hour of day, customers' ratings, the table and its CSV — and the queue now.
import { Alert, Anchor, Button, Group, Loader, Paper, SegmentedControl, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { errorText } from '../../../lib/errors.ts';
import { useTeammates } from '../../team/index.ts';
import {
  csvLink,
  fetchReport,
  reportGroupings,
  reportParams,
  reportPeriods,
  reportsKey,
  type PageGrouping,
  type ReportGroup,
  type ReportPeriod,
} from '../reports.api.ts';
import { formatDuration } from '../format.ts';
import { DurationsChart, HourChart, OverTimeChart } from './ReportCharts.tsx';
import { FiguresTable } from './FiguresTable.tsx';
import { QueuePanel } from './QueuePanel.tsx';

/** The queue and the figures are live: the report is read again this often while the page is open. */
const refreshMs = 15_000;

const pick = <T extends string>(value: string | null, allowed: readonly T[], fallback: T): T =>
  allowed.includes(value as T) ? (value as T) : fallback;

function Figure({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <Paper withBorder p="sm" radius="md">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="lg" data-testid={testId}>
        {value}
      </Text>
    </Paper>
  );
}

export function ReportsPage() {
  const { t, i18n } = useTranslation();
  const [search, setSearch] = useSearchParams();
  const period = pick(search.get('period'), Object.keys(reportPeriods) as ReportPeriod[], 'week');
  const groupBy = pick<PageGrouping>(search.get('group'), reportGroupings, 'operator');
  const params = reportParams(period, groupBy);
  const report = useQuery({ queryKey: [...reportsKey, params], queryFn: () => fetchReport(params), refetchInterval: refreshMs });
  const hourParams = { ...params, group_by: 'hour' as const };
  const hours = useQuery({
    queryKey: [...reportsKey, hourParams],
    queryFn: () => fetchReport(hourParams),
    refetchInterval: refreshMs,
    enabled: groupBy !== 'hour',
  });
  const teammates = useTeammates();
  const set = (name: string, value: string) => {
    const next = new URLSearchParams(search);
    next.set(name, value);
    setSearch(next, { replace: true });
  };
  const data = report.data;
  const groupLabel = t(`reports.groups.${groupBy}`);
  const nameOf = (group: ReportGroup) =>
    group.key !== null
      ? group.name
      : t(groupBy === 'team' ? 'reports.noTeam' : groupBy === 'label' ? 'reports.noLabel' : 'reports.noOperator');
  const operatorName = (id: number | null) => (id === null ? t('reports.noOperator') : (teammates.byId.get(String(id))?.name ?? `#${id}`));
  const hourGroups = groupBy === 'hour' ? data?.groups : hours.data?.groups;
  const totals = data?.totals;
  return (
    <Stack gap="md" p={{ base: 'sm', sm: 'lg' }} maw={1200} data-testid="reports-page">
      <div>
        <Title order={1} size="h2">
          {t('reports.title')}
        </Title>
        <Text c="dimmed" size="sm">
          {data?.operator_id ? t('reports.ownFigures') : t('reports.subtitle')}
        </Text>
      </div>
      <Group gap="md" align="flex-end" wrap="wrap">
        <Stack gap={2}>
          <Text size="sm" fw={500}>
            {t('reports.period')}
          </Text>
          <SegmentedControl
            value={period}
            onChange={(value) => set('period', value)}
            data={Object.keys(reportPeriods).map((value) => ({ value, label: t(`reports.periods.${value}`) }))}
            data-testid="report-period"
          />
        </Stack>
        <Stack gap={2} maw="100%">
          <Text size="sm" fw={500}>
            {t('reports.groupBy')}
          </Text>
          <Group gap={4} wrap="wrap" data-testid="report-group">
            {reportGroupings.map((value) => (
              <Button
                key={value}
                size="xs"
                variant={value === groupBy ? 'filled' : 'default'}
                onClick={() => set('group', value)}
                aria-pressed={value === groupBy}
              >
                {t(`reports.groups.${value}`)}
              </Button>
            ))}
          </Group>
        </Stack>
        <Anchor href={csvLink(params)} download data-testid="report-csv" size="sm" ml={{ sm: 'auto' }}>
          {t('reports.csv')}
        </Anchor>
      </Group>
      {report.error && <Alert color="red">{errorText(report.error)}</Alert>}
      {report.isPending && <Loader size="sm" />}
      {data?.queue && <QueuePanel queue={data.queue} operatorName={operatorName} />}
      {totals && (
        <section aria-label={t('reports.totals')}>
          <Title order={2} size="h5" mb="xs">
            {t('reports.totals')}
          </Title>
          <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }}>
            <Figure label={t('reports.opened')} value={String(totals.opened)} testId="total-opened" />
            <Figure label={t('reports.resolved')} value={String(totals.resolved)} testId="total-resolved" />
            <Figure
              label={`${t('reports.firstResponse')}, ${t('reports.medianShort')}`}
              value={formatDuration(t, totals.first_response.median_seconds)}
              testId="total-first-response-median"
            />
            <Figure
              label={`${t('reports.firstResponse')}, ${t('reports.p90Short')}`}
              value={formatDuration(t, totals.first_response.p90_seconds)}
              testId="total-first-response-p90"
            />
            <Figure
              label={`${t('reports.resolution')}, ${t('reports.medianShort')}`}
              value={formatDuration(t, totals.resolution.median_seconds)}
              testId="total-resolution-median"
            />
            <Figure
              label={t('reports.csat')}
              value={
                totals.csat.average === null
                  ? t('reports.csatNone')
                  : t('reports.csatValue', { average: totals.csat.average.toFixed(2), count: totals.csat.count })
              }
              testId="total-csat"
            />
          </SimpleGrid>
        </section>
      )}
      {data && data.days.length === 0 && <Text c="dimmed">{t('reports.nothing')}</Text>}
      {data && data.days.length > 0 && (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <OverTimeChart report={data} language={i18n.language} />
          {hourGroups && <HourChart groups={hourGroups} />}
        </SimpleGrid>
      )}
      {data && data.groups.length > 0 && (
        <>
          <DurationsChart groups={data.groups} title={t('reports.byGroup', { group: groupLabel.toLowerCase() })} nameOf={nameOf} />
          <section aria-label={t('reports.table', { group: groupLabel.toLowerCase() })}>
            <Title order={2} size="h5" mb="xs">
              {t('reports.table', { group: groupLabel.toLowerCase() })}
            </Title>
            <FiguresTable groups={data.groups} nameOf={nameOf} caption={t('reports.table', { group: groupLabel.toLowerCase() })} />
          </section>
        </>
      )}
    </Stack>
  );
}
