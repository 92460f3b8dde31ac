// Contacts that are probably the same person as this one (a shared phone number, an operator's link), each
// opening the merge dialog on it (admins merge).
import { Anchor, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { displayName } from '../../../lib/safe-display.ts';
import { useMergeSuggestions } from '../hooks/useContacts.ts';

export function MergeSuggestions({
  contactId,
  canMerge,
  onMerge,
}: {
  contactId: number;
  canMerge: boolean;
  onMerge(otherId: number): void;
}) {
  const { t } = useTranslation();
  const suggestions = useMergeSuggestions(contactId);
  const results = suggestions.data?.results ?? [];
  if (suggestions.isSuccess && results.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('contacts.suggestions.none')}
      </Text>
    );
  return (
    <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} data-testid="merge-suggestions">
      {results.map(({ contact, reasons }) => (
        <Group key={contact.id} component="li" justify="space-between" wrap="nowrap" gap="xs">
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Anchor component={Link} to={`/contacts/${contact.id}`} size="sm" className="sb-message-text" dir="auto">
              {displayName(contact.display_name) || `#${contact.id}`}
            </Anchor>
            <Group gap={4}>
              {reasons.map((reason) => (
                <Badge key={reason} size="xs" variant="light" tt="none">
                  {t(`contacts.suggestions.${reason}`)}
                </Badge>
              ))}
              {contact.phone && (
                <Text size="xs" c="dimmed">
                  {contact.phone}
                </Text>
              )}
            </Group>
          </Stack>
          {canMerge && (
            <Button size="xs" variant="default" onClick={() => onMerge(contact.id)}>
              {t('contacts.suggestions.review')}
            </Button>
          )}
        </Group>
      ))}
    </Stack>
  );
}
