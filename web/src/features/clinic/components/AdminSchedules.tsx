import { Button, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addDayOff, addSchedule, deleteRecord, hhmm, type Catalogue, type DayOff } from '../admin.api.ts';
import { Failure, useCatalogueChange } from './AdminCatalogueParts.tsx';

const dayOffKinds = ['holiday', 'leave', 'sick', 'other'] as const;

/** A doctor's weekly hours at a branch (with a break) and days off; overlapping hours are refused by the server. */
export function SchedulesPanel({ catalogue }: { catalogue: Catalogue }) {
  const { t } = useTranslation();
  const weekdays = t('clinicAdmin.weekdays', { returnObjects: true }) as string[];
  const blank = { doctor: '', branch: '', weekday: '1', start: '09:00', end: '13:00', break_start: '', break_end: '' };
  const [form, setForm] = useState(blank);
  const add = useCatalogueChange(addSchedule, () => setForm({ ...form, weekday: String((Number(form.weekday) % 7) + 1) }));
  const remove = useCatalogueChange(deleteRecord);
  const [off, setOff] = useState({ doctor: '', day: '', kind: 'leave' as DayOff['kind'], note: '' });
  const addOff = useCatalogueChange(addDayOff, () => setOff({ ...off, day: '', note: '' }));
  const doctorName = (id: number | null) =>
    id === null ? t('clinicAdmin.wholeClinic') : (catalogue.doctors.find((each) => each.id === id)?.full_name ?? id);
  const branchName = (id: number) => catalogue.branches.find((each) => each.id === id)?.name_ru ?? id;
  const doctors = catalogue.doctors.map((doctor) => ({ value: String(doctor.id), label: doctor.full_name }));
  const time = (key: 'start' | 'end' | 'break_start' | 'break_end', label: string) => (
    <TextInput
      type="time"
      label={label}
      value={form[key]}
      onChange={(event) => setForm({ ...form, [key]: event.currentTarget.value })}
      w={120}
    />
  );
  return (
    <Stack gap="xl">
      <Stack gap="md">
        <Table.ScrollContainer data-scrolls-sideways minWidth={720}>
          <Table aria-label={t('clinicAdmin.hours')} striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('clinicAdmin.doctor')}</Table.Th>
                <Table.Th>{t('clinicAdmin.branch')}</Table.Th>
                <Table.Th>{t('clinicAdmin.weekday')}</Table.Th>
                <Table.Th>{t('clinicAdmin.hours')}</Table.Th>
                <Table.Th>{t('clinicAdmin.break')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {catalogue.schedules.map((row) => (
                <Table.Tr key={row.id}>
                  <Table.Td>{doctorName(row.doctor_id)}</Table.Td>
                  <Table.Td>{branchName(row.branch_id)}</Table.Td>
                  <Table.Td>{weekdays[row.weekday]}</Table.Td>
                  <Table.Td>
                    {hhmm(row.start_minute)}–{hhmm(row.end_minute)}
                  </Table.Td>
                  <Table.Td>
                    {row.break_start_minute === null ? '—' : `${hhmm(row.break_start_minute)}–${hhmm(row.break_end_minute!)}`}
                  </Table.Td>
                  <Table.Td>
                    <Button size="compact-xs" variant="subtle" color="red" onClick={() => remove.mutate({ kind: 'schedules', id: row.id })}>
                      {t('clinicAdmin.delete')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Group align="end" wrap="wrap">
          <Select
            label={t('clinicAdmin.doctor')}
            data={doctors}
            value={form.doctor || null}
            onChange={(value) => setForm({ ...form, doctor: value ?? '' })}
            w={220}
          />
          <Select
            label={t('clinicAdmin.branch')}
            data={catalogue.branches.map((branch) => ({ value: String(branch.id), label: branch.name_ru }))}
            value={form.branch || null}
            onChange={(value) => setForm({ ...form, branch: value ?? '' })}
            w={200}
          />
          <Select
            label={t('clinicAdmin.weekday')}
            data={weekdays.slice(1).map((label, index) => ({ value: String(index + 1), label }))}
            value={form.weekday}
            onChange={(value) => setForm({ ...form, weekday: value ?? '1' })}
            allowDeselect={false}
            w={160}
          />
          {time('start', t('clinicAdmin.from'))}
          {time('end', t('clinicAdmin.to'))}
          {time('break_start', t('clinicAdmin.breakFrom'))}
          {time('break_end', t('clinicAdmin.breakTo'))}
          <Button
            loading={add.isPending}
            disabled={!form.doctor || !form.branch}
            onClick={() =>
              add.mutate({
                doctor_id: Number(form.doctor),
                branch_id: Number(form.branch),
                weekday: Number(form.weekday),
                start: form.start,
                end: form.end,
                break_start: form.break_start || null,
                break_end: form.break_end || null,
              })
            }
          >
            {t('clinicAdmin.add')}
          </Button>
        </Group>
        <Failure error={add.error ?? remove.error} />
      </Stack>
      <Stack gap="md">
        <Text component="h2" fw={600} m={0}>
          {t('clinicAdmin.daysOff')}
        </Text>
        {catalogue.exceptions.length === 0 ? (
          <Text c="dimmed">{t('clinicAdmin.empty')}</Text>
        ) : (
          <Table aria-label={t('clinicAdmin.daysOff')} striped>
            <Table.Tbody>
              {catalogue.exceptions.map((row) => (
                <Table.Tr key={row.id}>
                  <Table.Td>{row.day}</Table.Td>
                  <Table.Td>{doctorName(row.doctor_id)}</Table.Td>
                  <Table.Td>
                    {t(`clinicAdmin.kinds.${row.kind}`)}
                    {row.start_minute !== null && ` ${hhmm(row.start_minute)}–${hhmm(row.end_minute!)}`}
                  </Table.Td>
                  <Table.Td>{row.note}</Table.Td>
                  <Table.Td>
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      color="red"
                      onClick={() => remove.mutate({ kind: 'exceptions', id: row.id })}
                    >
                      {t('clinicAdmin.delete')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Group align="end" wrap="wrap">
          <Select
            label={t('clinicAdmin.doctor')}
            data={[{ value: '', label: t('clinicAdmin.wholeClinic') }, ...doctors]}
            value={off.doctor}
            onChange={(value) => setOff({ ...off, doctor: value ?? '' })}
            w={220}
          />
          <TextInput
            type="date"
            label={t('clinicAdmin.day')}
            value={off.day}
            onChange={(event) => setOff({ ...off, day: event.currentTarget.value })}
            w={170}
          />
          <Select
            label={t('clinicAdmin.kind')}
            data={dayOffKinds.map((kind) => ({ value: kind, label: t(`clinicAdmin.kinds.${kind}`) }))}
            value={off.kind}
            onChange={(value) => setOff({ ...off, kind: (value as DayOff['kind']) ?? 'leave' })}
            allowDeselect={false}
            w={200}
          />
          <TextInput
            label={t('clinicAdmin.note')}
            value={off.note}
            onChange={(event) => setOff({ ...off, note: event.currentTarget.value })}
          />
          <Button
            loading={addOff.isPending}
            disabled={!off.day}
            onClick={() =>
              addOff.mutate({ doctor_id: off.doctor ? Number(off.doctor) : null, day: off.day, kind: off.kind, note: off.note })
            }
          >
            {t('clinicAdmin.add')}
          </Button>
        </Group>
        <Failure error={addOff.error} />
      </Stack>
    </Stack>
  );
}
