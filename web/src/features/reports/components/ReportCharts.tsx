// The report's charts, drawn as the dispatch reports tab draws its stacked bars (dispatch/components/ReportsPanel.tsx):
// Mantine's Progress bars scaled to the widest figure, so the page adds no chart library to the app.
import { Box, Group, Paper, Progress, Stack, Text, Title, Tooltip } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReportGroup, ReportOverview } from '../reports.api.ts';
import { formatDuration } from '../format.ts';

function ChartCard({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  return (
    <Paper withBorder p="sm" radius="md" component="section" aria-label={title} data-testid={testId}>
      <Title order={3} size="h6" mb="xs">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

function Legend({ items }: { items: Array<[string, string]> }) {
  return (
    <Group gap="md" mb="xs">
      {items.map(([color, label]) => (
        <Group key={label} gap={4}>
          <span style={{ width: 10, height: 10, borderRadius: 2, background: `var(--mantine-color-${color}-6)` }} />
          <Text size="xs">{label}</Text>
        </Group>
      ))}
    </Group>
  );
}

/** One labelled row of bars: each figure's bar on its own line, scaled to `widest`, the value beside it. */
function BarRow(props: { label: string; widest: number; bars: Array<{ color: string; value: number; text: string; name: string }> }) {
  return (
    <Group gap="xs" wrap="nowrap" align="center">
      <Text size="xs" w={{ base: 72, sm: 130 }} ta="right" truncate style={{ flexShrink: 0 }} title={props.label}>
        {props.label}
      </Text>
      <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
        {props.bars.map((bar) => (
          <Group key={bar.name} gap={6} wrap="nowrap">
            <Progress
              size="md"
              style={{ flex: 1 }}
              value={props.widest === 0 ? 0 : (bar.value / props.widest) * 100}
              color={bar.color}
              aria-label={`${props.label}: ${bar.name} ${bar.text}`}
            />
            <Text size="xs" w={{ base: 64, sm: 96 }} style={{ flexShrink: 0 }} data-figure={bar.name}>
              {bar.text}
            </Text>
          </Group>
        ))}
      </Stack>
    </Group>
  );
}

/** Opened and resolved on each day of the period that had any. */
export function OverTimeChart({ report, language }: { report: ReportOverview; language: string }) {
  const { t } = useTranslation();
  const widest = Math.max(0, ...report.days.flatMap((day) => [day.opened, day.resolved]));
  const dayLabel = (day: string) =>
    new Intl.DateTimeFormat(language, { day: 'numeric', month: 'short' }).format(new Date(`${day}T12:00:00`));
  return (
    <ChartCard title={t('reports.overTime')} testId="chart-days">
      <Legend
        items={[
          ['blue', t('reports.opened')],
          ['teal', t('reports.resolved')],
        ]}
      />
      <Stack gap={6}>
        {report.days.map((day) => (
          <Box key={day.day} data-day={day.day}>
            <BarRow
              label={dayLabel(day.day)}
              widest={widest}
              bars={[
                { color: 'blue', value: day.opened, text: String(day.opened), name: 'opened' },
                { color: 'teal', value: day.resolved, text: String(day.resolved), name: 'resolved' },
              ]}
            />
          </Box>
        ))}
      </Stack>
    </ChartCard>
  );
}

/** First response and resolution, median and p90, for each group. */
export function DurationsChart({ groups, title, nameOf }: { groups: ReportGroup[]; title: string; nameOf(group: ReportGroup): string }) {
  const { t } = useTranslation();
  const widest = Math.max(0, ...groups.flatMap((group) => [group.first_response.p90_seconds ?? 0, group.resolution.p90_seconds ?? 0]));
  const bar = (color: string, seconds: number | null, name: string) => ({
    color,
    value: seconds ?? 0,
    text: formatDuration(t, seconds),
    name,
  });
  return (
    <ChartCard title={title} testId="chart-durations">
      <Legend
        items={[
          ['violet', `${t('reports.firstResponse')}, ${t('reports.medianShort')}`],
          ['grape', `${t('reports.firstResponse')}, ${t('reports.p90Short')}`],
          ['orange', `${t('reports.resolution')}, ${t('reports.medianShort')}`],
          ['red', `${t('reports.resolution')}, ${t('reports.p90Short')}`],
        ]}
      />
      <Stack gap="sm">
        {groups.map((group) => (
          <BarRow
            key={String(group.key)}
            label={nameOf(group)}
            widest={widest}
            bars={[
              bar('violet', group.first_response.median_seconds, 'first_response_median'),
              bar('grape', group.first_response.p90_seconds, 'first_response_p90'),
              bar('orange', group.resolution.median_seconds, 'resolution_median'),
              bar('red', group.resolution.p90_seconds, 'resolution_p90'),
            ]}
          />
        ))}
      </Stack>
    </ChartCard>
  );
}

/** Conversations opened in each hour of the day (0–23), as columns; an hour without any is an empty column. */
export function HourChart({ groups }: { groups: ReportGroup[] }) {
  const { t } = useTranslation();
  const opened = Array.from({ length: 24 }, (_, hour) => groups.find((group) => group.key === hour)?.opened ?? 0);
  const highest = Math.max(1, ...opened);
  return (
    <ChartCard title={t('reports.byHour')} testId="chart-hours">
      <Group gap={2} align="flex-end" wrap="nowrap" h={140}>
        {opened.map((count, hour) => (
          <Tooltip key={hour} label={`${String(hour).padStart(2, '0')}:00 — ${count}`}>
            <Stack gap={2} align="center" justify="flex-end" h="100%" style={{ flex: 1, minWidth: 0 }} data-hour={hour} data-opened={count}>
              <Text size="10px" c="dimmed">
                {count > 0 ? count : ''}
              </Text>
              <Box
                w="100%"
                h={`${(count / highest) * 100}px`}
                bg="blue.6"
                style={{ borderRadius: '3px 3px 0 0', minHeight: count > 0 ? 2 : 0 }}
              />
              <Text size="10px" c="dimmed">
                {hour % 3 === 0 ? hour : ' '}
              </Text>
            </Stack>
          </Tooltip>
        ))}
      </Group>
    </ChartCard>
  );
}
