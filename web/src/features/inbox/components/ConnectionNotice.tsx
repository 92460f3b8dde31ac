import { Alert, Button, Group, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRealtime } from '../hooks/realtime-context.ts';

/** Says when live updates stopped, and when the page caught up again after a drop. */
export function ConnectionNotice() {
  const { t } = useTranslation();
  const { state, recoveredAt, reconnectNow } = useRealtime();
  const [showLost, setShowLost] = useState(false);

  useEffect(() => {
    if (state !== 'reconnecting') return;
    // A blip shorter than a second and a half is not worth a banner.
    const timer = setTimeout(() => setShowLost(true), 1500);
    return () => {
      clearTimeout(timer);
      setShowLost(false);
    };
  }, [state]);

  if (showLost && state === 'reconnecting') {
    return (
      <Alert color="yellow" variant="light" radius={0} py={6} role="status" data-testid="connection-lost">
        <Group justify="space-between" wrap="nowrap">
          <Text size="sm">{t('realtime.lost')}</Text>
          <Button size="compact-xs" variant="subtle" onClick={reconnectNow}>
            {t('realtime.retryNow')}
          </Button>
        </Group>
      </Alert>
    );
  }
  if (recoveredAt !== null && state === 'open') {
    return (
      <Alert color="green" variant="light" radius={0} py={6} role="status" data-testid="connection-recovered">
        <Text size="sm">{t('realtime.recovered')}</Text>
      </Alert>
    );
  }
  return null;
}
