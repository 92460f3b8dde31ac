import { Alert, Box, Group, Loader, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../lib/errors.ts';
import { fetchDetractors, fetchNps, npsKey } from '../clinic.api.ts';

const chartHeight = 160;

/** NPS by week (−100…100) as bars around a zero line, the score per doctor, and what detractors wrote. */
export function NpsPanel() {
  const { t, i18n } = useTranslation();
  const report = useQuery({ queryKey: npsKey, queryFn: fetchNps });
  const detractors = useQuery({ queryKey: [...npsKey, 'detractors'], queryFn: fetchDetractors });
  if (report.isPending) return <Loader size="sm" />;
  if (report.error) return <Alert color="red">{errorText(report.error)}</Alert>;
  const { weeks, doctors } = report.data;
  const date = (iso: string) =>
    new Date(iso).toLocaleDateString(i18n.language === 'ru' ? 'ru-RU' : 'en-GB', { day: 'numeric', month: 'short' });
  return (
    <Stack gap="lg">
      <Text size="sm" c="dimmed">
        {t('clinic.nps.hint')}
      </Text>
      {weeks.length === 0 ? (
        <Text c="dimmed">{t('clinic.nps.empty')}</Text>
      ) : (
        <Box data-scrolls-sideways style={{ overflowX: 'auto' }}>
          <Group
            gap={6}
            align="stretch"
            wrap="nowrap"
            role="img"
            aria-label={t('clinic.nps.chart')}
            data-testid="nps-chart"
            h={chartHeight + 40}
          >
            {weeks.map((week) => {
              const half = chartHeight / 2;
              const size = (Math.abs(week.nps) / 100) * half;
              return (
                <Stack
                  key={week.week}
                  gap={2}
                  align="center"
                  w={56}
                  style={{ flexShrink: 0 }}
                  title={t('clinic.nps.bar', { week: date(week.week), nps: week.nps, answers: week.answers })}
                >
                  <Box h={chartHeight} w={28} pos="relative" style={{ borderBottom: 'none' }}>
                    <Box pos="absolute" left={0} right={0} top={half} h={1} bg="var(--mantine-color-default-border)" />
                    <Box
                      pos="absolute"
                      left={4}
                      right={4}
                      top={week.nps >= 0 ? half - size : half}
                      h={Math.max(size, 1)}
                      bg={week.nps >= 50 ? 'teal' : week.nps >= 0 ? 'yellow' : 'red'}
                      style={{ borderRadius: 2 }}
                    />
                  </Box>
                  <Text size="xs" fw={600}>
                    {week.nps}
                  </Text>
                  <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                    {date(week.week)}
                  </Text>
                </Stack>
              );
            })}
          </Group>
        </Box>
      )}
      {doctors.length > 0 && (
        <Table aria-label={t('clinic.nps.byDoctor')} striped maw={520}>
          <Table.Tbody>
            {doctors.map((doctor) => (
              <Table.Tr key={doctor.id}>
                <Table.Td>{doctor.name}</Table.Td>
                <Table.Td>{doctor.nps}</Table.Td>
                <Table.Td>{t('clinic.nps.answers', { count: doctor.answers })}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Text component="h2" fw={600} m={0}>
        {t('clinic.nps.detractors')}
      </Text>
      {detractors.error && <Alert color="red">{errorText(detractors.error)}</Alert>}
      {detractors.data?.results.length === 0 && <Text c="dimmed">{t('clinic.nps.noDetractors')}</Text>}
      {detractors.data && detractors.data.results.length > 0 && (
        <Table.ScrollContainer data-scrolls-sideways minWidth={560}>
          <Table aria-label={t('clinic.nps.detractors')} striped>
            <Table.Tbody>
              {detractors.data.results.map((row) => (
                <Table.Tr key={row.appointment_id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{date(row.created_at)}</Table.Td>
                  <Table.Td>{row.score}/10</Table.Td>
                  <Table.Td>
                    {row.doctor}
                    <Text size="xs" c="dimmed">
                      {row.branch_ru}
                    </Text>
                  </Table.Td>
                  <Table.Td>{row.comment ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
