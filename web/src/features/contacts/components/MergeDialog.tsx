import { Alert, Avatar, Button, Group, List, Loader, Modal, SegmentedControl, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { SearchIcon } from '../../../components/ui/icons.tsx';
import { avatarColor, initials } from '../../../lib/avatar.ts';
import type { ContactDetails } from '../api/contacts.api.ts';
import { useContact, useContactList, useMergeContacts } from '../hooks/useContacts.ts';
import { errorText } from '../../../lib/errors.ts';

const nameOf = (contact: Pick<ContactDetails, 'display_name' | 'id'>) => contact.display_name || `#${contact.id}`;

/** What a merge of `from` into `to` moves and keeps, computed from both profiles before anything changes. */
function MergePreview({ from, to }: { from: ContactDetails; to: ContactDetails }) {
  const { t } = useTranslation();
  const tags = [...new Set([...to.tags, ...from.tags])];
  const phone = to.phone ?? from.phone;
  return (
    <Stack gap={4} data-testid="merge-preview">
      <Text size="sm" fw={500}>
        {t('contacts.merge.preview')}
      </Text>
      <List size="sm" spacing={2}>
        <List.Item>
          {t('contacts.merge.moves', {
            conversations: from.conversations.length,
            identities: from.identities.length,
            from: nameOf(from),
            to: nameOf(to),
          })}
        </List.Item>
        {from.conversations.map((conversation) => (
          <List.Item key={conversation.id} ml="md">
            {conversation.title || nameOf(from)} ·{' '}
            {conversation.channel.username ? `@${conversation.channel.username}` : conversation.channel.name}
          </List.Item>
        ))}
        {tags.length > 0 && <List.Item>{t('contacts.merge.tagsJoin', { tags: tags.join(', ') })}</List.Item>}
        {from.notes && to.notes && <List.Item>{t('contacts.merge.notesJoin')}</List.Item>}
        {phone && <List.Item>{t('contacts.merge.phoneKept', { phone })}</List.Item>}
      </List>
      <Alert color="orange" p="xs">
        {t('contacts.merge.deleted', { name: nameOf(from) })}
      </Alert>
    </Stack>
  );
}

/** Pick the duplicate (search), choose which one stays, see what moves, confirm; then go to the kept contact. */
export function MergeDialog({
  contact,
  opened,
  onClose,
  initialOtherId,
}: {
  contact: ContactDetails;
  opened: boolean;
  onClose(): void;
  /** A suggested duplicate to start from. */
  initialOtherId?: number;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text, 300);
  const [otherId, setOtherId] = useState<number | null>(initialOtherId ?? null);
  const [keep, setKeep] = useState<'this' | 'other'>('this');
  const candidates = useContactList(q);
  const other = useContact(otherId ?? undefined);
  const merge = useMergeContacts();
  const options = (candidates.data?.pages.flatMap((page) => page.results) ?? []).filter((item) => item.id !== contact.id).slice(0, 8);

  const [kept, dropped] = keep === 'this' || !other.data ? [contact, other.data] : [other.data, contact];
  const confirm = () => {
    if (!dropped) return;
    merge.mutate(
      { keepId: kept.id, duplicateId: dropped.id },
      {
        onSuccess: (result) => {
          notifications.show({ color: 'green', message: t('contacts.merge.merged', { name: nameOf(result) }) });
          onClose();
          void navigate(`/contacts/${result.id}`, { replace: kept.id !== contact.id });
        },
      },
    );
  };

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('contacts.merge.title')}
      size="lg"
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <Stack gap="sm">
        <TextInput
          label={t('contacts.merge.pick')}
          placeholder={t('contacts.merge.pickPlaceholder')}
          leftSection={<SearchIcon size={16} />}
          rightSection={candidates.isFetching ? <Loader size="xs" /> : null}
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          data-autofocus
        />
        <Stack gap={2} role="listbox" aria-label={t('contacts.merge.pick')} data-testid="merge-candidates">
          {candidates.isSuccess && options.length === 0 && (
            <Text size="sm" c="dimmed">
              {t('contacts.merge.noCandidates')}
            </Text>
          )}
          {options.map((option) => (
            <UnstyledButton
              key={option.id}
              role="option"
              aria-selected={option.id === otherId}
              onClick={() => {
                setOtherId(option.id);
                merge.reset();
              }}
              p={6}
              style={{ borderRadius: 6, background: option.id === otherId ? 'var(--mantine-primary-color-light)' : undefined }}
              data-testid="merge-candidate"
            >
              <Group gap="sm" wrap="nowrap">
                <Avatar size={28} radius="xl" color={avatarColor(option.id)}>
                  {initials(option.display_name)}
                </Avatar>
                <Text size="sm" className="sb-ellipsis" dir="auto">
                  {nameOf(option)}
                  <Text span c="dimmed" size="xs">
                    {[option.username && ` @${option.username}`, option.phone && ` · ${option.phone}`, ` · #${option.id}`]
                      .filter(Boolean)
                      .join('')}
                  </Text>
                </Text>
              </Group>
            </UnstyledButton>
          ))}
        </Stack>
        {otherId !== null && other.isPending && <Loader size="sm" aria-label={t('common.loading')} />}
        {other.data && dropped && (
          <>
            <div>
              <Text size="sm" fw={500} mb={4} id="merge-keep-label">
                {t('contacts.merge.keep')}
              </Text>
              <SegmentedControl
                fullWidth
                aria-labelledby="merge-keep-label"
                value={keep}
                onChange={(value) => {
                  setKeep(value);
                  merge.reset();
                }}
                data={[
                  { value: 'this', label: t('contacts.merge.keepThis', { name: `${nameOf(contact)} (#${contact.id})` }) },
                  { value: 'other', label: t('contacts.merge.keepThis', { name: `${nameOf(other.data)} (#${other.data.id})` }) },
                ]}
              />
            </div>
            <MergePreview from={dropped} to={kept} />
          </>
        )}
        {merge.isError && (
          <Alert color="red" role="alert">
            {errorText(merge.error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button color="red" disabled={!dropped} loading={merge.isPending} onClick={confirm}>
            {t('contacts.merge.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
