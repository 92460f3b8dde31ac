import { ActionIcon, Anchor, Group, Modal, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BackIcon } from '../../../../components/ui/icons.tsx';
import type { Attachment } from '../../../conversations/index.ts';

/** A photo in a bubble: its own aspect ratio (no jump when it loads); a click opens the viewer. */
export function PhotoThumb({ attachment, onOpen, cover = false }: { attachment: Attachment; onOpen(): void; cover?: boolean }) {
  const { t } = useTranslation();
  const { width, height } = attachment;
  const ratio = !cover && width && height ? `${width} / ${height}` : undefined;
  return (
    <button
      type="button"
      className="sb-media-photo"
      onClick={onOpen}
      aria-label={t('media.openPhoto')}
      style={{ aspectRatio: ratio, width: !cover && width ? Math.min(width, 320) : undefined }}
      data-testid="media-photo"
    >
      <img src={attachment.url ?? undefined} alt={t('media.photo')} loading="lazy" decoding="async" width={width} height={height} />
    </button>
  );
}

/** Full-size photos, one at a time; arrows (buttons and keys) move through an album. */
export function PhotoViewer({
  photos,
  index,
  onIndex,
  onClose,
}: {
  photos: Attachment[];
  index: number | null;
  onIndex(index: number): void;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const phone = useMediaQuery('(max-width: 48em)');
  const current = index === null ? undefined : photos[index];
  const count = photos.length;
  const step = (delta: number) => index !== null && count > 1 && onIndex((index + delta + count) % count);
  return (
    <Modal
      opened={Boolean(current)}
      onClose={onClose}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      size="auto"
      fullScreen={phone}
      centered
      title={count > 1 && index !== null ? t('media.counter', { index: index + 1, count }) : t('media.viewer')}
      onKeyDown={(event) => {
        if (event.key === 'ArrowRight') step(1);
        if (event.key === 'ArrowLeft') step(-1);
      }}
      data-testid="photo-viewer"
    >
      {current && (
        <>
          <img className="sb-media-lightbox-image" src={current.url ?? undefined} alt={t('media.photo')} data-testid="photo-viewer-image" />
          <Group justify="space-between" mt="sm" wrap="nowrap">
            <Group gap={4}>
              {count > 1 && (
                <>
                  <ActionIcon variant="default" onClick={() => step(-1)} aria-label={t('media.previous')}>
                    <BackIcon size={16} />
                  </ActionIcon>
                  <ActionIcon variant="default" onClick={() => step(1)} aria-label={t('media.next')}>
                    <BackIcon size={16} style={{ transform: 'scaleX(-1)' }} />
                  </ActionIcon>
                </>
              )}
            </Group>
            <Group gap="md">
              {current.width && current.height && (
                <Text size="xs" c="dimmed">
                  {current.width}×{current.height}
                </Text>
              )}
              <Anchor size="sm" href={current.url ?? undefined} target="_blank" rel="noopener">
                {t('media.openOriginal')}
              </Anchor>
              <Anchor size="sm" href={current.url ? `${current.url}?download=1` : undefined} download>
                {t('media.download')}
              </Anchor>
            </Group>
          </Group>
        </>
      )}
    </Modal>
  );
}

/** The viewer's state for a bubble: which of its photos is open. */
export function usePhotoViewer() {
  const [index, setIndex] = useState<number | null>(null);
  return { index, open: setIndex, close: () => setIndex(null) };
}
