import { Alert, Anchor, Avatar, Box, Button, Card, Center, Grid, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { Suspense, useState } from 'react';
import { useContactExtensions } from '../hooks/useContactExtensions.ts';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { BackIcon } from '../../../components/ui/icons.tsx';
import { ApiError } from '../../../lib/api.ts';
import { avatarColor, initials } from '../../../lib/avatar.ts';
import { useSession } from '../../auth/index.ts';
import { useContact } from '../hooks/useContacts.ts';
import { ContactConversations, ContactIdentities } from './ContactConversations.tsx';
import { ContactTimeline } from './ContactTimeline.tsx';
import { MergeDialog } from './MergeDialog.tsx';
import { MergeSuggestions } from './MergeSuggestions.tsx';
import { MessengerButtons } from './MessengerButtons.tsx';
import { ProfileForm } from './ProfileForm.tsx';
import { ProfileNameNote } from './ProfileNameNote.tsx';
import { displayName } from '../../../lib/safe-display.ts';
import { errorText } from '../../../lib/errors.ts';

/**
 * Seed 000's client page, one page per person: the profile, each bot's identity, the conversations and timeline,
 * messenger buttons, merging duplicates, and the sections apps add (the portal's access, tickets and invoices).
 */
export function ContactPage() {
  const { t } = useTranslation();
  const { contactId } = useParams();
  const contact = useContact(contactId);
  const isAdmin = useSession().data?.role === 'admin';
  // false: closed; true: open with a search; a number: open on that suggested duplicate.
  const [merging, setMerging] = useState<boolean | number>(false);
  const data = contact.data;
  const sections = useContactExtensions().flatMap((extension) =>
    extension.Section ? [{ app: extension.app, Section: extension.Section }] : [],
  );

  return (
    <Box p={{ base: 'sm', sm: 'xl' }} style={{ overflowY: 'auto' }} h="100%" component="main">
      <Stack gap="lg" maw={1100}>
        <Anchor component={Link} to="/contacts" size="sm">
          <Group gap={4}>
            <BackIcon size={16} />
            {t('contacts.back')}
          </Group>
        </Anchor>
        {contact.isPending && (
          <Center p="lg">
            <Loader aria-label={t('common.loading')} />
          </Center>
        )}
        {contact.isError && (
          <Alert color="red" role="alert">
            {contact.error instanceof ApiError && contact.error.status === 404 ? t('contacts.notFound') : errorText(contact.error)}
          </Alert>
        )}
        {data && (
          <>
            <Group gap="md" wrap="nowrap">
              <Avatar size={64} radius="xl" color={avatarColor(data.id)}>
                {initials(data.display_name)}
              </Avatar>
              <Box style={{ minWidth: 0 }}>
                <Title order={1} size="h2" className="sb-message-text" dir="auto" data-testid="contact-name">
                  {displayName(data.display_name) || `#${data.id}`}
                </Title>
                <ProfileNameNote contact={data} />
                <Text c="dimmed" size="sm">
                  {data.username ? `@${data.username}` : t('contacts.noUsername')}
                </Text>
              </Box>
            </Group>
            <Grid gap="lg">
              <Grid.Col span={{ base: 12, md: 7 }}>
                <Card withBorder padding="lg">
                  <Title order={2} size="h4" mb="sm">
                    {t('contacts.profile')}
                  </Title>
                  <ProfileForm key={data.id} contact={data} />
                </Card>
                <Card withBorder padding="lg" mt="lg">
                  <Title order={2} size="h4">
                    {t('contacts.timeline.title')}
                  </Title>
                  <Text size="xs" c="dimmed" mb="sm">
                    {t('contacts.timeline.hint')}
                  </Text>
                  <ContactTimeline key={data.id} contact={data} />
                </Card>
              </Grid.Col>
              <Grid.Col span={{ base: 12, md: 5 }}>
                <Stack gap="lg">
                  <Card withBorder padding="lg">
                    <Title order={2} size="h4" mb="sm">
                      {t('contacts.contactVia')}
                    </Title>
                    <MessengerButtons contact={data} />
                  </Card>
                  <Card withBorder padding="lg">
                    <Title order={2} size="h4" mb="sm">
                      {t('contacts.conversations')}
                    </Title>
                    <ContactConversations contact={data} />
                  </Card>
                  <Card withBorder padding="lg">
                    <Title order={2} size="h4">
                      {t('contacts.channels')}
                    </Title>
                    <Text size="xs" c="dimmed" mb="sm">
                      {t('contacts.channelsHint')}
                    </Text>
                    <ContactIdentities contact={data} />
                  </Card>
                  <Card withBorder padding="lg">
                    <Title order={2} size="h4">
                      {t('contacts.merge.section')}
                    </Title>
                    <Text size="xs" c="dimmed" mb="sm">
                      {isAdmin ? t('contacts.merge.hint') : t('contacts.merge.adminOnly')}
                    </Text>
                    <Text size="sm" fw={500} mb={4}>
                      {t('contacts.suggestions.title')}
                    </Text>
                    <Box mb="sm">
                      <MergeSuggestions contactId={data.id} canMerge={isAdmin} onMerge={(otherId) => setMerging(otherId)} />
                    </Box>
                    {isAdmin && (
                      <Button variant="default" onClick={() => setMerging(true)}>
                        {t('contacts.merge.open')}
                      </Button>
                    )}
                  </Card>
                </Stack>
              </Grid.Col>
            </Grid>
            {/* What apps know of this person (portal access, tickets, invoices), each in its own section. */}
            {sections.map(({ app, Section }) => (
              <Suspense
                key={app}
                fallback={
                  <Center p="lg">
                    <Loader aria-label={t('common.loading')} />
                  </Center>
                }
              >
                <Section contactId={data.id} />
              </Suspense>
            ))}
            {merging !== false && (
              <MergeDialog
                key={String(merging)}
                opened
                contact={data}
                initialOtherId={typeof merging === 'number' ? merging : undefined}
                onClose={() => setMerging(false)}
              />
            )}
          </>
        )}
      </Stack>
    </Box>
  );
}
