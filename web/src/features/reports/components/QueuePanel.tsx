// The queue now: how many wait, the longest waits by name and their SLA state. The report refetches on an interval,
// so the figures stay live without a socket of their own.
import { Anchor, Badge, Group, Paper, SimpleGrid, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ReportQueue } from '../reports.api.ts';
import { formatDuration } from '../format.ts';

function Stat({ label, value, testId, color }: { label: string; value: string; testId: string; color?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="lg" c={color} data-testid={testId}>
        {value}
      </Text>
    </div>
  );
}

export function QueuePanel({ queue, operatorName }: { queue: ReportQueue; operatorName(id: number | null): string }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="sm" radius="md" component="section" aria-label={t('reports.queue.title')} data-testid="report-queue">
      <Group justify="space-between" mb="xs" wrap="wrap">
        <Title order={3} size="h6">
          {t('reports.queue.title')}
        </Title>
        <Text size="xs" c="dimmed">
          {t('reports.queue.live')}
        </Text>
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 5 }} mb="sm">
        <Stat label={t('reports.queue.waiting')} value={String(queue.waiting)} testId="queue-waiting" />
        <Stat label={t('reports.queue.longest')} value={formatDuration(t, queue.longest_wait_seconds)} testId="queue-longest" />
        <Stat label={t('reports.queue.unassigned')} value={String(queue.unassigned_waiting)} testId="queue-unassigned" />
        <Stat
          label={t('reports.queue.breached')}
          value={String(queue.sla_breached)}
          testId="queue-breached"
          color={queue.sla_breached > 0 ? 'red' : undefined}
        />
        <Stat
          label={t('reports.queue.atRisk')}
          value={String(queue.sla_at_risk)}
          testId="queue-at-risk"
          color={queue.sla_at_risk > 0 ? 'orange' : undefined}
        />
      </SimpleGrid>
      {queue.conversations.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('reports.queue.empty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={360} data-scrolls-sideways>
          <Table aria-label={t('reports.queue.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('reports.queue.conversation')}</Table.Th>
                <Table.Th>{t('reports.queue.wait')}</Table.Th>
                <Table.Th>{t('reports.queue.holder')}</Table.Th>
                <Table.Th>{t('reports.queue.sla')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {queue.conversations.map((each) => (
                <Table.Tr key={each.chat_id} data-testid="queue-row" data-chat-id={each.chat_id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/inbox/${each.chat_id}`} size="sm">
                      {each.title || `#${each.chat_id}`}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{formatDuration(t, each.waiting_seconds)}</Table.Td>
                  <Table.Td>{operatorName(each.assigned_operator_id)}</Table.Td>
                  <Table.Td>
                    {each.sla === 'breached' && <Badge color="red">{t('reports.queue.slaBreached')}</Badge>}
                    {each.sla === 'at_risk' && <Badge color="orange">{t('reports.queue.slaAtRisk')}</Badge>}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}
