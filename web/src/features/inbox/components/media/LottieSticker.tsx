// An animated Telegram sticker: a .tgs file is gzipped Lottie JSON. Its own chunk, with the player.
import type { AnimationItem } from 'lottie-web';
import lottie from 'lottie-web/build/player/lottie_light';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** The animation's JSON: gunzipped by the browser when it is gzip (every real .tgs), as-is otherwise. */
export async function readLottieJson(response: Response): Promise<unknown> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  const gzipped = bytes[0] === 0x1f && bytes[1] === 0x8b;
  const body = gzipped ? new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip')) : new Blob([bytes]).stream();
  return new Response(body).json();
}

export default function LottieSticker({ url, label, emoji }: { url: string; label: string; emoji: string }) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'loading' | 'playing' | 'failed'>('loading');

  useEffect(() => {
    const element = container.current;
    if (!element || !url) return;
    let animation: AnimationItem | undefined;
    let cancelled = false;
    const still = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    void (async () => {
      const response = await fetch(url, { credentials: 'same-origin' });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const animationData = await readLottieJson(response);
      if (cancelled) return;
      animation = lottie.loadAnimation({ container: element, renderer: 'svg', loop: true, autoplay: !still, animationData });
      setState('playing');
    })().catch(() => {
      if (!cancelled) setState('failed');
    });
    return () => {
      cancelled = true;
      animation?.destroy();
    };
  }, [url]);

  if (state === 'failed') {
    return (
      <div
        className="sb-media-sticker"
        role="img"
        aria-label={t('media.stickerFailed', { emoji })}
        data-testid="media-sticker"
        data-state="failed"
        style={{ display: 'flex', alignItems: 'center', justifyContent: 'center', fontSize: 64 }}
      >
        {emoji || '?'}
      </div>
    );
  }
  return (
    <div
      ref={container}
      className="sb-media-sticker"
      role="img"
      aria-label={label}
      data-testid="media-sticker"
      data-format="animated"
      data-state={state}
    />
  );
}
