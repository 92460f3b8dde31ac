import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ContactProfile } from '../api/contacts.api.ts';

/** Beside a name staff gave a contact: the name the person goes by in their messenger, when it differs. */
export function ProfileNameNote({ contact, ta }: { contact: ContactProfile | undefined; ta?: 'center' }) {
  const { t } = useTranslation();
  if (!contact?.name_set_by_staff || !contact.profile_name || contact.profile_name === contact.display_name) return null;
  return (
    <Text size="xs" c="dimmed" ta={ta} dir="auto" data-testid="profile-name">
      {t('contact.profileName', { name: contact.profile_name })}
    </Text>
  );
}
