import { ActionIcon, Button, Popover, Stack, Switch, Text, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BellIcon } from '../../../components/ui/icons.tsx';
import { errorText } from '../../../lib/errors.ts';
import './alerts.locales.ts';
import { useChangeNotificationSettings, useNotificationSettings } from '../hooks/message-alerts.ts';

type Permission = NotificationPermission | 'unsupported';

const currentPermission = (): Permission => (typeof Notification === 'undefined' ? 'unsupported' : Notification.permission);

/** The bell beside the search: which new messages alert this operator, the sound, and the browser's permission. */
export function AlertSettings() {
  const { t } = useTranslation();
  const settings = useNotificationSettings();
  const change = useChangeNotificationSettings();
  const [permission, setPermission] = useState<Permission>(currentPermission);
  const value = settings.data;
  return (
    <Popover position="bottom-end" withinPortal shadow="md" width={280} onOpen={() => setPermission(currentPermission())}>
      <Popover.Target>
        <Tooltip label={t('operatorAlerts.button')}>
          <ActionIcon variant="default" size="input-sm" aria-label={t('operatorAlerts.button')} data-testid="alert-settings">
            <BellIcon size={16} />
          </ActionIcon>
        </Tooltip>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="sm">
          <Text size="sm" fw={600}>
            {t('operatorAlerts.title')}
          </Text>
          {value && (
            <>
              <Switch
                label={t('operatorAlerts.mine')}
                checked={value.mine}
                onChange={(event) => change.mutate({ mine: event.currentTarget.checked })}
              />
              <Switch
                label={t('operatorAlerts.queue')}
                checked={value.queue}
                onChange={(event) => change.mutate({ queue: event.currentTarget.checked })}
              />
              <Switch
                label={t('operatorAlerts.mentions')}
                checked={value.mentions}
                onChange={(event) => change.mutate({ mentions: event.currentTarget.checked })}
              />
              <Switch
                label={t('operatorAlerts.sound')}
                checked={value.sound}
                onChange={(event) => change.mutate({ sound: event.currentTarget.checked })}
              />
            </>
          )}
          {change.error && (
            <Text size="xs" c="red" role="alert">
              {errorText(change.error)}
            </Text>
          )}
          {permission === 'default' && (
            <Button size="xs" variant="light" onClick={() => void Notification.requestPermission().then(setPermission)}>
              {t('operatorAlerts.allow')}
            </Button>
          )}
          {permission !== 'default' && (
            <Text size="xs" c={permission === 'granted' ? 'dimmed' : 'orange'} data-testid="alert-permission">
              {t(`operatorAlerts.${permission === 'granted' ? 'allowed' : permission}`)}
            </Text>
          )}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
