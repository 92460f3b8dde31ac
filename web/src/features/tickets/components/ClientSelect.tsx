import { Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient, useClients } from '../hooks/useClients.ts';

/** Picks a portal client by typing part of their name, e-mail or phone; the server searches. */
export function ClientSelect(props: {
  label: string;
  value: number | null;
  onChange(id: number | null): void;
  required?: boolean;
  clearable?: boolean;
  placeholder?: string;
  error?: string;
  w?: SelectProps['w'];
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const clients = useClients(debounced);
  const chosen = useClient(props.value ?? 0);
  const found = clients.data?.pages.flatMap((page) => page.results) ?? [];
  const options = new Map(found.map((client) => [String(client.id), client.display_name]));
  // The chosen client stays an option whatever the search shows.
  if (props.value && chosen.data) options.set(String(props.value), chosen.data.display_name);
  return (
    <Select
      label={props.label}
      placeholder={props.placeholder ?? t('tickets.newTicket.clientPlaceholder')}
      required={props.required}
      clearable={props.clearable}
      searchable
      w={props.w}
      error={props.error}
      data={[...options].map(([value, label]) => ({ value, label }))}
      value={props.value ? String(props.value) : null}
      onChange={(value) => props.onChange(value ? Number(value) : null)}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      nothingFoundMessage={clients.isFetching ? t('common.loading') : t('tickets.newTicket.noClients')}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
