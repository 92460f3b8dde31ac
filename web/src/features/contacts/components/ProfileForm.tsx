import { Alert, Button, Group, Stack, TagsInput, Text, TextInput, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContactProfile, ProfileChanges } from '../api/contacts.api.ts';
import { fieldErrorsFrom, phoneProblem, type ProfileField } from '../api/profile-rules.ts';
import { useUpdateContact } from '../hooks/useContacts.ts';

/** Name, phone, tags and notes with one Save; errors sit beside their field and the typed text stays. */
export function ProfileForm({ contact }: { contact: ContactProfile }) {
  const { t } = useTranslation();
  const [name, setName] = useState(contact.display_name);
  const [phone, setPhone] = useState(contact.phone ?? '');
  const [tags, setTags] = useState(contact.tags);
  const [notes, setNotes] = useState(contact.notes);
  const [touched, setTouched] = useState<Partial<Record<ProfileField, boolean>>>({});
  const [saved, setSaved] = useState(false);
  const update = useUpdateContact(contact.id);

  const local: Partial<Record<ProfileField, string>> = {};
  if (!name.trim()) local.display_name = t('contacts.errors.nameEmpty');
  const phoneKey = phoneProblem(phone);
  if (phoneKey) local.phone = t(phoneKey);
  if (tags.some((tag) => tag.trim().length > 50)) local.tags = t('contacts.errors.tagTooLong');
  const server = fieldErrorsFrom(update.error);
  const errorOf = (field: ProfileField) => (touched[field] ? (local[field] ?? server.fields[field]) : server.fields[field]);

  const changes: ProfileChanges = {};
  if (name.trim() !== contact.display_name) changes.display_name = name.trim();
  if (phone.trim() !== (contact.phone ?? '')) changes.phone = phone.trim();
  if (tags.join('\n') !== contact.tags.join('\n')) changes.tags = tags;
  if (notes !== contact.notes) changes.notes = notes;
  const dirty = Object.keys(changes).length > 0;

  const touch = (field: ProfileField) => setTouched((current) => ({ ...current, [field]: true }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched({ display_name: true, phone: true, tags: true, notes: true });
    if (Object.keys(local).length > 0 || !dirty) return;
    update.mutate(changes, {
      onSuccess: (profile) => {
        // The server normalises (trimmed, de-duplicated tags); show what it kept.
        setName(profile.display_name);
        setPhone(profile.phone ?? '');
        setTags(profile.tags);
        setNotes(profile.notes);
        setSaved(true);
      },
    });
  };
  const edited = () => {
    setSaved(false);
    if (update.isError) update.reset();
  };

  return (
    <form onSubmit={submit} aria-label={t('contacts.profile')} noValidate>
      <Stack gap="sm">
        <TextInput
          label={t('contacts.name')}
          value={name}
          onChange={(event) => {
            setName(event.currentTarget.value);
            edited();
          }}
          onBlur={() => touch('display_name')}
          error={errorOf('display_name')}
          maxLength={200}
          required
        />
        <TextInput
          label={t('contacts.phone')}
          description={t('contacts.phoneHint')}
          value={phone}
          type="tel"
          inputMode="tel"
          autoComplete="off"
          onChange={(event) => {
            setPhone(event.currentTarget.value);
            edited();
          }}
          onBlur={() => touch('phone')}
          error={errorOf('phone')}
          maxLength={40}
        />
        <TagsInput
          label={t('contacts.tags')}
          placeholder={t('contacts.tagsPlaceholder')}
          value={tags}
          onChange={(value) => {
            setTags(value);
            touch('tags');
            edited();
          }}
          error={errorOf('tags')}
          maxTags={50}
          clearable
          splitChars={[',']}
          data-testid="contact-tags"
        />
        <Textarea
          label={t('contacts.notes')}
          placeholder={t('contacts.notesPlaceholder')}
          value={notes}
          onChange={(event) => {
            setNotes(event.currentTarget.value);
            edited();
          }}
          error={errorOf('notes')}
          autosize
          minRows={3}
          maxRows={12}
          maxLength={10_000}
          dir="auto"
        />
        {server.general && (
          <Alert color="red" role="alert">
            {t('contacts.saveFailed', { message: server.general })}
          </Alert>
        )}
        <Group gap="sm">
          <Button type="submit" loading={update.isPending} disabled={!dirty}>
            {t('contacts.save')}
          </Button>
          {saved && !dirty && (
            <Text size="sm" c="green" role="status" data-testid="profile-saved">
              {t('contacts.saved')}
            </Text>
          )}
        </Group>
      </Stack>
    </form>
  );
}
