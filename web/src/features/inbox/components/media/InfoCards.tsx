import { Anchor, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PaperclipIcon, UserIcon } from '../../../../components/ui/icons.tsx';
import { displayName, riskyFileKind } from '../../../../lib/safe-display.ts';
import type { Attachment } from '../../../conversations/index.ts';
import { formatBytes } from './format.ts';

/** A document: its name, size and type, and a download link (the file is never opened as a page of ours). */
export function FileCard({ attachment, fallbackName }: { attachment: Attachment; fallbackName: string }) {
  const { t, i18n } = useTranslation();
  const name = displayName(attachment.file_name) || fallbackName;
  const risk = riskyFileKind(attachment);
  const details = [formatBytes(attachment.file_size, i18n.language), attachment.mime_type].filter(Boolean).join(' · ');
  return (
    <div className="sb-media-card" data-testid="media-document">
      <span className="sb-media-card-icon" aria-hidden>
        <PaperclipIcon size={18} />
      </span>
      <div style={{ minWidth: 0, flex: 1 }}>
        <Text size="sm" fw={500} className="sb-ellipsis" title={name} dir="auto">
          {name}
        </Text>
        <Text size="xs" c="dimmed" className="sb-ellipsis">
          {details}
        </Text>
        {risk && (
          <Text size="xs" c="red" fw={500} role="alert" data-testid="media-risk-warning">
            {t(risk === 'executable' ? 'media.riskyExecutable' : 'media.riskyArchive')}
          </Text>
        )}
      </div>
      {attachment.url && (
        <Anchor
          size="sm"
          href={`${attachment.url}?download=1`}
          download={name}
          aria-label={t('media.downloadFile', { name })}
          style={{ flex: 'none' }}
        >
          {t('media.download')}
        </Anchor>
      )}
    </div>
  );
}

const pinPath = 'M12 22s7-6.1 7-12a7 7 0 1 0-14 0c0 5.9 7 12 7 12z M12 12.5a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5z';

/** A shared location or place: coordinates and a link to a map (no map tiles are loaded here). */
export function LocationCard({ attachment }: { attachment: Attachment }) {
  const { t } = useTranslation();
  const latitude = Number(attachment.latitude);
  const longitude = Number(attachment.longitude);
  const known = Number.isFinite(latitude) && Number.isFinite(longitude);
  const coordinates = known ? `${latitude.toFixed(5)}, ${longitude.toFixed(5)}` : '';
  const map = known ? `https://www.openstreetmap.org/?mlat=${latitude}&mlon=${longitude}#map=16/${latitude}/${longitude}` : undefined;
  return (
    <div className="sb-media-card" data-testid="media-location">
      <span className="sb-media-card-icon" aria-hidden>
        <svg
          width={18}
          height={18}
          viewBox="0 0 24 24"
          fill="none"
          stroke="currentColor"
          strokeWidth={2}
          strokeLinecap="round"
          strokeLinejoin="round"
        >
          <path d={pinPath} />
        </svg>
      </span>
      <div style={{ minWidth: 0, flex: 1 }}>
        <Text size="sm" fw={500} className="sb-ellipsis" dir="auto">
          {attachment.title || t('media.location')}
        </Text>
        {attachment.address && (
          <Text size="xs" c="dimmed" className="sb-message-text" dir="auto">
            {attachment.address}
          </Text>
        )}
        <Text size="xs" c="dimmed" data-testid="media-coordinates">
          {coordinates}
        </Text>
      </div>
      {map && (
        <Anchor size="sm" href={map} target="_blank" rel="noopener noreferrer" style={{ flex: 'none' }}>
          {t('media.openMap')}
        </Anchor>
      )}
    </div>
  );
}

/** A shared contact card: name and phone number (a tel: link). */
export function ContactCard({ attachment }: { attachment: Attachment }) {
  const { t } = useTranslation();
  const name = [attachment.first_name, attachment.last_name].filter(Boolean).join(' ') || t('media.contact');
  const phone = attachment.phone_number ?? '';
  return (
    <div className="sb-media-card" data-testid="media-contact">
      <span className="sb-media-card-icon" aria-hidden>
        <UserIcon size={18} />
      </span>
      <div style={{ minWidth: 0, flex: 1 }}>
        <Text size="sm" fw={500} className="sb-ellipsis" dir="auto">
          {name}
        </Text>
        {phone && (
          <Anchor size="xs" href={`tel:${phone.replace(/[^\d+]/g, '')}`} aria-label={t('media.call', { phone })}>
            {phone}
          </Anchor>
        )}
      </div>
    </div>
  );
}
