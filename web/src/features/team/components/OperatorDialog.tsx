import { Alert, Button, Group, Modal, NumberInput, PasswordInput, Select, Stack, Switch, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Operator, OperatorInput } from '../api/team.api.ts';
import { useSaveOperator } from '../hooks/useTeam.ts';
import { errorText } from '../../../lib/errors.ts';

const defaultMaxChats = 50;

/** Adds a staff user, or changes one (the password only when typed). Server errors stay in the form. */
export function OperatorDialog({ operator, onClose }: { operator: Operator | null; onClose(): void }) {
  const { t } = useTranslation();
  const save = useSaveOperator();
  const [form, setForm] = useState({
    name: operator?.name ?? '',
    email: operator?.email ?? '',
    password: '',
    role: operator?.role ?? 'operator',
    is_active: operator?.is_active ?? true,
    max_chats: operator?.max_chats ?? defaultMaxChats,
  });
  const roles = [...new Set(['operator', 'admin', form.role])].map((role) => ({
    value: role,
    label: t(`roles.${role}`, { defaultValue: role }),
  }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input: Partial<OperatorInput> = {
      name: form.name.trim(),
      email: form.email.trim(),
      role: form.role,
      is_active: form.is_active,
      max_chats: form.max_chats,
    };
    if (form.password) input.password = form.password;
    save.mutate({ id: operator?.id, input }, { onSuccess: onClose });
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={operator ? t('team.editTitle', { name: operator.name || operator.email }) : t('team.addTitle')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={submit} noValidate={false}>
        <Stack gap="sm">
          <TextInput
            label={t('team.name')}
            required
            maxLength={200}
            value={form.name}
            onChange={(event) => setForm({ ...form, name: event.currentTarget.value })}
            data-autofocus
          />
          <TextInput
            label={t('team.email')}
            type="email"
            required
            value={form.email}
            onChange={(event) => setForm({ ...form, email: event.currentTarget.value })}
            autoComplete="off"
          />
          <PasswordInput
            label={t('team.password')}
            description={operator ? t('team.passwordKeep') : t('team.passwordHint')}
            required={!operator}
            minLength={8}
            value={form.password}
            onChange={(event) => setForm({ ...form, password: event.currentTarget.value })}
            autoComplete="new-password"
            visibilityToggleButtonProps={{ 'aria-label': t('auth.showPassword') }}
          />
          <Group grow align="flex-start">
            <Select
              label={t('team.role')}
              data={roles}
              value={form.role}
              onChange={(value) => value && setForm({ ...form, role: value })}
              allowDeselect={false}
            />
            <NumberInput
              label={t('team.maxChats')}
              description={t('team.maxChatsHint')}
              min={1}
              max={10_000}
              allowDecimal={false}
              value={form.max_chats}
              onChange={(value) => setForm({ ...form, max_chats: typeof value === 'number' ? value : Number(value) || 1 })}
            />
          </Group>
          <Switch
            label={t('team.active')}
            description={t('team.activeHint')}
            checked={form.is_active}
            onChange={(event) => setForm({ ...form, is_active: event.currentTarget.checked })}
          />
          {save.error && (
            <Alert color="red" role="alert" data-testid="operator-error">
              {errorText(save.error)}
            </Alert>
          )}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {operator ? t('common.save') : t('team.add')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
