// A conversation's assignment history (the workflow bar's History drawer), loaded when it opens.
import { Alert, Text, Timeline } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../lib/dates.ts';
import { errorText } from '../../../lib/errors.ts';
import type { Chat } from '../../conversations/index.ts';
import type { Teammate } from '../api/team.api.ts';
import { useAssignments } from '../hooks/useTeam.ts';

export default function AssignmentHistory({ chat, team }: { chat: Chat; team: Map<string, Teammate> }) {
  const { t, i18n } = useTranslation();
  const history = useAssignments(chat.id, true);
  const nameOf = (id: number | null) => (id === null ? null : (team.get(String(id))?.name ?? `#${id}`));
  if (history.isPending) return <Text size="sm">{t('common.loading')}</Text>;
  if (history.isError)
    return (
      <Alert color="red" role="alert">
        {errorText(history.error)}
      </Alert>
    );
  if (history.data.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('team.historyEmpty')}
      </Text>
    );
  return (
    <Timeline active={history.data.length - 1} bulletSize={14} lineWidth={2} data-testid="assignment-history">
      {history.data.map((entry) => {
        const to = nameOf(entry.operator_id);
        const by = nameOf(entry.assigned_by) ?? t('team.autoAssignment');
        const what =
          to === null
            ? t('team.historyUnassigned')
            : entry.reason === 'transfer'
              ? t('team.historyTransfer', { from: nameOf(entry.previous_operator_id), to })
              : t('team.historyAssigned', { to });
        return (
          <Timeline.Item key={entry.id} title={what} data-testid="assignment-entry">
            <Text size="xs" c="dimmed">
              {t('team.historyBy', { by, when: formatDateTime(entry.created_at, i18n.language) })}
            </Text>
            {entry.note && (
              <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                “{entry.note}”
              </Text>
            )}
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}
