import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { RecorderProblem } from '../../hooks/useVoiceRecorder.ts';

/** Why the microphone could not be used, and what to do about it. */
export function RecorderProblemNotice({ problem, onClose }: { problem: RecorderProblem | null; onClose(): void }) {
  const { t } = useTranslation();
  if (!problem) return null;
  return (
    <Alert
      color="orange"
      variant="light"
      mb="xs"
      p="xs"
      withCloseButton
      closeButtonLabel={t('common.close')}
      onClose={onClose}
      role="alert"
      data-testid="recorder-problem"
    >
      {t(`composer.micProblem.${problem}`)}
    </Alert>
  );
}
