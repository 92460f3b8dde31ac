import { ActionIcon, Badge, Group, Menu, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { BoardCrew, Job } from '../dispatch.api.ts';

export type BoardMove =
  | { kind: 'assign'; job: Job; measurerId: number }
  | { kind: 'step'; job: Job; status: 'in_progress' | 'completed' }
  | { kind: 'cancel'; job: Job };

/** The drag payload: the job's id, under a type of our own so that a dragged link or text is not taken for a job. */
export const jobDragType = 'application/x-dispatch-job';

/** One job on the board: draggable, and a menu with the same moves for the keyboard and touch screens. */
export function JobCard(props: { job: Job; crew: BoardCrew | undefined; onMove(move: BoardMove): void; onOpen(): void }) {
  const { t } = useTranslation();
  const { job, crew, onMove } = props;
  const open = job.status === 'pending' || job.status === 'assigned' || job.status === 'in_progress';
  const canAssign = job.status === 'pending' || job.status === 'assigned';
  return (
    <Paper
      withBorder
      p="xs"
      radius="md"
      draggable={open}
      data-testid={`job-${job.id}`}
      aria-label={t('dispatch.job.title', { id: job.id })}
      style={{ cursor: open ? 'grab' : 'default' }}
      onDragStart={(event) => {
        event.dataTransfer.setData(jobDragType, String(job.id));
        event.dataTransfer.setData('text/plain', `#${job.id}`);
        event.dataTransfer.effectAllowed = 'move';
      }}
    >
      <Group justify="space-between" wrap="nowrap" gap={4} align="flex-start">
        <Stack gap={2} miw={0} style={{ flex: 1 }}>
          <Text
            component="button"
            type="button"
            onClick={props.onOpen}
            fw={600}
            size="sm"
            ta="left"
            p={0}
            style={{ background: 'none', border: 0, color: 'inherit', cursor: 'pointer' }}
            truncate
          >
            #{job.id} {job.client_name ?? t('dispatch.job.unknown')}
          </Text>
          {job.address && (
            <Text size="xs" c="dimmed" lineClamp={2}>
              {job.address}
            </Text>
          )}
          <Group gap={4}>
            {job.measurer && (
              <Badge size="xs" variant="light" data-testid="job-measurer">
                {job.measurer.name}
              </Badge>
            )}
            {job.manager && (
              <Badge size="xs" variant="outline" color="gray">
                {job.manager.name}
              </Badge>
            )}
          </Group>
        </Stack>
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <ActionIcon variant="subtle" size="sm" aria-label={t('dispatch.jobActions', { id: job.id })}>
              ⋮
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item onClick={props.onOpen}>{t('dispatch.open')}</Menu.Item>
            {canAssign &&
              crew?.measurers
                .filter((each) => each.id !== job.measurer?.id)
                .map((each) => (
                  <Menu.Item key={each.id} onClick={() => onMove({ kind: 'assign', job, measurerId: each.id })}>
                    {t('dispatch.assignTo', { name: each.name })}
                  </Menu.Item>
                ))}
            {job.status === 'assigned' && (
              <Menu.Item onClick={() => onMove({ kind: 'step', job, status: 'in_progress' })}>
                {t('dispatch.moveTo', { status: t('dispatch.status.in_progress') })}
              </Menu.Item>
            )}
            {job.status === 'in_progress' && (
              <Menu.Item onClick={() => onMove({ kind: 'step', job, status: 'completed' })}>
                {t('dispatch.moveTo', { status: t('dispatch.status.completed') })}
              </Menu.Item>
            )}
            {open && (
              <Menu.Item color="red" onClick={() => onMove({ kind: 'cancel', job })}>
                {t('dispatch.cancel')}
              </Menu.Item>
            )}
          </Menu.Dropdown>
        </Menu>
      </Group>
    </Paper>
  );
}
