import { Alert, Stack, TagsInput, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContactProfile } from '../api/contacts.api.ts';
import { fieldErrorsFrom } from '../api/profile-rules.ts';
import { useUpdateContact } from '../hooks/useContacts.ts';

/** Tags and notes edited in place (the inbox's contact panel): tags save as they change, notes when the field is left. */
export function ContactNotesEditor({ contact }: { contact: ContactProfile }) {
  const { t } = useTranslation();
  const [tags, setTags] = useState(contact.tags);
  const [notes, setNotes] = useState(contact.notes);
  const [saved, setSaved] = useState<'tags' | 'notes' | null>(null);
  const update = useUpdateContact(contact.id);
  const errors = fieldErrorsFrom(update.error);

  const saveTags = (value: string[]) => {
    setTags(value);
    setSaved(null);
    update.mutate(
      { tags: value },
      {
        onSuccess: (profile) => {
          setTags(profile.tags);
          setSaved('tags');
        },
      },
    );
  };
  const saveNotes = () => {
    if (notes === contact.notes) return;
    setSaved(null);
    update.mutate({ notes }, { onSuccess: () => setSaved('notes') });
  };

  return (
    <Stack gap="xs" data-testid="contact-notes-editor">
      <TagsInput
        label={t('contacts.tags')}
        placeholder={t('contacts.tagsPlaceholder')}
        value={tags}
        onChange={saveTags}
        error={errors.fields.tags}
        maxTags={50}
        splitChars={[',']}
        size="xs"
      />
      <Textarea
        label={t('contacts.notes')}
        placeholder={t('contacts.notesPlaceholder')}
        value={notes}
        onChange={(event) => {
          setNotes(event.currentTarget.value);
          setSaved(null);
        }}
        onBlur={saveNotes}
        error={errors.fields.notes}
        autosize
        minRows={2}
        maxRows={8}
        maxLength={10_000}
        size="xs"
        dir="auto"
      />
      {errors.general && (
        <Alert color="red" role="alert" p="xs">
          {t('contacts.saveFailed', { message: errors.general })}
        </Alert>
      )}
      <Text size="xs" c={update.isPending ? 'dimmed' : 'green'} role="status" mih={16}>
        {update.isPending
          ? t('contacts.saving')
          : saved === 'tags'
            ? t('contacts.panel.tagsSaved')
            : saved === 'notes'
              ? t('contacts.panel.notesSaved')
              : ''}
      </Text>
    </Stack>
  );
}
