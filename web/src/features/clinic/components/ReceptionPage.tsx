import { Alert, Anchor, Badge, Button, Group, Loader, Select, Stack, Table, Tabs, Text, TextInput, FileInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { errorText } from '../../../lib/errors.ts';
import { useSession } from '../../auth/index.ts';
import { clinicClock, clinicDay } from '../reception-format.ts';
import { dayKey, fetchDay, importCsv, importKinds, markAppointment, type AppointmentStatus, type ImportKind } from '../clinic.api.ts';

// Loaded when its tab opens: reception mostly lives on the day's list.
const PaymentsPanel = lazy(() => import('./PaymentsPanel.tsx').then((module) => ({ default: module.PaymentsPanel })));
const NpsPanel = lazy(() => import('./NpsPanel.tsx').then((module) => ({ default: module.NpsPanel })));
const tabs = ['day', 'payments', 'nps', 'import'] as const;

const statusColors: Record<AppointmentStatus, string> = {
  booked: 'blue',
  confirmed: 'teal',
  arrived: 'green',
  completed: 'gray',
  no_show: 'red',
  cancelled: 'gray',
};

/** Reception's live view of a day's appointments (it refreshes every few seconds), and the admins' CSV import. */
export function ReceptionPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = tabs.find((each) => each === params.get('tab')) ?? 'day';
  return (
    <Stack p={{ base: 'sm', sm: 'xl' }} gap="lg" maw={1200} component="main" style={{ overflowY: 'auto' }} h="100%">
      <div>
        <Text component="h1" size="xl" fw={700} m={0}>
          {t('clinic.title')}
        </Text>
        <Text c="dimmed" size="sm">
          {t('clinic.subtitle')}
        </Text>
        <Group gap={4} style={{ columnGap: 'var(--mantine-spacing-lg)' }}>
          <Anchor component={Link} to="/clinic/records" size="sm">
            {t('clinic.records')}
          </Anchor>
          <Anchor component={Link} to="/clinic/admin" size="sm">
            {t('clinic.admin')}
          </Anchor>
        </Group>
      </div>
      <Tabs
        value={tab}
        onChange={(value) => setParams(value && value !== 'day' ? { tab: value } : {}, { replace: true })}
        keepMounted={false}
      >
        <Tabs.List data-scrolls-sideways style={{ flexWrap: 'nowrap', overflowX: 'auto', overflowY: 'hidden' }}>
          <Tabs.Tab value="day" style={{ whiteSpace: 'nowrap' }}>
            {t('clinic.dayTab')}
          </Tabs.Tab>
          <Tabs.Tab value="payments" style={{ whiteSpace: 'nowrap' }}>
            {t('clinic.payments.tab')}
          </Tabs.Tab>
          <Tabs.Tab value="nps" style={{ whiteSpace: 'nowrap' }}>
            {t('clinic.nps.tab')}
          </Tabs.Tab>
          <Tabs.Tab value="import" style={{ whiteSpace: 'nowrap' }}>
            {t('clinic.importTab')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="day" pt="lg">
          <DayPanel />
        </Tabs.Panel>
        <Tabs.Panel value="payments" pt="lg">
          <Suspense fallback={<Loader size="sm" />}>
            <PaymentsPanel />
          </Suspense>
        </Tabs.Panel>
        <Tabs.Panel value="nps" pt="lg">
          <Suspense fallback={<Loader size="sm" />}>
            <NpsPanel />
          </Suspense>
        </Tabs.Panel>
        <Tabs.Panel value="import" pt="lg">
          <ImportPanel />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function DayPanel() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const date = params.get('date');
  const queryClient = useQueryClient();
  const day = useQuery({ queryKey: [...dayKey, date], queryFn: () => fetchDay(date), refetchInterval: 5000 });
  const mark = useMutation({ mutationFn: markAppointment, onSuccess: () => queryClient.invalidateQueries({ queryKey: dayKey }) });
  const time = (iso: string) => clinicClock(iso, i18n.language, day.data?.time_zone);

  return (
    <Stack gap="md">
      <TextInput
        type="date"
        label={t('clinic.date')}
        w={200}
        value={date ?? day.data?.date ?? ''}
        onChange={(event) => setParams(event.currentTarget.value ? { date: event.currentTarget.value } : {}, { replace: true })}
      />
      {day.data && (
        <Text fw={500} data-testid="clinic-day">
          {clinicDay(day.data.date, i18n.language)}
        </Text>
      )}
      {mark.error && <Alert color="red">{errorText(mark.error)}</Alert>}
      {day.isPending ? (
        <Loader size="sm" />
      ) : day.error ? (
        <Alert color="red">{errorText(day.error)}</Alert>
      ) : day.data.results.length === 0 ? (
        <Text c="dimmed">{t('clinic.empty')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={720} data-scrolls-sideways>
          <Table aria-label={t('clinic.table')} striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('clinic.time')}</Table.Th>
                <Table.Th>{t('clinic.patient')}</Table.Th>
                <Table.Th>{t('clinic.doctor')}</Table.Th>
                <Table.Th>{t('clinic.service')}</Table.Th>
                <Table.Th>{t('clinic.statusLabel')}</Table.Th>
                <Table.Th>{t('clinic.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {day.data.results.map((row) => (
                <Table.Tr key={row.id} data-status={row.status}>
                  <Table.Td>
                    {time(row.starts_at)}–{time(row.ends_at)}
                  </Table.Td>
                  <Table.Td>
                    {[row.last_name, row.first_name, row.patronymic].filter(Boolean).join(' ')}
                    {row.phone && (
                      <Text size="xs" c="dimmed">
                        {row.phone}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{row.doctor}</Table.Td>
                  <Table.Td>{row.service_ru}</Table.Td>
                  <Table.Td>
                    <Badge color={statusColors[row.status]} variant="light">
                      {t(`clinic.status.${row.status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {(row.status === 'booked' || row.status === 'confirmed') && (
                      <Group gap={4} wrap="nowrap">
                        <Button size="compact-xs" variant="light" onClick={() => mark.mutate({ id: row.id, status: 'arrived' })}>
                          {t('clinic.markArrived')}
                        </Button>
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          color="red"
                          onClick={() => mark.mutate({ id: row.id, status: 'no_show' })}
                        >
                          {t('clinic.markNoShow')}
                        </Button>
                      </Group>
                    )}
                    {row.status === 'arrived' && (
                      <Button size="compact-xs" variant="light" onClick={() => mark.mutate({ id: row.id, status: 'completed' })}>
                        {t('clinic.markCompleted')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

function ImportPanel() {
  const { t } = useTranslation();
  const { data: me } = useSession();
  const [kind, setKind] = useState<ImportKind>('branches');
  const [file, setFile] = useState<File | null>(null);
  const run = useMutation({ mutationFn: async () => importCsv({ kind, csv: await file!.text() }), meta: { silent: true } });
  if (me && me.role !== 'admin') return <Alert color="orange">{t('clinic.adminOnly')}</Alert>;
  return (
    <Stack gap="md" maw={520}>
      <Text size="sm" c="dimmed">
        {t('clinic.importHint')}
      </Text>
      <Select
        label={t('clinic.importKind')}
        data={importKinds.map((value) => ({ value, label: t(`clinic.kinds.${value}`) }))}
        value={kind}
        onChange={(value) => value && setKind(value)}
        allowDeselect={false}
      />
      <FileInput label={t('clinic.file')} accept=".csv,text/csv" value={file} onChange={setFile} clearable />
      <Group>
        <Button disabled={!file} loading={run.isPending} onClick={() => run.mutate()}>
          {t('clinic.importButton')}
        </Button>
      </Group>
      {run.data && <Alert color="green">{t('clinic.imported', { count: run.data.imported })}</Alert>}
      {run.error && (
        <Alert color="red" style={{ whiteSpace: 'pre-wrap' }}>
          {errorText(run.error)}
          {'\n'}
          {run.error.message}
        </Alert>
      )}
    </Stack>
  );
}
