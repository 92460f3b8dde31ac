import { Loader } from '@mantine/core';
import { Suspense } from 'react';
import { AppSettingsForms } from '../../settings/index.ts';

/** The portal apps' settings (who issues the invoices, which bot portal links open): the generic app settings form. */
export function AppSettingsPanel() {
  return (
    <Suspense fallback={<Loader size="sm" />}>
      <AppSettingsForms only={['tickets', 'linking']} />
    </Suspense>
  );
}
