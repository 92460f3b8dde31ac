import { Alert, Badge, Button, Group, Modal, Paper, Select, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type DragEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { errorText } from '../../../lib/errors.ts';
import { assignJob, cancelJob, dispatchKey, fetchBoardCrew, jobStatuses, stepJob, type Job, type JobStatus } from '../dispatch.api.ts';
import { DayInput } from './DayInput.tsx';
import { BoardColumn, loadedJob } from './BoardColumn.tsx';
import { jobDragType, type BoardMove } from './JobCard.tsx';
import { JobDrawer } from './JobDrawer.tsx';
import { useBoardLive } from './useBoardLive.ts';

/** A drop zone: highlights while a job is dragged over it and hands the job's id to `onJob`. */
function DropZone(props: { label: string; onJob(id: number): void; children: ReactNode; testId: string; minWidth?: number }) {
  const [over, setOver] = useState(false);
  const accepts = (event: DragEvent) => event.dataTransfer.types.includes(jobDragType);
  return (
    <Paper
      withBorder
      p="xs"
      radius="md"
      aria-label={props.label}
      data-testid={props.testId}
      bg={over ? 'var(--mantine-color-blue-light)' : 'var(--mantine-color-default-hover)'}
      miw={props.minWidth}
      onDragOver={(event) => {
        if (!accepts(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'move';
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(event) => {
        setOver(false);
        const id = Number(event.dataTransfer.getData(jobDragType));
        if (!Number.isSafeInteger(id) || id <= 0) return;
        event.preventDefault();
        props.onJob(id);
      }}
    >
      {props.children}
    </Paper>
  );
}

/** The board: filters, the measurers to drop jobs on, and a column per state; live over the WebSocket. */
export function Board() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const queryClient = useQueryClient();
  const live = useBoardLive();
  const filters = { measurer: params.get('measurer'), manager: params.get('manager'), from: params.get('from'), to: params.get('to') };
  const crew = useQuery({ queryKey: [...dispatchKey, 'crew'], queryFn: fetchBoardCrew });
  const [cancelling, setCancelling] = useState<Job | null>(null);
  const [reason, setReason] = useState('');
  const [hint, setHint] = useState<string | null>(null);
  const openJob = Number(params.get('job')) || null;

  const setParam = (name: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };
  const settle = { onSettled: () => queryClient.invalidateQueries({ queryKey: dispatchKey }) };
  const assign = useMutation({ mutationFn: assignJob, ...settle });
  const step = useMutation({ mutationFn: stepJob, ...settle });
  const cancel = useMutation({
    mutationFn: cancelJob,
    ...settle,
    onSuccess: () => {
      setCancelling(null);
      setReason('');
    },
  });
  const failure = assign.error ?? step.error;

  function move(action: BoardMove) {
    setHint(null);
    assign.reset();
    step.reset();
    if (action.kind === 'assign') assign.mutate({ id: action.job.id, measurerId: action.measurerId });
    else if (action.kind === 'step') step.mutate({ id: action.job.id, status: action.status });
    else setCancelling(action.job);
  }
  function dropOnColumn(status: JobStatus, id: number) {
    const job = loadedJob(queryClient, id);
    if (!job || job.status === status) return;
    if (status === 'in_progress' || status === 'completed') move({ kind: 'step', job, status });
    else if (status === 'cancelled') move({ kind: 'cancel', job });
    else setHint(t('dispatch.chooseMeasurer'));
  }

  const people = (list: Array<{ id: number; name: string }> | undefined) =>
    list?.map((each) => ({ value: String(each.id), label: each.name })) ?? [];
  return (
    <Stack gap="md">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Select
          label={t('dispatch.measurer')}
          placeholder={t('dispatch.anyone')}
          data={people(crew.data?.measurers)}
          value={filters.measurer}
          onChange={(value) => setParam('measurer', value)}
          clearable
          w={180}
        />
        <Select
          label={t('dispatch.manager')}
          placeholder={t('dispatch.anyone')}
          data={people(crew.data?.managers)}
          value={filters.manager}
          onChange={(value) => setParam('manager', value)}
          clearable
          w={180}
        />
        <DayInput label={t('dispatch.from')} value={filters.from} onChange={(value) => setParam('from', value)} testId="filter-from" />
        <DayInput label={t('dispatch.to')} value={filters.to} onChange={(value) => setParam('to', value)} testId="filter-to" />
        <Badge color={live === 'open' ? 'green' : 'gray'} variant="dot" data-testid="board-live">
          {live === 'open' ? t('dispatch.live') : t('dispatch.reconnecting')}
        </Badge>
      </Group>

      <Stack gap={6}>
        <Text size="sm" fw={600}>
          {t('dispatch.measurers')}
        </Text>
        {crew.data && crew.data.measurers.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('dispatch.noMeasurers')}
          </Text>
        )}
        <Group gap="xs" wrap="wrap">
          {crew.data?.measurers.map((each) => (
            <DropZone
              key={each.id}
              label={each.name}
              testId={`measurer-${each.id}`}
              onJob={(id) => {
                const job = loadedJob(queryClient, id);
                if (job) move({ kind: 'assign', job, measurerId: each.id });
              }}
            >
              <Text size="sm" fw={500}>
                {each.name}
              </Text>
              <Text size="xs" c="dimmed">
                {t('dispatch.openJobs', { count: each.open_jobs })}
              </Text>
            </DropZone>
          ))}
        </Group>
      </Stack>

      {(failure || hint) && (
        <Alert color={failure ? 'red' : 'blue'} withCloseButton onClose={() => (setHint(null), assign.reset(), step.reset())} role="alert">
          {failure ? errorText(failure) : hint}
        </Alert>
      )}
      <Group
        gap="sm"
        align="stretch"
        wrap="nowrap"
        style={{ overflowX: 'auto' }}
        pb="xs"
        aria-label={t('dispatch.board')}
        role="list"
        data-scrolls-sideways
      >
        {jobStatuses.map((status) => (
          <div key={status} role="listitem" style={{ flex: '1 0 200px', maxWidth: 320 }}>
            <DropZone label={t(`dispatch.status.${status}`)} testId={`column-${status}`} onJob={(id) => dropOnColumn(status, id)}>
              <BoardColumn status={status} filters={filters} crew={crew.data} onMove={move} onOpen={(id) => setParam('job', String(id))} />
            </DropZone>
          </div>
        ))}
      </Group>

      <Modal
        opened={cancelling !== null}
        onClose={() => setCancelling(null)}
        title={t('dispatch.cancelTitle', { id: cancelling?.id ?? '' })}
      >
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (cancelling) cancel.mutate({ id: cancelling.id, reason });
          }}
        >
          <Stack gap="sm">
            <Textarea
              label={t('dispatch.reason')}
              description={t('dispatch.reasonHint')}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              required
              autosize
              minRows={2}
              data-autofocus
            />
            {cancel.error && <Alert color="red">{errorText(cancel.error)}</Alert>}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setCancelling(null)}>
                {t('dispatch.keep')}
              </Button>
              <Button type="submit" color="red" loading={cancel.isPending} disabled={reason.trim() === ''}>
                {t('dispatch.confirmCancel')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      <JobDrawer id={openJob} crew={crew.data} onClose={() => setParam('job', null)} />
    </Stack>
  );
}
