import { Alert, Button, Code, CloseButton, Group, Paper, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { Suspense, useState, type FormEvent } from 'react';
import { AnswerVariablesHint } from '../../attributes/index.ts';
import { useTranslation } from 'react-i18next';
import { useCannedResponses, useCreateCannedResponse, useDeleteCannedResponse } from '../hooks/useTeam.ts';
import { errorText } from '../../../lib/errors.ts';

/** Saved answers an operator inserts by typing `/shortcut` in the reply box. */
export function CannedResponsesSection() {
  const { t } = useTranslation();
  const canned = useCannedResponses();
  const create = useCreateCannedResponse();
  const remove = useDeleteCannedResponse();
  const [shortcut, setShortcut] = useState('');
  const [text, setText] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { shortcut: shortcut.trim().replace(/^\//, ''), text: text.trim() },
      {
        onSuccess: () => {
          setShortcut('');
          setText('');
        },
      },
    );
  };

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="canned-title">
      <Stack gap="sm">
        <div>
          <Title order={2} size="h4" id="canned-title">
            {t('team.cannedTitle')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('team.cannedSubtitle')}
          </Text>
        </div>
        <Stack gap={6} data-testid="canned-responses">
          {canned.data?.length === 0 && (
            <Text size="sm" c="dimmed">
              {t('team.noCanned')}
            </Text>
          )}
          {canned.data?.map((item) => (
            <Group key={item.id} gap="sm" wrap="nowrap" align="flex-start">
              <Code>/{item.shortcut}</Code>
              <Text size="sm" style={{ flex: 1, minWidth: 0, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} lineClamp={3}>
                {item.text}
              </Text>
              <CloseButton
                size="sm"
                aria-label={t('team.deleteCanned', { shortcut: item.shortcut })}
                onClick={() => remove.mutate(item.id)}
              />
            </Group>
          ))}
        </Stack>
        <form onSubmit={submit}>
          <Stack gap="xs">
            <TextInput
              label={t('team.shortcut')}
              description={t('team.shortcutHint')}
              required
              maxLength={41}
              leftSection={<Text size="sm">/</Text>}
              value={shortcut}
              onChange={(event) => setShortcut(event.currentTarget.value)}
            />
            <Textarea
              label={t('team.cannedText')}
              required
              autosize
              minRows={2}
              maxRows={8}
              maxLength={4096}
              value={text}
              onChange={(event) => setText(event.currentTarget.value)}
              data-testid="canned-text"
            />
            <Suspense fallback={null}>
              <AnswerVariablesHint />
            </Suspense>
            <Group justify="flex-end">
              <Button type="submit" loading={create.isPending} disabled={!shortcut.trim() || !text.trim()}>
                {t('team.addCanned')}
              </Button>
            </Group>
          </Stack>
        </form>
        {(create.error ?? remove.error) && (
          <Alert color="red" role="alert">
            {errorText((create.error ?? remove.error)!)}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
