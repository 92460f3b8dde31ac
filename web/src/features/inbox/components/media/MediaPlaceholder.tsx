import { Loader, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { AlertIcon, ClockIcon } from '../../../../components/ui/icons.tsx';
import type { Attachment } from '../../../conversations/index.ts';
import { formatBytes } from './format.ts';
import { displayName } from '../../../../lib/safe-display.ts';

/** What shows while a file is not (or no longer) available: downloading, too big, failed, expired. */
export function MediaPlaceholder({ attachment, kindLabel }: { attachment: Attachment; kindLabel: string }) {
  const { t, i18n } = useTranslation();
  const state = attachment.download_state;
  const size = formatBytes(attachment.file_size, i18n.language);
  const name = [kindLabel, displayName(attachment.file_name), size].filter(Boolean).join(' · ');
  const ratio = attachment.width && attachment.height ? `${attachment.width} / ${attachment.height}` : undefined;
  if (state === 'pending') {
    return (
      <div className="sb-media-placeholder" data-testid="media-pending" role="status" style={{ aspectRatio: ratio, maxHeight: 240 }}>
        <Loader size="xs" aria-hidden />
        <Text size="xs" c="dimmed">
          {t('media.pending')} <span className="sb-ellipsis">{name}</span>
        </Text>
      </div>
    );
  }
  const message =
    state === 'too_big'
      ? t('media.tooBig')
      : state === 'failed'
        ? attachment.download_error
          ? t('media.failed', { reason: attachment.download_error })
          : t('media.failedNoReason')
        : state === 'expired'
          ? t('media.expired')
          : t('media.unavailable');
  return (
    <div
      className="sb-media-placeholder"
      data-testid={`media-${state ?? 'unavailable'}`}
      style={{ justifyContent: 'flex-start', textAlign: 'start' }}
    >
      <Text c={state === 'expired' ? 'dimmed' : 'orange'} style={{ lineHeight: 0, flex: 'none' }}>
        {state === 'expired' ? <ClockIcon size={18} /> : <AlertIcon size={18} />}
      </Text>
      <div style={{ minWidth: 0 }}>
        <Text size="sm" fw={500} className="sb-ellipsis">
          {name}
        </Text>
        <Text size="xs" c="dimmed" className="sb-message-text">
          {message}
        </Text>
      </div>
    </div>
  );
}
