import { Alert } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useTeammates } from '../../team/index.ts';
import type { Handoff } from '../../conversations/index.ts';
import { inboxKeys } from '../../conversations/index.ts';

/** Set by realtime when the open conversation went to someone else; null or undefined while it is ours. */
export function useHandoff(chatId: string): Handoff | null | undefined {
  return useQuery<Handoff | null>({ queryKey: inboxKeys.handoff(chatId), queryFn: () => null, enabled: false, staleTime: Infinity }).data;
}

/** In place of the composer of a conversation that was just transferred away: to whom, and that it is theirs now. */
export function HandoffNotice({ handoff }: { handoff: Handoff }) {
  const { t } = useTranslation();
  const teammates = useTeammates();
  const name = handoff.operatorName ?? teammates.byId.get(String(handoff.operatorId))?.name ?? `#${handoff.operatorId}`;
  return (
    <Alert m="sm" color="blue" variant="light" role="status" title={t('inbox.transferredTo', { name })} data-testid="handoff-notice">
      {t('inbox.transferredHint')}
    </Alert>
  );
}
