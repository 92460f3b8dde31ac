import { Anchor, Badge, Button, Group, Paper, Progress as Bar, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { codeText } from '../../../lib/errors.ts';
import { connectRealtime } from '../../../lib/realtime.ts';
import { broadcastAction, broadcastsKey, fetchStats, recipientsCsvUrl, type Progress, type Stats } from '../api/broadcasts.api.ts';
import { stateColors } from './BroadcastsPage.tsx';

const statsKey = (id: number) => ['broadcast-stats', id];

/** One broadcast: live progress over the WebSocket (`broadcast_progress`), then its stats. */
export function BroadcastDetails({ id }: { id: number }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const key = statsKey(id);
  const stats = useQuery({ queryKey: key, queryFn: () => fetchStats(id) });

  useEffect(() => {
    const realtime = connectRealtime({
      path: '/ws/messages',
      onEvent: (event) => {
        if (event.type !== 'broadcast_progress' || event.broadcast_id !== id) return;
        const progress = event as unknown as Progress;
        queryClient.setQueryData<Stats>(statsKey(id), (previous) => (previous ? { ...previous, ...progress } : previous));
        if (progress.state === 'done') {
          void queryClient.invalidateQueries({ queryKey: statsKey(id) });
          void queryClient.invalidateQueries({ queryKey: broadcastsKey });
        }
      },
      onStateChange: () => undefined,
    });
    return () => realtime.close();
  }, [id, queryClient]);

  const act = useMutation({
    mutationFn: (action: 'pause' | 'resume' | 'cancel') => broadcastAction(id, action),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: key });
      void queryClient.invalidateQueries({ queryKey: broadcastsKey });
    },
  });

  const data = stats.data;
  if (!data) return null;
  const done = data.total - data.remaining;
  const counts = [
    'total',
    'sent',
    'failed',
    'unreachable',
    'skipped',
    'remaining',
    'replied',
    'unsubscribed_by_button',
    'unsubscribed_by_word',
  ] as const;
  return (
    <Paper withBorder p="md" aria-label={t('broadcasts.progress')} component="section">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4">
            {t('broadcasts.progress')}
          </Title>
          <Badge color={stateColors[data.state]} data-testid="broadcast-state">
            {t(`broadcasts.state.${data.state}`)}
          </Badge>
        </Group>
        {data.problem && (
          <Text c="red" size="sm" role="alert" data-testid="broadcast-problem">
            {t('broadcasts.problem', { reason: codeText(data.problem) })}
          </Text>
        )}
        <Bar value={data.total === 0 ? 0 : (done / data.total) * 100} aria-label={t('broadcasts.progress')} />
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          {counts.map((name) => (
            <div key={name}>
              <Text size="xs" c="dimmed">
                {t(`broadcasts.counts.${name}`)}
              </Text>
              <Text fw={600} data-testid={`broadcast-${name}`}>
                {data[name] ?? '—'}
              </Text>
            </div>
          ))}
        </SimpleGrid>
        {data.seconds_left !== null && data.remaining > 0 && (
          <Text size="sm">{t('broadcasts.timeLeft', { seconds: data.seconds_left, rate: data.rate_per_second })}</Text>
        )}
        {data.failed_by_reason.length > 0 && (
          <Text size="sm">
            {t('broadcasts.reasons')}: {data.failed_by_reason.map((row) => `${row.reason} — ${row.count}`).join(', ')}
          </Text>
        )}
        <Group>
          {data.state === 'sending' && (
            <Button variant="default" onClick={() => act.mutate('pause')}>
              {t('broadcasts.pause')}
            </Button>
          )}
          {data.state === 'paused' && <Button onClick={() => act.mutate('resume')}>{t('broadcasts.resume')}</Button>}
          {['draft', 'scheduled', 'sending', 'paused'].includes(data.state) && (
            <Button color="red" variant="subtle" onClick={() => act.mutate('cancel')}>
              {t('broadcasts.cancel')}
            </Button>
          )}
          <Anchor href={recipientsCsvUrl(id)} download>
            {t('broadcasts.csv')}
          </Anchor>
        </Group>
      </Stack>
    </Paper>
  );
}
