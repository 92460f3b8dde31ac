import { Alert, Button, CopyButton, Group, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../lib/errors.ts';
import { issueFeed, revokeFeed } from '../dispatch.api.ts';

/** An admin issues or revokes a measurer's secret .ics address (the old one stops working either way). */
export function FeedLink({ crewId }: { crewId: number }) {
  const { t } = useTranslation();
  const issue = useMutation({ mutationFn: issueFeed });
  const revoke = useMutation({ mutationFn: revokeFeed });
  const url = issue.data ? (issue.data.url ?? `${window.location.origin}${issue.data.path}`) : null;
  return (
    <Stack gap="xs" component="section" aria-label={t('dispatch.calendar.feed')} maw={640}>
      <Text fw={600}>{t('dispatch.calendar.feed')}</Text>
      <Text size="sm" c="dimmed">
        {t('dispatch.calendar.feedHelp')}
      </Text>
      <Group gap="xs">
        <Button size="xs" onClick={() => issue.mutate(crewId, { onSuccess: () => revoke.reset() })} loading={issue.isPending}>
          {t('dispatch.calendar.issue')}
        </Button>
        <Button
          size="xs"
          variant="default"
          color="red"
          onClick={() => revoke.mutate(crewId, { onSuccess: () => issue.reset() })}
          loading={revoke.isPending}
        >
          {t('dispatch.calendar.revoke')}
        </Button>
      </Group>
      {url && (
        <Group gap="xs" align="flex-end" wrap="nowrap">
          <TextInput readOnly value={url} style={{ flex: 1 }} aria-label={t('dispatch.calendar.feed')} data-testid="feed-url" />
          <CopyButton value={url}>
            {({ copied, copy }) => (
              <Button variant="light" onClick={copy}>
                {copied ? t('dispatch.calendar.copied') : t('dispatch.calendar.copy')}
              </Button>
            )}
          </CopyButton>
        </Group>
      )}
      {revoke.isSuccess && <Alert color="gray">{t('dispatch.calendar.revoked')}</Alert>}
      {(issue.error ?? revoke.error) && <Alert color="red">{errorText((issue.error ?? revoke.error)!)}</Alert>}
    </Stack>
  );
}
