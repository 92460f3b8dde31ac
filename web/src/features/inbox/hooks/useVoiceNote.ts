import { useCallback, useState } from 'react';
import { errorText } from '../../../lib/errors.ts';
import { uploadFile } from '../api/composer.api.ts';
import { useVoiceRecorder, type Recording } from './useVoiceRecorder.ts';

export type VoiceDelivery =
  | { phase: 'uploading'; progress: number; recording: Recording }
  | { phase: 'sending'; recording: Recording }
  | { phase: 'failed'; error: string; recording: Recording };

/**
 * Record → upload → send as a voice note. A failed upload or send keeps the recording, so the
 * operator can try again instead of recording it twice.
 */
export function useVoiceNote(sendFile: (filePath: string) => Promise<unknown>) {
  const recorder = useVoiceRecorder();
  const [delivery, setDelivery] = useState<VoiceDelivery | null>(null);

  const deliver = useCallback(
    async (recording: Recording) => {
      setDelivery({ phase: 'uploading', progress: 0, recording });
      try {
        const uploaded = await uploadFile(recording.blob, recording.fileName, {
          onProgress: (progress) => setDelivery({ phase: 'uploading', progress, recording }),
        });
        setDelivery({ phase: 'sending', recording });
        await sendFile(uploaded.file_path);
        setDelivery(null);
      } catch (error) {
        setDelivery({ phase: 'failed', error: errorText(error), recording });
      }
    },
    [sendFile],
  );

  const stopAndSend = useCallback(async () => {
    const recording = await recorder.stop();
    if (recording) await deliver(recording);
  }, [recorder, deliver]);

  return {
    recorder,
    delivery,
    stopAndSend,
    retry: () => delivery && void deliver(delivery.recording),
    discard: () => setDelivery(null),
    /** Recording or delivering: the voice bar takes the text field's place. */
    active: recorder.state.phase === 'recording' || recorder.state.phase === 'starting' || delivery !== null,
  };
}
