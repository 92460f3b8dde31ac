import { Alert, Badge, Box, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../lib/dates.ts';
import { useSession } from '../../auth/index.ts';
import { broadcastsKey, fetchBroadcasts, type BroadcastState } from '../api/broadcasts.api.ts';
import { BroadcastDetails } from './BroadcastDetails.tsx';
import { ComposeForm } from './ComposeForm.tsx';

export const stateColors: Record<BroadcastState, string> = {
  draft: 'gray',
  scheduled: 'blue',
  sending: 'yellow',
  paused: 'orange',
  done: 'green',
  cancelled: 'gray',
};

/** Compose a broadcast, watch it go, read its outcome (admins). */
export function BroadcastsPage() {
  const { t, i18n } = useTranslation();
  const { data: me } = useSession();
  const [selected, setSelected] = useState<number | null>(null);
  const list = useQuery({ queryKey: broadcastsKey, queryFn: fetchBroadcasts, enabled: me?.role === 'admin' });

  return (
    <Box p={{ base: 'sm', sm: 'xl' }} style={{ overflowY: 'auto' }} h="100%" component="main">
      <Stack gap="lg" maw={1200}>
        <div>
          <Title order={1} size="h2">
            {t('broadcasts.title')}
          </Title>
          <Text c="dimmed" size="sm" mt={4}>
            {t('broadcasts.subtitle')}
          </Text>
        </div>
        {me && me.role !== 'admin' ? (
          <Alert color="orange" role="alert">
            {t('broadcasts.adminOnly')}
          </Alert>
        ) : (
          <>
            <ComposeForm onCreated={setSelected} />
            {selected !== null && <BroadcastDetails id={selected} />}
            <Title order={2} size="h4">
              {t('broadcasts.list')}
            </Title>
            {list.data?.length === 0 ? (
              <Text c="dimmed" size="sm">
                {t('broadcasts.empty')}
              </Text>
            ) : (
              <Table highlightOnHover aria-label={t('broadcasts.list')}>
                <Table.Tbody>
                  {(list.data ?? []).map((broadcast) => (
                    <Table.Tr key={broadcast.id} onClick={() => setSelected(broadcast.id)} style={{ cursor: 'pointer' }}>
                      <Table.Td>{broadcast.name}</Table.Td>
                      <Table.Td>
                        <Group gap="xs">
                          <Badge color={stateColors[broadcast.state]} variant="light">
                            {t(`broadcasts.state.${broadcast.state}`)}
                          </Badge>
                          <Badge color="gray" variant="outline">
                            {broadcast.kind}
                          </Badge>
                        </Group>
                      </Table.Td>
                      <Table.Td>{formatDateTime(broadcast.scheduled_at ?? broadcast.created_at, i18n.language)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </>
        )}
      </Stack>
    </Box>
  );
}
