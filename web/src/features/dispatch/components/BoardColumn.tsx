import { Alert, Badge, Button, Group, Loader, Stack, Text } from '@mantine/core';
import { useInfiniteQuery, type QueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../lib/errors.ts';
import { dispatchKey, fetchJobs, statusColors, type BoardCrew, type BoardFilters, type Job, type JobStatus } from '../dispatch.api.ts';
import { JobCard, type BoardMove } from './JobCard.tsx';

const columnKey = (filters: BoardFilters, status: JobStatus) => [...dispatchKey, 'jobs', filters, status] as const;

/** A job any column has loaded (drops carry only the id). */
export function loadedJob(queryClient: QueryClient, id: number): Job | undefined {
  for (const [, data] of queryClient.getQueriesData<{ pages: Array<{ results: Job[] }> }>({ queryKey: [...dispatchKey, 'jobs'] })) {
    const job = data?.pages.flatMap((page) => page.results).find((each) => each.id === id);
    if (job) return job;
  }
  return undefined;
}

/** One state's jobs, newest first, a page at a time ("show more" below the last card). */
export function BoardColumn(props: {
  status: JobStatus;
  filters: BoardFilters;
  crew: BoardCrew | undefined;
  onMove(move: BoardMove): void;
  onOpen(id: number): void;
}) {
  const { t } = useTranslation();
  const { status, filters } = props;
  const pages = useInfiniteQuery({
    queryKey: columnKey(filters, status),
    queryFn: ({ pageParam }) => fetchJobs(filters, status, pageParam),
    initialPageParam: 0,
    getNextPageParam: (last) => (last.has_more ? last.offset + last.results.length : undefined),
  });
  const jobs = pages.data?.pages.flatMap((page) => page.results) ?? [];
  return (
    <>
      <Group justify="space-between" mb="xs">
        <Text fw={600} size="sm" component="h2" m={0}>
          {t(`dispatch.status.${status}`)}
        </Text>
        <Badge color={statusColors[status]} variant="light">
          {pages.hasNextPage ? `${jobs.length}+` : jobs.length}
        </Badge>
      </Group>
      <Stack gap="xs" mih={120}>
        {pages.isPending && <Loader size="sm" />}
        {pages.error && <Alert color="red">{errorText(pages.error)}</Alert>}
        {pages.isSuccess && jobs.length === 0 && (
          <Text size="xs" c="dimmed">
            {t('dispatch.empty')}
          </Text>
        )}
        {jobs.map((job) => (
          <JobCard key={job.id} job={job} crew={props.crew} onMove={props.onMove} onOpen={() => props.onOpen(job.id)} />
        ))}
        {pages.hasNextPage && (
          <Button variant="subtle" size="xs" loading={pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()}>
            {t('dispatch.showMore')}
          </Button>
        )}
      </Stack>
    </>
  );
}
