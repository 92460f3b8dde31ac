import { Alert, Button, Group, Modal, Stack } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { asClientLanguage } from '../api/clients.api.ts';
import { useClientMutations } from '../hooks/useClients.ts';
import { ClientFields, type ClientForm } from './ClientFields.tsx';
import { errorText } from '../../../lib/errors.ts';

const empty: ClientForm = { name: '', email: '', phone: '', language: 'ru' };

/** Adds a portal client (a new contact plus a portal account); the invitation comes from their page. */
export function NewClientDialog({ opened, onClose, onCreated }: { opened: boolean; onClose(): void; onCreated(id: number): void }) {
  const { t } = useTranslation();
  const { create } = useClientMutations();
  const [form, setForm] = useState(empty);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      {
        name: form.name.trim(),
        email: form.email.trim() || undefined,
        phone: form.phone.trim() || undefined,
        language: asClientLanguage(form.language),
      },
      {
        onSuccess: (client) => {
          setForm(empty);
          create.reset();
          onClose();
          onCreated(client.id);
        },
      },
    );
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('tickets.newClient.title')} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={submit} aria-label={t('tickets.newClient.title')}>
        <Stack gap="sm">
          {create.error && (
            <Alert color="red" role="alert">
              {errorText(create.error)}
            </Alert>
          )}
          <ClientFields form={form} onChange={setForm} />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} disabled={!form.name.trim()}>
              {t('tickets.newClient.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
