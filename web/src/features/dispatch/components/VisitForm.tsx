import { Alert, Button, Group, NumberInput, Stack, Title } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import '@mantine/dates/styles.css';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../lib/errors.ts';
import { fromWallClock, wallClock } from '../business-time.ts';
import { dispatchKey, planVisit, type JobDetail } from '../dispatch.api.ts';
import { appLanguage, dayFormats } from './DayInput.tsx';

/**
 * Plans (or clears) a job's visit, as the bot's /visit does: an overlap with the measurer's other visit is refused.
 * The time is typed and shown in the business's time zone (`zone`), as the bot reads /visit, not the browser's.
 */
export function VisitForm({ job, zone }: { job: JobDetail; zone: string }) {
  const { t, i18n } = useTranslation();
  const language = appLanguage(i18n.language);
  const queryClient = useQueryClient();
  const [when, setWhen] = useState<string | null>(job.planned_at ? wallClock(job.planned_at, zone) : null);
  const [minutes, setMinutes] = useState<number | string>(job.duration_minutes ?? '');
  const save = useMutation({
    mutationFn: planVisit,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: dispatchKey }),
  });
  const closed = job.status === 'completed' || job.status === 'cancelled';
  return (
    <section aria-label={t('dispatch.visit.title')} data-testid="job-visit">
      <Title order={3} size="h6" mb={4}>
        {t('dispatch.visit.title')}
      </Title>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!when) return;
          save.mutate({ id: job.id, plannedAt: fromWallClock(when, zone), minutes: typeof minutes === 'number' ? minutes : undefined });
        }}
      >
        <Stack gap={6}>
          <Group gap="sm" align="flex-end" wrap="wrap">
            <DateTimePicker
              label={t('dispatch.visit.when')}
              value={when}
              onChange={(value) => (save.reset(), setWhen(value))}
              valueFormat={`${dayFormats[language]} HH:mm`}
              locale={language}
              nextLabel={t('dispatch.visit.nextMonth')}
              previousLabel={t('dispatch.visit.previousMonth')}
              timePickerProps={{ hoursInputLabel: t('dispatch.visit.hours'), minutesInputLabel: t('dispatch.visit.minutesOfHour') }}
              submitButtonProps={{ 'aria-label': t('dispatch.visit.confirmTime') }}
              disabled={closed}
              description={t('dispatch.visit.zone', { zone })}
              w={210}
              data-testid="visit-when"
            />
            <NumberInput
              label={t('dispatch.visit.minutes')}
              value={minutes}
              onChange={setMinutes}
              min={5}
              max={720}
              step={15}
              disabled={closed}
              w={150}
            />
          </Group>
          {closed && <Alert color="gray">{t('dispatch.visit.closed')}</Alert>}
          {save.error && <Alert color="red">{errorText(save.error)}</Alert>}
          {save.isSuccess && (
            <Alert color="green" role="status">
              {t('dispatch.visit.saved')}
            </Alert>
          )}
          <Group justify="flex-end" gap="xs">
            {job.planned_at && !closed && (
              <Button
                variant="default"
                size="xs"
                onClick={() => {
                  setWhen(null);
                  save.mutate({ id: job.id, plannedAt: null });
                }}
              >
                {t('dispatch.visit.clear')}
              </Button>
            )}
            <Button type="submit" size="xs" loading={save.isPending} disabled={closed || !when}>
              {t('dispatch.visit.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </section>
  );
}
