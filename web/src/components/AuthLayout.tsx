import { Anchor, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { ThemeToggle } from './ThemeToggle.tsx';

/**
 * The frame of the sign-in pages: staff pages carry the Switchboard brand and the API docs link;
 * the client portal passes its own `brand` and no `staffLinks`.
 */
export function AuthLayout({
  title,
  subtitle,
  children,
  brand,
  staffLinks = true,
}: {
  title: string;
  subtitle?: ReactNode;
  children: ReactNode;
  brand?: ReactNode;
  staffLinks?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Center mih="100dvh" p="md">
      <Stack w="100%" maw={420} gap="md">
        <Group justify="space-between">
          {brand ?? (
            <Group gap={8}>
              <img src="/favicon.svg" alt="" width={28} height={28} />
              <Text fw={700} size="lg">
                Switchboard
              </Text>
            </Group>
          )}
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
        {staffLinks && (
          <Text size="xs" c="dimmed" ta="center">
            {t('auth.footer')}{' '}
            <Anchor href="/docs" size="xs">
              {t('auth.apiDocs')}
            </Anchor>
          </Text>
        )}
      </Stack>
    </Center>
  );
}
