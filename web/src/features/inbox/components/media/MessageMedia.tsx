import { Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Attachment } from '../../../conversations/index.ts';
import { ContactCard, FileCard, LocationCard } from './InfoCards.tsx';
import { MediaPlaceholder } from './MediaPlaceholder.tsx';
import { PhotoThumb, PhotoViewer, usePhotoViewer } from './PhotoGallery.tsx';
import { AnimationView, AudioView, VideoNoteView, VideoView } from './PlayableMedia.tsx';
import { StickerView } from './StickerView.tsx';
import './media.css';

const fileKinds = new Set(['photo', 'video', 'video_note', 'animation', 'voice', 'audio', 'document', 'sticker']);
const gridKinds = new Set(['photo', 'video']);

export const kindOf = (attachment: Attachment): string => attachment.type ?? attachment.kind ?? 'document';

/**
 * The files and cards of one bubble: a message's attachment, or every item of an album (photos and
 * videos in a grid, documents in a column). A click on a photo opens the viewer on the bubble's photos.
 */
export function MessageMedia({ attachments }: { attachments: Attachment[] }) {
  const viewer = usePhotoViewer();
  const photos = attachments.filter((attachment) => kindOf(attachment) === 'photo' && attachment.url);
  const openPhoto = (attachment: Attachment) => viewer.open(photos.indexOf(attachment));
  const gridded = attachments.length > 1 && attachments.every((attachment) => gridKinds.has(kindOf(attachment)));
  return (
    <>
      {gridded ? (
        <div className="sb-media-album" data-count={Math.min(attachments.length, 5)} data-testid="media-album">
          {attachments.map((attachment, index) =>
            attachment.url && kindOf(attachment) === 'photo' ? (
              <PhotoThumb key={index} attachment={attachment} cover onOpen={() => openPhoto(attachment)} />
            ) : (
              <AttachmentView key={index} attachment={attachment} onOpenPhoto={openPhoto} />
            ),
          )}
        </div>
      ) : (
        <Stack gap={6} align="flex-start">
          {attachments.map((attachment, index) => (
            <AttachmentView key={index} attachment={attachment} onOpenPhoto={openPhoto} />
          ))}
        </Stack>
      )}
      <PhotoViewer photos={photos} index={viewer.index} onIndex={viewer.open} onClose={viewer.close} />
    </>
  );
}

function AttachmentView({ attachment, onOpenPhoto }: { attachment: Attachment; onOpenPhoto(attachment: Attachment): void }) {
  const { t } = useTranslation();
  const kind = kindOf(attachment);
  const kindLabel = t(`kinds.${kind}`, { defaultValue: kind });
  if (fileKinds.has(kind) && !attachment.url) return <MediaPlaceholder attachment={attachment} kindLabel={kindLabel} />;
  switch (kind) {
    case 'photo':
      return <PhotoThumb attachment={attachment} onOpen={() => onOpenPhoto(attachment)} />;
    case 'video':
      return <VideoView attachment={attachment} />;
    case 'video_note':
      return <VideoNoteView attachment={attachment} />;
    case 'animation':
      return <AnimationView attachment={attachment} />;
    case 'voice':
    case 'audio':
      return <AudioView attachment={attachment} voice={kind === 'voice'} />;
    case 'sticker':
      return <StickerView attachment={attachment} />;
    case 'document':
      return <FileCard attachment={attachment} fallbackName={kindLabel} />;
    case 'location':
    case 'venue':
      return <LocationCard attachment={attachment} />;
    case 'contact':
      return <ContactCard attachment={attachment} />;
    case 'poll':
      return (
        <Text size="sm" fs="italic" dir="auto">
          {t('media.poll', { question: attachment.question ?? '' })}
        </Text>
      );
    case 'dice':
      return (
        <Text size="xl" role="img" aria-label={kindLabel}>
          {attachment.emoji ?? '🎲'}
        </Text>
      );
    default:
      return <FileCard attachment={attachment} fallbackName={kindLabel} />;
  }
}
