import { Alert, Loader, Stack, Tabs, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { errorText } from '../../../lib/errors.ts';
import { useSession } from '../../auth/index.ts';
import { catalogueKey, fetchCatalogue, type Catalogue } from '../admin.api.ts';
import { BranchesPanel, DoctorsPanel, ServicesPanel } from './AdminCatalogue.tsx';

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
