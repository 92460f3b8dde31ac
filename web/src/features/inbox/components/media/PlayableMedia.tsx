import { Group, Text } from '@mantine/core';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Attachment } from '../../../conversations/index.ts';
import { formatDuration } from './format.ts';
import { displayName } from '../../../../lib/safe-display.ts';

export function VideoView({ attachment }: { attachment: Attachment }) {
  const { t } = useTranslation();
  const { width, height } = attachment;
  return (
    <video
      className="sb-media-video"
      src={attachment.url ?? undefined}
      controls
      preload="metadata"
      playsInline
      aria-label={t('media.video')}
      style={{ aspectRatio: width && height ? `${width} / ${height}` : undefined }}
      data-testid="media-video"
    />
  );
}

/** A GIF: Telegram turns most of them into silent MP4s, which loop like the GIF did. */
export function AnimationView({ attachment }: { attachment: Attachment }) {
  const { t } = useTranslation();
  if (attachment.mime_type === 'image/gif') {
    return (
      <img
        className="sb-media-video"
        src={attachment.url ?? undefined}
        alt={t('media.animation')}
        loading="lazy"
        data-testid="media-animation"
      />
    );
  }
  return (
    <video
      className="sb-media-video"
      src={attachment.url ?? undefined}
      autoPlay
      loop
      muted
      playsInline
      aria-label={t('media.animation')}
      data-testid="media-animation"
    />
  );
}

/** A round video message: a click (or Enter/Space) plays and pauses it, with sound. */
export function VideoNoteView({ attachment }: { attachment: Attachment }) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const [playing, setPlaying] = useState(false);
  const toggle = () => {
    const element = video.current;
    if (!element) return;
    if (element.paused) void element.play().catch(() => setPlaying(false));
    else element.pause();
  };
  return (
    <Group gap={8} align="flex-end" wrap="nowrap">
      <button
        type="button"
        className="sb-media-video-note"
        onClick={toggle}
        aria-label={playing ? t('media.pauseVideoNote') : t('media.playVideoNote')}
        aria-pressed={playing}
        data-testid="media-video-note"
      >
        <video
          ref={video}
          src={attachment.url ?? undefined}
          preload="metadata"
          playsInline
          onPlay={() => setPlaying(true)}
          onPause={() => setPlaying(false)}
          onEnded={() => setPlaying(false)}
        />
        {!playing && (
          <span className="sb-media-video-note-play" aria-hidden>
            ▶
          </span>
        )}
      </button>
      {attachment.duration ? (
        <Text size="xs" c="dimmed">
          {formatDuration(attachment.duration)}
        </Text>
      ) : null}
    </Group>
  );
}

/** Voice notes and music: the browser's player, with the length Telegram reported and, for music, its title. */
export function AudioView({ attachment, voice }: { attachment: Attachment; voice: boolean }) {
  const { t } = useTranslation();
  const label = voice ? t('media.voice') : displayName(attachment.title || attachment.file_name) || t('media.audio');
  return (
    <div data-testid={voice ? 'media-voice' : 'media-audio'} style={{ minWidth: 0 }}>
      <Group gap={6} mb={2} wrap="nowrap">
        <Text size="xs" fw={500} className="sb-ellipsis">
          {label}
        </Text>
        {attachment.duration ? (
          <Text size="xs" c="dimmed" data-testid="media-duration">
            {formatDuration(attachment.duration)}
          </Text>
        ) : null}
      </Group>
      <audio className="sb-media-audio" src={attachment.url ?? undefined} controls preload="metadata" aria-label={label} />
    </div>
  );
}
