import { Alert, Button, Group, Modal, Select, Stack, TextInput, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useTeammates, useTicketMutations } from '../hooks/useTickets.ts';
import { ClientSelect } from './ClientSelect.tsx';
import { errorText } from '../../../lib/errors.ts';

/** Opens a ticket for a client; what was typed survives a refused request. */
export function NewTicketDialog({
  opened,
  onClose,
  clientId,
  onCreated,
}: {
  opened: boolean;
  onClose(): void;
  clientId?: number | null;
  onCreated(id: number): void;
}) {
  const { t } = useTranslation();
  const { create } = useTicketMutations();
  const teammates = useTeammates();
  const empty = { client_id: clientId ?? null, subject: '', description: '', assignee_id: null as number | null };
  const [form, setForm] = useState(empty);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!form.client_id) return;
    create.mutate(
      { client_id: form.client_id, subject: form.subject, description: form.description || undefined, assignee_id: form.assignee_id },
      {
        onSuccess: (ticket) => {
          setForm(empty);
          create.reset();
          onClose();
          onCreated(ticket.id);
        },
      },
    );
  };

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('tickets.newTicket.title')}
      size="lg"
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={submit} aria-label={t('tickets.newTicket.title')}>
        <Stack gap="sm">
          {create.error && (
            <Alert color="red" role="alert">
              {errorText(create.error)}
            </Alert>
          )}
          <ClientSelect
            label={t('tickets.newTicket.client')}
            required
            value={form.client_id}
            onChange={(id) => setForm({ ...form, client_id: id })}
          />
          <TextInput
            label={t('tickets.newTicket.subject')}
            required
            maxLength={300}
            value={form.subject}
            onChange={(event) => setForm({ ...form, subject: event.currentTarget.value })}
          />
          <Textarea
            label={t('tickets.newTicket.description')}
            description={t('tickets.newTicket.descriptionHelp')}
            autosize
            minRows={3}
            maxRows={10}
            value={form.description}
            onChange={(event) => setForm({ ...form, description: event.currentTarget.value })}
          />
          <Select
            label={t('tickets.newTicket.assignee')}
            clearable
            placeholder={t('tickets.tickets.unassigned')}
            data={(teammates.data ?? []).filter((user) => user.is_active).map((user) => ({ value: String(user.id), label: user.name }))}
            value={form.assignee_id ? String(form.assignee_id) : null}
            onChange={(value) => setForm({ ...form, assignee_id: value ? Number(value) : null })}
          />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} disabled={!form.client_id || !form.subject.trim()}>
              {t('tickets.newTicket.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
