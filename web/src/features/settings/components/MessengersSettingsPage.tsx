import { Alert, Loader, SimpleGrid } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { SettingsFrame } from '../../../components/SettingsFrame.tsx';
import { messengerOrder } from '../api/messengers.api.ts';
import { useMessengerSettings } from '../hooks/useMessengers.ts';
import { MessengerCard } from './MessengerCard.tsx';
import { errorText } from '../../../lib/errors.ts';

/** Settings → Messengers (seed 000): a card per messenger with its switch; Telegram's card manages the bots. */
export function MessengersSettingsPage() {
  const { t } = useTranslation();
  const settings = useMessengerSettings();
  const byType = new Map(settings.data?.map((item) => [item.type, item]));
  return (
    <SettingsFrame tab="messengers">
      {settings.isPending && <Loader aria-label={t('common.loading')} />}
      {settings.isError && (
        <Alert color="red" role="alert">
          {errorText(settings.error)}
        </Alert>
      )}
      {settings.data && (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          {[
            ...messengerOrder.map((type) => byType.get(type)).filter((item) => item !== undefined),
            // A messenger a new channel module brings comes after seed 000's cards, in the server's order.
            ...settings.data.filter((item) => !messengerOrder.includes(item.type)),
          ].map((item) => (
            <MessengerCard key={item.type} setting={item} />
          ))}
        </SimpleGrid>
      )}
    </SettingsFrame>
  );
}
