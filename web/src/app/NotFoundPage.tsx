import { Button, Center, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Center h="100%" p="xl">
      <Stack align="center" gap="sm">
        <Title order={2}>{t('errors.notFoundTitle')}</Title>
        <Text c="dimmed">{t('errors.notFoundBody')}</Text>
        <Button component={Link} to="/inbox">
          {t('nav.inbox')}
        </Button>
      </Stack>
    </Center>
  );
}
