// The clinic admin's catalogue tabs: branches, the price list (services) and doctors, each a table with an add form.
import { Button, Group, MultiSelect, NumberInput, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { tenge } from '../payments.api.ts';
import { addBranch, addDoctor, addService, tiynOf, type Catalogue } from '../admin.api.ts';
import { ActiveBadge, Failure, RowActions, useCatalogueChange } from './AdminCatalogueParts.tsx';

export function BranchesPanel({ catalogue }: { catalogue: Catalogue }) {
  const { t } = useTranslation();
  const blank = { code: '', name_ru: '', name_kk: '', address: '' };
  const [form, setForm] = useState(blank);
  const add = useCatalogueChange(addBranch, () => setForm(blank));
  const field = (key: keyof typeof blank, label: string) => (
    <TextInput label={label} value={form[key]} onChange={(event) => setForm({ ...form, [key]: event.currentTarget.value })} />
  );
  return (
    <Stack gap="md">
      <Table.ScrollContainer data-scrolls-sideways minWidth={640}>
        <Table aria-label={t('clinicAdmin.tabs.branches')} striped>
          <Table.Tbody>
            {catalogue.branches.map((branch) => (
              <Table.Tr key={branch.id}>
                <Table.Td>{branch.code}</Table.Td>
                <Table.Td>
                  {branch.name_ru}
                  <Text size="xs" c="dimmed">
                    {branch.name_kk} · {branch.address}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <ActiveBadge active={branch.is_active} />
                </Table.Td>
                <Table.Td>
                  <RowActions kind="branches" id={branch.id} active={branch.is_active} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group align="end" wrap="wrap">
        {field('code', t('clinicAdmin.code'))}
        {field('name_ru', t('clinicAdmin.nameRu'))}
        {field('name_kk', t('clinicAdmin.nameKk'))}
        {field('address', t('clinicAdmin.address'))}
        <Button loading={add.isPending} onClick={() => add.mutate(form)}>
          {t('clinicAdmin.add')}
        </Button>
      </Group>
      <Failure error={add.error} />
    </Stack>
  );
}

export function ServicesPanel({ catalogue }: { catalogue: Catalogue }) {
  const { t, i18n } = useTranslation();
  const blank = { branch: '', code: '', name_ru: '', name_kk: '', duration: 30 as number | string, price: '' };
  const [form, setForm] = useState(blank);
  const add = useCatalogueChange(addService, () => setForm(blank));
  const price = tiynOf(form.price);
  const branchName = (id: number) => catalogue.branches.find((branch) => branch.id === id)?.name_ru ?? id;
  return (
    <Stack gap="md">
      <Table.ScrollContainer data-scrolls-sideways minWidth={720}>
        <Table aria-label={t('clinicAdmin.tabs.services')} striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('clinicAdmin.branch')}</Table.Th>
              <Table.Th>{t('clinicAdmin.nameRu')}</Table.Th>
              <Table.Th>{t('clinicAdmin.duration')}</Table.Th>
              <Table.Th>{t('clinicAdmin.price')}</Table.Th>
              <Table.Th />
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {catalogue.services.map((service) => (
              <Table.Tr key={service.id}>
                <Table.Td>{branchName(service.branch_id)}</Table.Td>
                <Table.Td>
                  {service.name_ru}
                  <Text size="xs" c="dimmed">
                    {service.code} · {service.name_kk}
                  </Text>
                </Table.Td>
                <Table.Td>{service.duration_minutes}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{tenge(Number(service.price_minor), i18n.language)}</Table.Td>
                <Table.Td>
                  <ActiveBadge active={service.is_active} />
                </Table.Td>
                <Table.Td>
                  <RowActions kind="services" id={service.id} active={service.is_active} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group align="start" wrap="wrap">
        <Select
          label={t('clinicAdmin.branch')}
          data={catalogue.branches.map((branch) => ({ value: String(branch.id), label: branch.name_ru }))}
          value={form.branch || null}
          onChange={(value) => setForm({ ...form, branch: value ?? '' })}
          w={200}
        />
        <TextInput
          label={t('clinicAdmin.code')}
          value={form.code}
          onChange={(event) => setForm({ ...form, code: event.currentTarget.value })}
          w={120}
        />
        <TextInput
          label={t('clinicAdmin.nameRu')}
          value={form.name_ru}
          onChange={(event) => setForm({ ...form, name_ru: event.currentTarget.value })}
        />
        <TextInput
          label={t('clinicAdmin.nameKk')}
          value={form.name_kk}
          onChange={(event) => setForm({ ...form, name_kk: event.currentTarget.value })}
        />
        <NumberInput
          label={t('clinicAdmin.duration')}
          min={5}
          max={480}
          step={5}
          value={form.duration}
          onChange={(value) => setForm({ ...form, duration: value })}
          w={150}
        />
        <TextInput
          label={t('clinicAdmin.price')}
          value={form.price}
          onChange={(event) => setForm({ ...form, price: event.currentTarget.value })}
          error={form.price && price === null ? t('clinicAdmin.priceInvalid') : undefined}
          w={150}
        />
        <Button
          mt={25}
          loading={add.isPending}
          disabled={!form.branch || price === null}
          onClick={() =>
            add.mutate({
              branch_id: Number(form.branch),
              code: form.code,
              name_ru: form.name_ru,
              name_kk: form.name_kk,
              duration_minutes: Number(form.duration),
              price_minor: price!,
            })
          }
        >
          {t('clinicAdmin.add')}
        </Button>
      </Group>
      <Failure error={add.error} />
    </Stack>
  );
}

export function DoctorsPanel({ catalogue }: { catalogue: Catalogue }) {
  const { t } = useTranslation();
  const blank = { code: '', full_name: '', specialty_ru: '', specialty_kk: '', service_ids: [] as string[] };
  const [form, setForm] = useState(blank);
  const add = useCatalogueChange(addDoctor, () => setForm(blank));
  const serviceLabel = (id: number) => {
    const service = catalogue.services.find((each) => each.id === id);
    const branch = catalogue.branches.find((each) => each.id === service?.branch_id);
    return service ? `${service.name_ru} (${branch?.name_ru ?? service.branch_id})` : String(id);
  };
  return (
    <Stack gap="md">
      <Table.ScrollContainer data-scrolls-sideways minWidth={720}>
        <Table aria-label={t('clinicAdmin.tabs.doctors')} striped>
          <Table.Tbody>
            {catalogue.doctors.map((doctor) => (
              <Table.Tr key={doctor.id}>
                <Table.Td>
                  {doctor.full_name}
                  <Text size="xs" c="dimmed">
                    {doctor.code} · {doctor.specialty_ru}
                  </Text>
                </Table.Td>
                <Table.Td>{doctor.service_ids.map(serviceLabel).join(', ')}</Table.Td>
                <Table.Td>
                  <ActiveBadge active={doctor.is_active} />
                </Table.Td>
                <Table.Td>
                  <RowActions kind="doctors" id={doctor.id} active={doctor.is_active} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group align="end" wrap="wrap">
        <TextInput
          label={t('clinicAdmin.code')}
          value={form.code}
          onChange={(event) => setForm({ ...form, code: event.currentTarget.value })}
          w={120}
        />
        <TextInput
          label={t('clinicAdmin.fullName')}
          value={form.full_name}
          onChange={(event) => setForm({ ...form, full_name: event.currentTarget.value })}
        />
        <TextInput
          label={t('clinicAdmin.specialty')}
          value={form.specialty_ru}
          onChange={(event) => setForm({ ...form, specialty_ru: event.currentTarget.value })}
        />
        <MultiSelect
          label={t('clinicAdmin.services')}
          data={catalogue.services.map((service) => ({ value: String(service.id), label: serviceLabel(service.id) }))}
          value={form.service_ids}
          onChange={(value) => setForm({ ...form, service_ids: value })}
          miw={260}
        />
        <Button
          loading={add.isPending}
          onClick={() => add.mutate({ ...form, specialty_kk: form.specialty_ru, service_ids: form.service_ids.map(Number) })}
        >
          {t('clinicAdmin.add')}
        </Button>
      </Group>
      <Failure error={add.error} />
    </Stack>
  );
}
