import { Alert, Anchor, Badge, Drawer, Group, Loader, SimpleGrid, Stack, Text, Timeline, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../lib/errors.ts';
import { JobComments, JobFiles } from './JobExtras.tsx';
import { VisitForm } from './VisitForm.tsx';
import { dispatchKey, fetchJob, mapLink, osmLink, statusColors, type BoardCrew, type JobDetail } from '../dispatch.api.ts';

/** A moment in the business's time zone (the board's crew answer carries it; the browser's until it arrives). */
const when = (iso: string | null | undefined, language: string, timeZone: string | undefined) =>
  iso ? new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso)) : null;

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

/** One job: contact, address with map links, planned visit, photos, comments and history (`?job=ID`). */
export function JobDrawer(props: { id: number | null; crew: BoardCrew | undefined; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const job = useQuery({
    queryKey: [...dispatchKey, 'job', props.id],
    queryFn: () => fetchJob(props.id!),
    enabled: props.id !== null,
  });
  return (
    <Drawer
      opened={props.id !== null}
      onClose={props.onClose}
      position="right"
      size="md"
      title={
        <Title order={2} size="h4">
          {t('dispatch.job.title', { id: props.id ?? '' })}
        </Title>
      }
    >
      {job.isPending ? (
        <Loader size="sm" />
      ) : job.error ? (
        <Alert color="red">{errorText(job.error)}</Alert>
      ) : (
        <JobBody job={job.data} crew={props.crew} language={i18n.language} />
      )}
    </Drawer>
  );
}

function JobBody({ job, crew, language }: { job: JobDetail; crew: BoardCrew | undefined; language: string }) {
  const { t } = useTranslation();
  const unknown = t('dispatch.job.unknown');
  const names = new Map([...(crew?.measurers ?? []), ...(crew?.managers ?? [])].map((each) => [each.id, each.name]));
  const zone = crew?.time_zone;
  return (
    <Stack gap="md" data-testid="job-drawer">
      <Group gap="xs">
        <Badge color={statusColors[job.status]}>{t(`dispatch.status.${job.status}`)}</Badge>
        <Text size="sm" c="dimmed">
          {t('dispatch.job.deal', { id: job.amocrm_lead_id })}
        </Text>
      </Group>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <Field label={t('dispatch.job.client')}>{job.client_name ?? unknown}</Field>
        <Field label={t('dispatch.job.phone')}>
          {job.client_phone ? <Anchor href={`tel:${job.client_phone}`}>{job.client_phone}</Anchor> : unknown}
        </Field>
        <Field label={t('dispatch.measurer')}>{job.measurer?.name ?? unknown}</Field>
        <Field label={t('dispatch.manager')}>{job.manager?.name ?? unknown}</Field>
        <Field label={t('dispatch.job.planned')}>
          {when(job.planned_at, language, zone) ?? t('dispatch.job.notPlanned')}
          {job.planned_at && job.duration_minutes ? ` · ${t('dispatch.job.minutes', { count: job.duration_minutes })}` : ''}
        </Field>
        <Field label={t('dispatch.job.created')}>{when(job.created_at, language, zone)}</Field>
      </SimpleGrid>
      <Field label={t('dispatch.job.address')}>
        {job.address ? (
          <Stack gap={2}>
            <span>{job.address}</span>
            <Group gap="sm">
              <Anchor href={mapLink(job.address)} target="_blank" rel="noreferrer" size="sm">
                {t('dispatch.job.map')}
              </Anchor>
              <Anchor href={osmLink(job.address)} target="_blank" rel="noreferrer" size="sm">
                {t('dispatch.job.osm')}
              </Anchor>
            </Group>
          </Stack>
        ) : (
          unknown
        )}
      </Field>

      {zone && <VisitForm key={job.id} job={job} zone={zone} />}
      <JobFiles jobId={job.id} />
      <JobComments jobId={job.id} history={job.history} />

      <section aria-label={t('dispatch.job.history')}>
        <Title order={3} size="h6" mb="xs">
          {t('dispatch.job.history')}
        </Title>
        <Timeline bulletSize={12} lineWidth={2} active={job.history.length}>
          {job.history.map((entry, index) => (
            <Timeline.Item key={index} title={<Text size="sm">{t(`dispatch.event.${entry.event}`, { defaultValue: entry.event })}</Text>}>
              <Text size="xs" c="dimmed">
                {when(entry.at, language, zone)} · {t(`dispatch.actor.${entry.actor.kind}`)}
                {entry.measurer_id !== null && ['assign', 'reassign'].includes(entry.event)
                  ? ` → ${names.get(entry.measurer_id) ?? `#${entry.measurer_id}`}`
                  : ''}
              </Text>
              {entry.note && (
                <Text size="xs" style={{ whiteSpace: 'pre-wrap' }}>
                  {entry.note}
                </Text>
              )}
            </Timeline.Item>
          ))}
        </Timeline>
      </section>
    </Stack>
  );
}
