import { useCallback, useEffect, useRef, useState } from 'react';

// Chromium and Firefox record Opus; the server turns WebM/Opus into the Ogg/Opus Telegram plays as a voice note.
const preferredTypes = ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/webm'];

export type RecorderProblem = 'unsupported' | 'denied' | 'no-microphone' | 'busy' | 'failed';

export interface Recording {
  blob: Blob;
  fileName: string;
  durationMs: number;
}

type State =
  { phase: 'idle' } | { phase: 'starting' } | { phase: 'recording'; startedAt: number } | { phase: 'problem'; problem: RecorderProblem };

function pickType(): string | undefined {
  return preferredTypes.find((type) => MediaRecorder.isTypeSupported(type));
}

export function canRecordVoice(): boolean {
  return (
    typeof window !== 'undefined' &&
    Boolean(navigator.mediaDevices?.getUserMedia) &&
    typeof MediaRecorder !== 'undefined' &&
    Boolean(pickType())
  );
}

function problemOf(error: unknown): RecorderProblem {
  const name = (error as DOMException | undefined)?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'no-microphone';
  if (name === 'NotReadableError' || name === 'AbortError') return 'busy';
  return 'failed';
}

/** Records the microphone with MediaRecorder; `stop()` resolves with the recording, `cancel()` throws it away. */
export function useVoiceRecorder() {
  const [state, setState] = useState<State>({ phase: 'idle' });
  const [elapsedMs, setElapsedMs] = useState(0);
  const recorder = useRef<MediaRecorder | null>(null);
  const stream = useRef<MediaStream | null>(null);
  const chunks = useRef<Blob[]>([]);
  const startedAt = useRef(0);

  const release = useCallback(() => {
    for (const track of stream.current?.getTracks() ?? []) track.stop();
    stream.current = null;
    recorder.current = null;
    chunks.current = [];
  }, []);

  const start = useCallback(async () => {
    if (!canRecordVoice()) return setState({ phase: 'problem', problem: 'unsupported' });
    setState({ phase: 'starting' });
    try {
      stream.current = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true } });
      const media = new MediaRecorder(stream.current, { mimeType: pickType(), audioBitsPerSecond: 32_000 });
      chunks.current = [];
      media.ondataavailable = (event) => {
        if (event.data.size > 0) chunks.current.push(event.data);
      };
      media.start(250);
      recorder.current = media;
      startedAt.current = Date.now();
      setElapsedMs(0);
      setState({ phase: 'recording', startedAt: startedAt.current });
    } catch (error) {
      release();
      setState({ phase: 'problem', problem: problemOf(error) });
    }
  }, [release]);

  const stop = useCallback(async (): Promise<Recording | null> => {
    const media = recorder.current;
    if (!media) return null;
    const stopped = new Promise<void>((resolve) => media.addEventListener('stop', () => resolve(), { once: true }));
    media.stop();
    await stopped;
    const type = media.mimeType || 'audio/webm';
    const blob = new Blob(chunks.current, { type });
    const durationMs = Date.now() - startedAt.current;
    release();
    setState({ phase: 'idle' });
    return {
      blob,
      durationMs,
      fileName: `voice-${new Date().toISOString().replace(/[:.]/g, '-')}.${type.includes('ogg') ? 'ogg' : 'webm'}`,
    };
  }, [release]);

  const cancel = useCallback(() => {
    recorder.current?.stop();
    release();
    setState({ phase: 'idle' });
  }, [release]);

  const dismissProblem = useCallback(() => setState({ phase: 'idle' }), []);

  useEffect(() => {
    if (state.phase !== 'recording') return;
    const timer = setInterval(() => setElapsedMs(Date.now() - state.startedAt), 250);
    return () => clearInterval(timer);
  }, [state]);

  // Leaving the conversation mid-recording turns the microphone off.
  useEffect(() => () => cancelOnUnmount(recorder, stream), []);

  return { state, elapsedMs, start, stop, cancel, dismissProblem };
}

function cancelOnUnmount(recorder: { current: MediaRecorder | null }, stream: { current: MediaStream | null }) {
  if (recorder.current?.state === 'recording') recorder.current.stop();
  for (const track of stream.current?.getTracks() ?? []) track.stop();
}
