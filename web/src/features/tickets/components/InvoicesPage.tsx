import { Button, Group, Select } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { PlusIcon } from '../../../components/ui/icons.tsx';
import { invoiceStatuses } from '../api/invoices.api.ts';
import { useInvoices } from '../hooks/useInvoices.ts';
import { ClientSelect } from './ClientSelect.tsx';
import { InvoicesTable } from './InvoicesTable.tsx';
import { NewInvoiceDialog } from './NewInvoiceDialog.tsx';
import { LoadMore, PageFrame, QueryState } from './PageFrame.tsx';

/** All invoices, filtered by status and client (in the address), and "New invoice". */
export function InvoicesPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const status = invoiceStatuses.find((value) => value === params.get('status')) ?? null;
  const clientId = Number(params.get('client_id')) > 0 ? Number(params.get('client_id')) : null;
  const invoices = useInvoices({ status, client_id: clientId });
  const rows = invoices.data?.pages.flatMap((page) => page.results) ?? [];

  const setFilter = (key: string, value: string | number | null) => {
    const next = new URLSearchParams(params);
    if (value === null || value === '') next.delete(key);
    else next.set(key, String(value));
    setParams(next, { replace: true });
  };

  return (
    <PageFrame
      title={t('tickets.invoices.title')}
      subtitle={t('tickets.invoices.subtitle')}
      actions={
        <Button leftSection={<PlusIcon size={16} />} onClick={() => setCreating(true)}>
          {t('tickets.invoices.new')}
        </Button>
      }
    >
      <Group gap="sm" align="flex-end" role="search" aria-label={t('tickets.filters')}>
        <Select
          label={t('tickets.invoices.statusLabel')}
          w={{ base: '100%', xs: 170 }}
          data={[
            { value: '', label: t('tickets.all') },
            ...invoiceStatuses.map((value) => ({ value, label: t(`tickets.invoices.status.${value}`) })),
          ]}
          value={status ?? ''}
          onChange={(value) => setFilter('status', value || null)}
          allowDeselect={false}
        />
        <ClientSelect
          label={t('tickets.invoices.client')}
          w={{ base: '100%', xs: 260 }}
          clearable
          value={clientId}
          onChange={(id) => setFilter('client_id', id)}
          placeholder={t('tickets.any')}
        />
      </Group>
      <QueryState
        isPending={invoices.isPending}
        error={invoices.error}
        isEmpty={rows.length === 0}
        empty={status || clientId ? t('tickets.noMatches') : t('tickets.invoices.empty')}
      />
      {rows.length > 0 && <InvoicesTable invoices={rows} />}
      <LoadMore
        hasNextPage={invoices.hasNextPage}
        isFetchingNextPage={invoices.isFetchingNextPage}
        fetchNextPage={invoices.fetchNextPage}
      />
      <NewInvoiceDialog key={clientId ?? 0} opened={creating} onClose={() => setCreating(false)} clientId={clientId} />
    </PageFrame>
  );
}
