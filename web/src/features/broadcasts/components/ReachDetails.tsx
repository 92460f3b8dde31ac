import { Text } from '@mantine/core';
import type { SegmentPreview } from '@switchboard/contract/segments';
import { useTranslation } from 'react-i18next';

/**
 * For an account that starts conversations only with templates: how many get the text (they wrote within the reply
 * window) and how many the template, and how much of the account's messaging limit is left for those.
 */
export function ReachDetails({ preview }: { preview: SegmentPreview }) {
  const { t, i18n } = useTranslation();
  const window = preview.reply_window;
  const starts = preview.conversation_starts;
  if (!window) return null;
  const waiting = starts ? Math.max(0, window.outside - starts.left) : 0;
  const time = starts?.frees_at ? new Date(starts.frees_at).toLocaleString(i18n.language, { dateStyle: 'short', timeStyle: 'short' }) : '';
  return (
    <Text size="xs" c="dimmed" data-testid="broadcast-reach-details">
      {t('broadcasts.replyWindow', { inside: window.inside, outside: window.outside })}
      {starts && ` ${t('broadcasts.startsLeft', { left: starts.left, limit: starts.limit })}`}
      {waiting > 0 && ` ${t('broadcasts.startsWait', { waiting, time })}`}
    </Text>
  );
}
