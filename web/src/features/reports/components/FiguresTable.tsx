import { Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ReportGroup } from '../reports.api.ts';
import { formatDuration } from '../format.ts';

/** The same figures as the charts, one row per group; each cell names its figure for the browser test. */
export function FiguresTable({ groups, nameOf, caption }: { groups: ReportGroup[]; nameOf(group: ReportGroup): string; caption: string }) {
  const { t } = useTranslation();
  const duration = (seconds: number | null) => formatDuration(t, seconds);
  return (
    <Table.ScrollContainer minWidth={820} data-scrolls-sideways>
      <Table striped aria-label={caption} data-testid="report-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('reports.group')}</Table.Th>
            <Table.Th>{t('reports.opened')}</Table.Th>
            <Table.Th>{t('reports.resolved')}</Table.Th>
            <Table.Th>{`${t('reports.firstResponse')}, ${t('reports.medianShort')}`}</Table.Th>
            <Table.Th>{`${t('reports.firstResponse')}, ${t('reports.p90Short')}`}</Table.Th>
            <Table.Th>{`${t('reports.resolution')}, ${t('reports.medianShort')}`}</Table.Th>
            <Table.Th>{`${t('reports.resolution')}, ${t('reports.p90Short')}`}</Table.Th>
            <Table.Th>{t('reports.csat')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {groups.map((group) => (
            <Table.Tr key={String(group.key)} data-testid="report-row" data-key={group.key ?? ''}>
              <Table.Td data-cell="name">{nameOf(group)}</Table.Td>
              <Table.Td data-cell="opened">{group.opened}</Table.Td>
              <Table.Td data-cell="resolved">{group.resolved}</Table.Td>
              <Table.Td data-cell="first_response_median">{duration(group.first_response.median_seconds)}</Table.Td>
              <Table.Td data-cell="first_response_p90">{duration(group.first_response.p90_seconds)}</Table.Td>
              <Table.Td data-cell="resolution_median">{duration(group.resolution.median_seconds)}</Table.Td>
              <Table.Td data-cell="resolution_p90">{duration(group.resolution.p90_seconds)}</Table.Td>
              <Table.Td data-cell="csat">
                {group.csat.average === null ? '—' : `${group.csat.average.toFixed(2)} (${group.csat.count})`}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
