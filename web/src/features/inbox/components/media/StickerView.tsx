import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import type { Attachment } from '../../../conversations/index.ts';

// The Lottie player is loaded only when an animated sticker is on screen.
const LottieSticker = lazy(() => import('./LottieSticker.tsx'));

/** Static stickers are WebP images, video stickers loop silently, animated (.tgs) ones play with Lottie. */
export function StickerView({ attachment }: { attachment: Attachment }) {
  const { t } = useTranslation();
  const label = t('media.sticker', { emoji: attachment.emoji ?? '' }).trim();
  const url = attachment.url ?? '';
  if (attachment.sticker_format === 'animated') {
    return (
      <Suspense
        fallback={<div className="sb-media-sticker" role="img" aria-label={label} data-testid="media-sticker" data-state="loading" />}
      >
        <LottieSticker url={url} label={label} emoji={attachment.emoji ?? ''} />
      </Suspense>
    );
  }
  if (attachment.sticker_format === 'video') {
    return (
      <video
        className="sb-media-sticker"
        src={url}
        autoPlay
        loop
        muted
        playsInline
        aria-label={label}
        data-testid="media-sticker"
        data-format="video"
      />
    );
  }
  return <img className="sb-media-sticker" src={url} alt={label} loading="lazy" data-testid="media-sticker" data-format="static" />;
}
