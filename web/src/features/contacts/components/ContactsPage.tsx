import {
  Alert,
  Anchor,
  Avatar,
  Badge,
  Box,
  Button,
  Center,
  CloseButton,
  Group,
  Loader,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ContactsIcon, MessengerMark, SearchIcon } from '../../../components/ui/icons.tsx';
import { avatarColor, initials } from '../../../lib/avatar.ts';
import { formatListTime } from '../../../lib/dates.ts';
import { useNow } from '../../../lib/use-now.ts';
import type { ContactListItem } from '../api/contacts.api.ts';
import { useSearchText } from '../../../lib/use-search-text.ts';
import { useContactList } from '../hooks/useContacts.ts';
import { displayName } from '../../../lib/safe-display.ts';
import { errorText } from '../../../lib/errors.ts';

function ContactRow({ contact, now, language }: { contact: ContactListItem; now: Date; language: string }) {
  const { t } = useTranslation();
  return (
    <Table.Tr data-testid="contact-row" data-contact-id={contact.id}>
      {/* Takes the room the other columns leave, and a long name ends with "…" instead of widening the table. */}
      <Table.Td style={{ width: '100%', maxWidth: 0 }}>
        <Group gap="sm" wrap="nowrap">
          <Avatar size={32} radius="xl" color={avatarColor(contact.id)}>
            {initials(contact.display_name)}
          </Avatar>
          <Box style={{ minWidth: 0 }}>
            <Anchor component={Link} to={`/contacts/${contact.id}`} fw={500} className="sb-ellipsis" dir="auto" display="block">
              {displayName(contact.display_name) || `#${contact.id}`}
            </Anchor>
            {/* On a phone the other columns are hidden: the essentials go under the name. */}
            <Text size="xs" c="dimmed" hiddenFrom="md" className="sb-ellipsis">
              {[contact.username && `@${contact.username}`, contact.phone].filter(Boolean).join(' · ')}
            </Text>
          </Box>
        </Group>
      </Table.Td>
      <Table.Td visibleFrom="md">
        {contact.username ? (
          `@${contact.username}`
        ) : (
          <Text span c="dimmed" size="sm">
            —
          </Text>
        )}
      </Table.Td>
      <Table.Td visibleFrom="md">
        {contact.phone ?? (
          <Text span c="dimmed" size="sm">
            —
          </Text>
        )}
      </Table.Td>
      <Table.Td visibleFrom="sm">
        <Group gap={4} wrap="nowrap">
          {contact.messengers.map((messenger) => (
            <span key={messenger} title={messenger} role="img" aria-label={messenger}>
              <MessengerMark type={messenger} />
            </span>
          ))}
        </Group>
      </Table.Td>
      <Table.Td visibleFrom="lg">
        <Group gap={4}>
          {contact.tags.map((tag) => (
            <Badge key={tag} variant="light" size="sm" tt="none">
              {tag}
            </Badge>
          ))}
        </Group>
      </Table.Td>
      <Table.Td>
        <Text size="sm" c={contact.last_activity_at ? undefined : 'dimmed'} style={{ whiteSpace: 'nowrap' }}>
          {contact.last_activity_at ? formatListTime(contact.last_activity_at, now, language) : t('contacts.never')}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}

/** Everyone who wrote to the bots: searchable by name, @username or phone (partial), paged by cursor. */
export function ContactsPage() {
  const { t, i18n } = useTranslation();
  const { q, text, setText } = useSearchText();
  const query = useContactList(q);
  const contacts = useMemo(() => query.data?.pages.flatMap((page) => page.results) ?? [], [query.data]);
  const now = useNow();

  return (
    <Box p={{ base: 'sm', sm: 'xl' }} style={{ overflowY: 'auto' }} h="100%" component="main">
      <Stack gap="lg" maw={1200}>
        <div>
          <Title order={1} size="h2">
            {t('contacts.title')}
          </Title>
          <Text c="dimmed" size="sm">
            {t('contacts.subtitle')}
          </Text>
        </div>
        <TextInput
          type="search"
          aria-label={t('contacts.searchLabel')}
          placeholder={t('contacts.searchPlaceholder')}
          leftSection={<SearchIcon size={16} />}
          rightSection={
            text ? (
              <CloseButton size="sm" aria-label={t('contacts.clearSearch')} onClick={() => setText('')} />
            ) : query.isFetching ? (
              <Loader size="xs" />
            ) : null
          }
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          maw={480}
        />
        {query.isPending && (
          <Center p="lg">
            <Loader aria-label={t('common.loading')} />
          </Center>
        )}
        {query.isError && (
          <Alert color="red" role="alert">
            {errorText(query.error)}
          </Alert>
        )}
        {query.isSuccess && contacts.length === 0 && (
          <Stack align="center" gap="xs" c="dimmed" p="xl" data-testid="contacts-empty">
            <ContactsIcon size={40} />
            <Text ta="center">{q ? t('contacts.noMatches', { q }) : t('contacts.noContacts')}</Text>
          </Stack>
        )}
        {contacts.length > 0 && (
          <Table.ScrollContainer minWidth={320}>
            <Table
              highlightOnHover
              verticalSpacing="xs"
              aria-label={t('contacts.listLabel')}
              style={{ opacity: query.isPlaceholderData ? 0.6 : 1 }}
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('contacts.columns.name')}</Table.Th>
                  <Table.Th visibleFrom="md">{t('contacts.columns.username')}</Table.Th>
                  <Table.Th visibleFrom="md">{t('contacts.columns.phone')}</Table.Th>
                  <Table.Th visibleFrom="sm">{t('contacts.columns.messengers')}</Table.Th>
                  <Table.Th visibleFrom="lg">{t('contacts.columns.tags')}</Table.Th>
                  <Table.Th>{t('contacts.columns.lastActivity')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {contacts.map((contact) => (
                  <ContactRow key={contact.id} contact={contact} now={now} language={i18n.language} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {query.hasNextPage && (
          <Group justify="center">
            <Button variant="default" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
              {t('contacts.loadMore')}
            </Button>
          </Group>
        )}
      </Stack>
    </Box>
  );
}
