import { Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../shell/components/LanguageSwitch.tsx';
import { ThemeToggle } from '../../shell/components/ThemeToggle.tsx';

/** The frame of the portal's sign-in and invitation pages: no staff branding, no staff links. */
export function PortalAuthLayout({ title, subtitle, children }: { title: string; subtitle?: ReactNode; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Center mih="100dvh" p="md">
      <Stack w="100%" maw={440} gap="md">
        <Group justify="space-between">
          <Text fw={700} size="lg">
            {t('portal.title')}
          </Text>
          <Group gap={6}>
            <LanguageSwitch />
            <ThemeToggle />
          </Group>
        </Group>
        <Paper withBorder shadow="sm" p={{ base: 'md', xs: 'xl' }} radius="md" component="main">
          <Stack gap="md">
            <div>
              <Title order={1} size="h3">
                {title}
              </Title>
              {subtitle && (
                <Text c="dimmed" size="sm" mt={4}>
                  {subtitle}
                </Text>
              )}
            </div>
            {children}
          </Stack>
        </Paper>
      </Stack>
    </Center>
  );
}
