import { Alert, Button, Group, Text, Tooltip } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { fetchChatFlow, handBackFlow, takeOverFlow } from '../api/flows.api.ts';
import { errorText } from '../../../lib/errors.ts';

const flowKey = (chatId: number | string) => ['chats', 'flow', String(chatId)] as const;

/**
 * Shows the bot flow (wizard) running in the conversation, with its step, and lets the operator
 * take the conversation over (the bot waits at its step) or hand it back (the bot asks that step again).
 * Re-read whenever a message arrives (`version`), since each answer may move the step.
 */
export function FlowIndicator({ chatId, version }: { chatId: number | string; version: unknown }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const query = useQuery({ queryKey: [...flowKey(chatId), version], queryFn: ({ signal }) => fetchChatFlow(chatId, signal) });
  const change = useMutation({
    mutationFn: (action: 'take-over' | 'hand-back') => (action === 'take-over' ? takeOverFlow(chatId) : handBackFlow(chatId)),
    onSettled: () => client.invalidateQueries({ queryKey: flowKey(chatId) }),
  });
  const flow = query.data?.flow;
  if (!flow) return null;
  const values = { app: flow.app, flow: flow.flow, step: flow.step };
  return (
    <Group
      gap="xs"
      px="sm"
      py={4}
      wrap="nowrap"
      data-testid="chat-flow"
      style={{ borderBottom: '1px solid var(--mantine-color-default-border)', flexShrink: 0 }}
    >
      <Tooltip label={t('flows.runningHint')} disabled={flow.paused} multiline w={280}>
        <Text size="xs" c={flow.paused ? 'orange' : 'dimmed'} className="sb-ellipsis" style={{ flex: 1 }}>
          {flow.paused ? t('flows.paused', values) : t('flows.running', values)}
        </Text>
      </Tooltip>
      <Button
        size="compact-xs"
        variant="light"
        color={flow.paused ? 'blue' : 'orange'}
        loading={change.isPending}
        onClick={() => change.mutate(flow.paused ? 'hand-back' : 'take-over')}
      >
        {flow.paused ? t('flows.handBack') : t('flows.takeOver')}
      </Button>
      {change.error && (
        <Alert color="red" p={4} role="alert">
          {t('flows.failed', { reason: errorText(change.error) })}
        </Alert>
      )}
    </Group>
  );
}
