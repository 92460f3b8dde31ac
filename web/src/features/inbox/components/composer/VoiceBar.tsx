import { ActionIcon, Box, Button, Group, Loader, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { RetryIcon, SendIcon, TrashIcon } from '../../../../components/ui/icons.tsx';
import type { useVoiceNote } from '../../hooks/useVoiceNote.ts';
import { formatDuration } from '../media/format.ts';

type VoiceNote = ReturnType<typeof useVoiceNote>;

/** Takes the text field's place while a voice note is recorded, uploaded and sent. */
export function VoiceBar({ voice }: { voice: VoiceNote }) {
  const { t } = useTranslation();
  const { recorder, delivery } = voice;

  if (delivery?.phase === 'failed') {
    return (
      <Group gap="xs" wrap="nowrap" flex={1} mih={36} data-testid="voice-bar" data-phase="failed">
        <Text size="sm" c="red" role="alert" flex={1} dir="auto">
          {t('composer.voiceFailed', { reason: delivery.error })}
        </Text>
        <Button size="xs" variant="light" leftSection={<RetryIcon size={14} />} onClick={voice.retry}>
          {t('composer.voiceRetry')}
        </Button>
        <Button size="xs" variant="subtle" color="gray" onClick={voice.discard}>
          {t('composer.voiceDiscard')}
        </Button>
      </Group>
    );
  }

  if (delivery) {
    const percent = delivery.phase === 'uploading' ? Math.round(delivery.progress * 100) : 100;
    return (
      <Group gap="xs" wrap="nowrap" flex={1} mih={36} data-testid="voice-bar" data-phase={delivery.phase}>
        <Loader size="xs" aria-hidden />
        <Text size="sm" c="dimmed" role="status">
          {t('composer.voiceSending', { percent })}
        </Text>
      </Group>
    );
  }

  const starting = recorder.state.phase === 'starting';
  return (
    <Group gap="xs" wrap="nowrap" flex={1} mih={36} data-testid="voice-bar" data-phase={recorder.state.phase}>
      <Tooltip label={t('composer.voiceCancel')}>
        <ActionIcon variant="subtle" color="gray" size={36} radius="xl" onClick={recorder.cancel} aria-label={t('composer.voiceCancel')}>
          <TrashIcon />
        </ActionIcon>
      </Tooltip>
      <Box
        aria-hidden
        style={{
          width: 10,
          height: 10,
          borderRadius: '50%',
          background: 'var(--mantine-color-red-filled)',
          animation: starting ? undefined : 'sb-recording-pulse 1.2s ease-in-out infinite',
        }}
      />
      <Text size="sm" flex={1} data-testid="voice-elapsed" aria-live="off">
        {starting
          ? t('composer.voiceStarting')
          : t('composer.voiceRecording', { time: formatDuration(Math.floor(recorder.elapsedMs / 1000)) })}
      </Text>
      <style>{'@keyframes sb-recording-pulse { 0%, 100% { opacity: 1 } 50% { opacity: 0.25 } }'}</style>
      <Tooltip label={t('composer.voiceStopAndSend')}>
        <ActionIcon
          size={36}
          radius="xl"
          onClick={() => void voice.stopAndSend()}
          disabled={starting}
          aria-label={t('composer.voiceStopAndSend')}
        >
          <SendIcon size={18} />
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}
