import { Select, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { clientLanguages } from '../api/clients.api.ts';

export interface ClientForm {
  name: string;
  email: string;
  phone: string;
  language: string;
}

/** The fields of a client, shared by "Add client" and the client page. */
export function ClientFields({ form, onChange }: { form: ClientForm; onChange(form: ClientForm): void }) {
  const { t } = useTranslation();
  return (
    <>
      <TextInput
        label={t('tickets.newClient.name')}
        required
        maxLength={200}
        value={form.name}
        onChange={(event) => onChange({ ...form, name: event.currentTarget.value })}
      />
      <TextInput
        label={t('tickets.newClient.email')}
        description={t('tickets.newClient.emailHelp')}
        type="email"
        maxLength={320}
        value={form.email}
        onChange={(event) => onChange({ ...form, email: event.currentTarget.value })}
      />
      <TextInput
        label={t('tickets.newClient.phone')}
        type="tel"
        maxLength={40}
        value={form.phone}
        onChange={(event) => onChange({ ...form, phone: event.currentTarget.value })}
      />
      <Select
        label={t('tickets.newClient.language')}
        allowDeselect={false}
        data={clientLanguages.map((value) => ({ value, label: t(`tickets.clients.languages.${value}`) }))}
        value={form.language}
        onChange={(value) => onChange({ ...form, language: value ?? 'ru' })}
      />
    </>
  );
}
