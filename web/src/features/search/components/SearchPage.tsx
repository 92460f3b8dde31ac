import {
  Alert,
  Anchor,
  Avatar,
  Badge,
  Box,
  Card,
  CloseButton,
  Grid,
  Group,
  Loader,
  Mark,
  Stack,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { SearchIcon } from '../../../components/ui/icons.tsx';
import { avatarColor, initials } from '../../../lib/avatar.ts';
import { formatDateTime } from '../../../lib/dates.ts';
import type { Contact } from '@switchboard/contract';
import { searchLimit, type SearchMessage } from '../api/search.api.ts';
import { highlightParts, searchTerms, snippetAround } from '../highlight.ts';
import { messageLink } from '../../inbox/index.ts';
import { useSearch } from '../hooks/useSearch.ts';
import { useSearchText } from '../../../lib/use-search-text.ts';
import { displayName } from '../../../lib/safe-display.ts';
import { errorText } from '../../../lib/errors.ts';

function Highlighted({ text, terms }: { text: string; terms: string[] }) {
  return (
    <>
      {highlightParts(text, terms).map((part, index) =>
        part.match ? (
          <Mark key={index} color="yellow">
            {part.text}
          </Mark>
        ) : (
          <span key={index}>{part.text}</span>
        ),
      )}
    </>
  );
}

function MessageResult({ message, terms }: { message: SearchMessage; terms: string[] }) {
  const { t, i18n } = useTranslation();
  return (
    <UnstyledButton
      component={Link}
      to={messageLink(message.chat_id, message.id)}
      p="sm"
      className="sb-search-result"
      style={{ display: 'block', borderRadius: 8, border: '1px solid var(--mantine-color-default-border)' }}
      data-testid="search-message"
      data-chat-id={message.chat_id}
      data-message-id={message.id}
    >
      <Group justify="space-between" gap="xs" wrap="nowrap" mb={4}>
        <Text size="sm" fw={600} className="sb-ellipsis" dir="auto">
          {/* A private chat has no title of its own: the customer's name stands for it, as in the inbox. */}
          {message.chat_title || (message.direction === 'in' && message.sender_name) || `#${message.chat_id}`}
        </Text>
        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {formatDateTime(message.created_at, i18n.language)}
        </Text>
      </Group>
      <Text size="sm" className="sb-message-text" dir="auto" data-testid="search-snippet">
        <Highlighted text={snippetAround(message.text ?? '', terms)} terms={terms} />
      </Text>
      <Text size="xs" c="dimmed" mt={4}>
        {message.direction === 'in' ? t('contacts.search.fromContact') : message.sender_name || t('contacts.search.fromTeam')}
      </Text>
    </UnstyledButton>
  );
}

function ContactResult({ contact, terms }: { contact: Contact; terms: string[] }) {
  const tags = contact.tags ?? [];
  return (
    <Group gap="sm" wrap="nowrap" p="xs" data-testid="search-contact">
      <Avatar size={32} radius="xl" color={avatarColor(contact.id)}>
        {initials(contact.display_name ?? '')}
      </Avatar>
      <Box style={{ minWidth: 0 }}>
        <Anchor component={Link} to={`/contacts/${contact.id}`} size="sm" fw={500} className="sb-ellipsis" dir="auto" display="block">
          <Highlighted text={displayName(contact.display_name) || `#${contact.id}`} terms={terms} />
        </Anchor>
        <Text size="xs" c="dimmed" className="sb-ellipsis">
          <Highlighted text={[contact.username && `@${contact.username}`, contact.phone].filter(Boolean).join(' · ')} terms={terms} />
        </Text>
        {tags.length > 0 && (
          <Group gap={4} mt={2}>
            {tags.map((tag) => (
              <Badge key={tag} size="xs" variant="light" tt="none">
                {tag}
              </Badge>
            ))}
          </Group>
        )}
      </Box>
    </Group>
  );
}

/**
 * One box over every message and contact the viewer may see. The text is kept in ?q= so a link,
 * a reload and the back button from a result bring the same results back.
 */
export function SearchPage() {
  const { t } = useTranslation();
  const { q, text, setText } = useSearchText();
  const results = useSearch(q);
  const terms = useMemo(() => searchTerms(q), [q]);
  const data = q.trim() ? results.data : undefined;
  const nothing = data && !results.isPlaceholderData && data.messages.length === 0 && data.contacts.length === 0;

  return (
    <Box p={{ base: 'sm', sm: 'xl' }} style={{ overflowY: 'auto' }} h="100%" component="main">
      <Stack gap="lg" maw={1200}>
        <div>
          <Title order={1} size="h2">
            {t('contacts.search.title')}
          </Title>
          <Text c="dimmed" size="sm">
            {t('contacts.search.hint')}
          </Text>
        </div>
        <TextInput
          type="search"
          size="md"
          aria-label={t('contacts.search.label')}
          placeholder={t('contacts.search.placeholder')}
          leftSection={<SearchIcon size={18} />}
          rightSection={
            results.isFetching ? (
              <Loader size="xs" aria-label={t('common.loading')} />
            ) : text ? (
              <CloseButton aria-label={t('contacts.clearSearch')} onClick={() => setText('')} />
            ) : null
          }
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          maxLength={200}
          autoFocus
          maw={640}
        />
        {!q.trim() && <Text c="dimmed">{t('contacts.search.typeMore')}</Text>}
        {results.isError && q.trim() && (
          <Alert color="red" role="alert">
            {errorText(results.error)}
          </Alert>
        )}
        {nothing && (
          <Text c="dimmed" role="status" data-testid="search-nothing">
            {t('contacts.search.noResults', { q })}
          </Text>
        )}
        {data && !nothing && (
          <Grid gap="lg" style={{ opacity: results.isPlaceholderData ? 0.6 : 1 }} aria-busy={results.isFetching}>
            <Grid.Col span={{ base: 12, md: 8 }}>
              <Stack gap="xs" component="section" aria-label={t('contacts.search.messages')} data-testid="search-messages">
                <Title order={2} size="h4">
                  {t('contacts.search.messages')} <Badge variant="light">{data.messages.length}</Badge>
                </Title>
                {data.messages.length === 0 && (
                  <Text size="sm" c="dimmed">
                    {t('contacts.search.noMessages')}
                  </Text>
                )}
                {data.messages.map((message) => (
                  <MessageResult key={message.id} message={message} terms={terms} />
                ))}
                {data.messages.length >= searchLimit && (
                  <Text size="xs" c="dimmed">
                    {t('contacts.search.moreMayExist', { count: searchLimit })}
                  </Text>
                )}
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 4 }}>
              <Card withBorder padding="sm" component="section" aria-label={t('contacts.search.contacts')} data-testid="search-contacts">
                <Title order={2} size="h4" mb="xs">
                  {t('contacts.search.contacts')} <Badge variant="light">{data.contacts.length}</Badge>
                </Title>
                {data.contacts.length === 0 && (
                  <Text size="sm" c="dimmed">
                    {t('contacts.search.noContacts')}
                  </Text>
                )}
                {data.contacts.map((contact) => (
                  <ContactResult key={contact.id} contact={contact} terms={terms} />
                ))}
              </Card>
            </Grid.Col>
          </Grid>
        )}
      </Stack>
    </Box>
  );
}
