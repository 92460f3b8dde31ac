import { Alert, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNow } from '../../../lib/use-now.ts';
import { useChannelKind } from '../../channels/index.ts';
import { businessKeys, fetchReplyStatus } from '../api/business.api.ts';

/**
 * Above the composer: as whom replies go (a connected business account), or that the chat cannot be
 * answered now and why, in the channel's words. Re-read when a message arrives and every half minute, and only
 * for chats of a kind that can refuse a reply at all (the server's description of the kind says so). A reply window's
 * end (`until`) is watched on this device's clock: the notice says it closed the moment it does, before any re-read.
 */
export function ReplyStatusNotice({
  chatId,
  channelKind,
  version,
}: {
  chatId: string | number;
  channelKind: string;
  version?: string | number | null;
}) {
  const { t } = useTranslation();
  const canRefuse = useChannelKind(channelKind)?.can_refuse_replies === true;
  const status = useQuery({
    queryKey: [...businessKeys.replyStatus(chatId), version ?? null],
    queryFn: () => fetchReplyStatus(chatId),
    refetchInterval: 30_000,
    enabled: canRefuse,
  }).data;
  const now = useNow(60_000, status?.until);
  if (!status) return null;
  const name = status.via?.name ?? '';
  const windowClosed = status.can_reply && status.until !== null && now.getTime() >= Date.parse(status.until);
  if (windowClosed)
    return (
      <Alert m="sm" mb={0} color="yellow" variant="light" role="status" title={t('business.cannotReply')} data-testid="cannot-reply">
        {t('business.reason.window_closed')}
      </Alert>
    );
  if (status.can_reply) {
    if (!status.via) return null;
    return (
      <Text size="xs" c="dimmed" px="sm" pt={4} data-testid="reply-via">
        {t('business.via', { name })}
      </Text>
    );
  }
  return (
    <Alert m="sm" mb={0} color="yellow" variant="light" role="status" title={t('business.cannotReply')} data-testid="cannot-reply">
      {t(`business.reason.${status.code ?? ''}`, { name, defaultValue: status.reason ?? '' })}
    </Alert>
  );
}
