import { Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { AuthLayout } from '../../../components/AuthLayout.tsx';

/** The frame of the portal's sign-in and invitation pages: no staff branding, no staff links. */
export function PortalAuthLayout({ title, subtitle, children }: { title: string; subtitle?: ReactNode; children: ReactNode }) {
  const { t } = useTranslation();
  const brand = (
    <Text fw={700} size="lg">
      {t('portal.title')}
    </Text>
  );
  return (
    <AuthLayout title={title} subtitle={subtitle} brand={brand} staffLinks={false}>
      {children}
    </AuthLayout>
  );
}
