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
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useIsFetching } from '@tanstack/react-query';
import { Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { ContactMark } from '../contact-extensions.ts';
import { useContactExtensions, useContactMarks } from '../hooks/useContactExtensions.ts';
import { ContactsIcon, MessengerMark, SearchIcon } from '../../../components/ui/icons.tsx';
import { avatarColor, initials } from '../../../lib/avatar.ts';
import { formatListTime } from '../../../lib/dates.ts';
import { useNow } from '../../../lib/use-now.ts';
import type { ContactListItem } from '../api/contacts.api.ts';
import { useSearchText } from '../../../lib/use-search-text.ts';
import { useContactList } from '../hooks/useContacts.ts';
import { displayName } from '../../../lib/safe-display.ts';
import { errorText } from '../../../lib/errors.ts';

function ContactRow({ contact, now, language, marks }: { contact: ContactListItem; now: Date; language: string; marks?: ContactMark[] }) {
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
            {marks && (
              <Group gap={4} wrap="wrap">
                {marks.map((mark) => (
                  <Badge key={mark.labelKey} color={mark.color} variant="light" size="xs" maw="100%" data-testid="contact-mark">
                    {t(mark.labelKey)}
                  </Badge>
                ))}
              </Group>
            )}
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

/**
 * The one list of people: everyone who wrote to the bots and everyone an app added (a portal client), searchable by
 * name, @username or phone (partial), paged by cursor; apps add marks beside names and filters (`?show=`).
 */
export function ContactsPage() {
  const { t } = useTranslation();
  const { q, text, setText } = useSearchText();
  const [params, setParams] = useSearchParams();
  // The spinner in the search box: the list (of everyone or a filter's) is loading what was typed.
  const fetching = useIsFetching();
  const filters = useContactExtensions().flatMap((extension) => (extension.filter ? [extension.filter] : []));
  const filter = filters.find((candidate) => candidate.key === params.get('show'));
  const showFilter = (key: string) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (key === 'all') next.delete('show');
        else next.set('show', key);
        return next;
      },
      { replace: true },
    );

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
            ) : fetching > 0 ? (
              <Loader size="xs" />
            ) : null
          }
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          maw={480}
        />
        {filters.length > 0 && (
          <SegmentedControl
            aria-label={t('contacts.show')}
            value={filter?.key ?? 'all'}
            onChange={showFilter}
            data={[
              { value: 'all', label: t('contacts.everyone') },
              ...filters.map((item) => ({ value: item.key, label: t(item.labelKey) })),
            ]}
            style={{ alignSelf: 'flex-start' }}
          />
        )}
        {filter ? (
          <Suspense
            fallback={
              <Center p="lg">
                <Loader aria-label={t('common.loading')} />
              </Center>
            }
          >
            <filter.List q={q} />
          </Suspense>
        ) : (
          <Everyone q={q} />
        )}
      </Stack>
    </Box>
  );
}

function Everyone({ q }: { q: string }) {
  const { t, i18n } = useTranslation();
  const query = useContactList(q);
  const contacts = useMemo(() => query.data?.pages.flatMap((page) => page.results) ?? [], [query.data]);
  const marks = useContactMarks(useMemo(() => contacts.map((contact) => contact.id), [contacts]));
  const now = useNow();
  return (
    <>
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
                <ContactRow key={contact.id} contact={contact} now={now} language={i18n.language} marks={marks.get(contact.id)} />
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
    </>
  );
}
