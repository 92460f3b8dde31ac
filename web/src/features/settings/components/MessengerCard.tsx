import { Badge, Card, Group, Stack, Switch, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { MessengerMark } from '../../../components/ui/icons.tsx';
import { messengersKeys, updateMessengerSetting, type MessengerSetting } from '../api/messengers.api.ts';
import { TelegramBots } from './TelegramBots.tsx';
import { useChannelKinds } from '../../channels/index.ts';
import { ConnectedAccounts } from './ConnectedAccounts.tsx';

export function MessengerCard({ setting }: { setting: MessengerSetting }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const toggle = useMutation({
    mutationFn: (isEnabled: boolean) => updateMessengerSetting(setting.type, { is_enabled: isEnabled }),
    onMutate: (isEnabled) => {
      queryClient.setQueryData<MessengerSetting[]>(messengersKeys.settings, (list) =>
        list?.map((item) => (item.type === setting.type ? { ...item, is_enabled: isEnabled } : item)),
      );
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['messengers'] }),
  });
  const available = setting.is_available;
  // The kinds of this messenger connected with one form (GET /api/channels/kinds): their accounts and the connect button.
  const connectable = (useChannelKinds().data ?? []).filter((kind) => kind.messenger === setting.type && kind.connect_form);
  return (
    <Card
      withBorder
      padding="lg"
      radius="md"
      data-testid={`messenger-card-${setting.type}`}
      component="section"
      aria-labelledby={`messenger-${setting.type}`}
    >
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Group gap="sm" wrap="nowrap">
            <MessengerMark type={setting.type} size={32} />
            <div>
              <Text fw={600} id={`messenger-${setting.type}`}>
                {setting.name}
              </Text>
              {!available ? (
                <Badge color="gray" variant="light" size="sm">
                  {t('messengers.notBuilt')}
                </Badge>
              ) : setting.is_enabled ? (
                <Badge color="green" variant="light" size="sm">
                  {t('messengers.on')}
                </Badge>
              ) : (
                <Badge color="gray" variant="light" size="sm">
                  {t('messengers.off')}
                </Badge>
              )}
            </div>
          </Group>
          <Switch
            size="md"
            checked={setting.is_enabled}
            disabled={!available || toggle.isPending}
            onChange={(event) => toggle.mutate(event.currentTarget.checked)}
            aria-label={t('messengers.switchLabel', { name: setting.name })}
            data-testid={`messenger-switch-${setting.type}`}
          />
        </Group>
        <Text size="sm" c="dimmed">
          {t(`messengers.description.${setting.type}`, { defaultValue: '' })}
        </Text>
        {setting.type === 'telegram' && <TelegramBots setting={setting} />}
        {connectable.map((kind) => (
          <ConnectedAccounts key={kind.kind} kind={kind} />
        ))}
      </Stack>
    </Card>
  );
}
