import { Alert, Badge, Button, Group, Loader, MultiSelect, NumberInput, Select, Stack, Table, Tabs, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { errorText } from '../../../lib/errors.ts';
import { useSession } from '../../auth/index.ts';
import { tenge } from '../payments.api.ts';
import {
  addBranch,
  addDoctor,
  addService,
  catalogueKey,
  deleteRecord,
  fetchCatalogue,
  setActive,
  tiynOf,
  type Catalogue,
} from '../admin.api.ts';

// The tabs used less often load when opened.
const SchedulesPanel = lazy(() => import('./AdminSchedules.tsx').then((module) => ({ default: module.SchedulesPanel })));
const ProviderPanel = lazy(() => import('./AdminProvider.tsx').then((module) => ({ default: module.ProviderPanel })));
const TemplatesPanel = lazy(() => import('./AdminProvider.tsx').then((module) => ({ default: module.TemplatesPanel })));

const tabs = ['branches', 'services', 'doctors', 'schedules', 'templates', 'provider'] as const;
type Tab = (typeof tabs)[number];

/** The clinic admin: branches, the price list, doctors, their hours and days off, templates, the payment provider. */
export function AdminPage() {
  const { t } = useTranslation();
  const { data: me } = useSession();
  const [params, setParams] = useSearchParams();
  const tab: Tab = tabs.find((each) => each === params.get('tab')) ?? 'branches';
  const catalogue = useQuery({ queryKey: catalogueKey, queryFn: fetchCatalogue });
  const loaded = (render: (data: Catalogue) => ReactNode) =>
    catalogue.isPending ? (
      <Loader size="sm" />
    ) : catalogue.error ? (
      <Alert color="red">{errorText(catalogue.error)}</Alert>
    ) : (
      render(catalogue.data)
    );
  return (
    <Stack p={{ base: 'sm', sm: 'xl' }} gap="lg" maw={1200} component="main" style={{ overflowY: 'auto' }} h="100%">
      <div>
        <Text component="h1" size="xl" fw={700} m={0}>
          {t('clinicAdmin.title')}
        </Text>
        <Text c="dimmed" size="sm">
          {t('clinicAdmin.subtitle')}
        </Text>
      </div>
      {me && me.role !== 'admin' ? (
        <Alert color="orange">{t('clinicAdmin.adminOnly')}</Alert>
      ) : (
        <Tabs
          value={tab}
          onChange={(value) => setParams(value && value !== 'branches' ? { tab: value } : {}, { replace: true })}
          keepMounted={false}
        >
          <Tabs.List data-scrolls-sideways style={{ flexWrap: 'nowrap', overflowX: 'auto', overflowY: 'hidden' }}>
            {tabs.map((each) => (
              <Tabs.Tab key={each} value={each} style={{ whiteSpace: 'nowrap' }}>
                {t(`clinicAdmin.tabs.${each}`)}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          <Tabs.Panel value="branches" pt="lg">
            {loaded((data) => (
              <BranchesPanel catalogue={data} />
            ))}
          </Tabs.Panel>
          <Tabs.Panel value="services" pt="lg">
            {loaded((data) => (
              <ServicesPanel catalogue={data} />
            ))}
          </Tabs.Panel>
          <Tabs.Panel value="doctors" pt="lg">
            {loaded((data) => (
              <DoctorsPanel catalogue={data} />
            ))}
          </Tabs.Panel>
          <Suspense fallback={<Loader size="sm" />}>
            <Tabs.Panel value="schedules" pt="lg">
              {loaded((data) => (
                <SchedulesPanel catalogue={data} />
              ))}
            </Tabs.Panel>
            <Tabs.Panel value="templates" pt="lg">
              <TemplatesPanel />
            </Tabs.Panel>
            <Tabs.Panel value="provider" pt="lg">
              <ProviderPanel />
            </Tabs.Panel>
          </Suspense>
        </Tabs>
      )}
    </Stack>
  );
}

/** A refusal: the localized meaning of its code, then the server's own words (they name what to fix). */
export function Failure({ error }: { error: Error | null | undefined }) {
  if (!error) return null;
  const general = errorText(error);
  return (
    <Alert color="red" role="alert">
      {general}
      {general !== error.message && (
        <Text size="sm" mt={4}>
          {error.message}
        </Text>
      )}
    </Alert>
  );
}

/** A mutation that refreshes the catalogue and shows its own error. */
export function useCatalogueChange<Input>(run: (input: Input) => Promise<unknown>, onDone?: () => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: catalogueKey });
      onDone?.();
    },
    meta: { silent: true },
  });
}

/** Switch on/off and delete: a record appointments use is refused with the server's message naming them. */
export function RowActions({ kind, id, active }: { kind: 'branches' | 'services' | 'doctors'; id: number; active: boolean }) {
  const { t } = useTranslation();
  const toggle = useCatalogueChange(setActive);
  const remove = useCatalogueChange(deleteRecord);
  const failure = toggle.error ?? remove.error;
  return (
    <Stack gap={4}>
      <Group gap={4} wrap="nowrap">
        <Button size="compact-xs" variant="light" onClick={() => toggle.mutate({ kind, id, is_active: !active })}>
          {active ? t('clinicAdmin.switchOff') : t('clinicAdmin.switchOn')}
        </Button>
        <Button size="compact-xs" variant="subtle" color="red" onClick={() => remove.mutate({ kind, id })}>
          {t('clinicAdmin.delete')}
        </Button>
      </Group>
      {failure && (
        <Text size="xs" c="red" maw={360} role="alert">
          {failure.message}
        </Text>
      )}
    </Stack>
  );
}

const ActiveBadge = ({ active }: { active: boolean }) => {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={active ? 'teal' : 'gray'}>
      {active ? t('clinicAdmin.active') : t('clinicAdmin.off')}
    </Badge>
  );
};

function BranchesPanel({ catalogue }: { catalogue: Catalogue }) {
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

function ServicesPanel({ catalogue }: { catalogue: Catalogue }) {
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

function DoctorsPanel({ catalogue }: { catalogue: Catalogue }) {
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
