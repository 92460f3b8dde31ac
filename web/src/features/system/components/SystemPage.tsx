import { Alert, Badge, Button, Group, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../lib/dates.ts';
import { useSession } from '../../auth/index.ts';
import { ConnectionHealthText } from '../../../components/ConnectionHealthText.tsx';
import { SettingsFrame } from '../../../components/SettingsFrame.tsx';
import { AdminsOnly } from '../../team/index.ts';
import { useParkedUpdates, useRetryParked, useSystemStatus } from '../hooks/useSystem.ts';
import { errorText } from '../../../lib/errors.ts';

/** Settings → System: the server, each bot's intake, and the updates parked after failing every retry. */
export function SystemPage() {
  const session = useSession();
  return (
    <SettingsFrame tab="system">
      {session.data && session.data.role !== 'admin' ? (
        <AdminsOnly />
      ) : (
        <Stack gap="lg" maw={1000}>
          <IntakeSection />
          <ParkedSection />
        </Stack>
      )}
    </SettingsFrame>
  );
}

function uptimeText(seconds: number): string {
  const hours = Math.floor(seconds / 3600);
  return hours >= 24 ? `${Math.floor(hours / 24)} d ${hours % 24} h` : `${hours} h ${Math.floor((seconds % 3600) / 60)} min`;
}

function IntakeSection() {
  const { t } = useTranslation();
  const status = useSystemStatus();
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="intake-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="intake-title">
          {t('system.botsTitle')}
        </Title>
        {status.isPending && <Loader size="sm" aria-label={t('common.loading')} />}
        {status.isError && (
          <Alert color="red" role="alert">
            {errorText(status.error)}
          </Alert>
        )}
        {status.data && (
          <Text size="sm" c="dimmed">
            {t('system.version', {
              version: status.data.version,
              engine: status.data.database.engine,
              uptime: uptimeText(status.data.uptime_seconds),
            })}
          </Text>
        )}
        <Stack gap={6} role="list" aria-label={t('system.botsTitle')}>
          {status.data?.channels.map((channel) => (
            <Group key={channel.channel_id} role="listitem" justify="space-between" wrap="nowrap" data-testid="intake-health">
              <div style={{ minWidth: 0 }}>
                <Text size="sm" fw={500}>
                  {channel.name}
                </Text>
                {channel.reason && (
                  <Text size="xs" c="red">
                    {channel.reason}
                  </Text>
                )}
                {channel.connection && <ConnectionHealthText health={channel.connection} />}
              </div>
              <Group gap={4} wrap="nowrap">
                {channel.waiting > 0 && <Badge variant="outline">{t('system.waiting', { count: channel.waiting })}</Badge>}
                {channel.parked > 0 && (
                  <Badge variant="outline" color="orange">
                    {t('system.parkedCount', { count: channel.parked })}
                  </Badge>
                )}
                <Badge color={channel.status === 'ok' ? 'green' : 'red'} variant="light">
                  {t(channel.status === 'ok' ? 'system.botOk' : 'system.botDegraded')}
                </Badge>
              </Group>
            </Group>
          ))}
        </Stack>
      </Stack>
    </Paper>
  );
}

function ParkedSection() {
  const { t, i18n } = useTranslation();
  const parked = useParkedUpdates();
  const status = useSystemStatus();
  const retry = useRetryParked();
  const botName = (channelId: number) => status.data?.channels.find((channel) => channel.channel_id === channelId)?.name ?? `#${channelId}`;
  const rows = parked.data?.results ?? [];
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="parked-title">
      <Stack gap="sm">
        <div>
          <Title order={2} size="h4" id="parked-title">
            {t('system.parkedTitle')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('system.parkedHelp')}
          </Text>
        </div>
        {parked.isError && (
          <Alert color="red" role="alert">
            {errorText(parked.error)}
          </Alert>
        )}
        {parked.isSuccess && rows.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('system.parkedNone')}
          </Text>
        )}
        {rows.length > 0 && (
          <Table.ScrollContainer minWidth={640}>
            <Table aria-labelledby="parked-title">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('system.bot')}</Table.Th>
                  <Table.Th>{t('system.event')}</Table.Th>
                  <Table.Th>{t('system.chat')}</Table.Th>
                  <Table.Th>{t('system.error')}</Table.Th>
                  <Table.Th>{t('system.parkedAt')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((row) => (
                  <Table.Tr key={row.id} data-testid="parked-update">
                    <Table.Td>{botName(row.channel_id)}</Table.Td>
                    <Table.Td>{row.event_id}</Table.Td>
                    <Table.Td>{row.chat_key}</Table.Td>
                    <Table.Td style={{ wordBreak: 'break-word' }}>{row.error}</Table.Td>
                    <Table.Td>{row.parked_at ? formatDateTime(row.parked_at, i18n.language) : ''}</Table.Td>
                    <Table.Td>
                      <Button
                        size="xs"
                        variant="light"
                        aria-label={t('system.retryFor', { id: row.event_id })}
                        loading={retry.isPending && retry.variables === row.id}
                        onClick={() =>
                          retry.mutate(row.id, {
                            onSuccess: () => notifications.show({ color: 'green', message: t('system.retried', { id: row.event_id }) }),
                          })
                        }
                      >
                        {t('system.retry')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Paper>
  );
}
