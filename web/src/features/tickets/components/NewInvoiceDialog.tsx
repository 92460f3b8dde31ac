import { ActionIcon, Alert, Button, Group, Modal, NumberInput, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PlusIcon } from '../../../components/ui/icons.tsx';
import { formatMoney, totalMinor } from '../api/invoices.api.ts';
import { useInvoiceMutations } from '../hooks/useInvoices.ts';
import { ClientSelect } from './ClientSelect.tsx';
import { showSuccess } from '../notify.ts';
import { errorText } from '../../../lib/errors.ts';

interface LineDraft {
  description: string;
  quantity: number | string;
  unit_price: number | string;
}

const blankLine = (): LineDraft => ({ description: '', quantity: 1, unit_price: '' });
const toNumber = (value: number | string) => (typeof value === 'number' ? value : Number(value.replace(',', '.')));

/** Issues an invoice: client, number, currency, due date and priced lines with the total as the server will compute it. */
export function NewInvoiceDialog({ opened, onClose, clientId }: { opened: boolean; onClose(): void; clientId?: number | null }) {
  const { t, i18n } = useTranslation();
  const { create } = useInvoiceMutations();
  const empty = { client_id: clientId ?? null, number: '', currency: 'KZT', due_date: '', notes: '', lines: [blankLine()] };
  const [form, setForm] = useState(empty);
  const lines = form.lines.map((line) => ({
    description: line.description.trim(),
    quantity: toNumber(line.quantity),
    unit_price: toNumber(line.unit_price),
  }));
  const total = totalMinor(lines) / 100;
  const currency = /^[A-Za-z]{3}$/.test(form.currency.trim()) ? form.currency.trim().toUpperCase() : 'XXX';

  const setLine = (index: number, patch: Partial<LineDraft>) =>
    setForm({ ...form, lines: form.lines.map((line, at) => (at === index ? { ...line, ...patch } : line)) });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!form.client_id) return;
    create.mutate(
      {
        client_id: form.client_id,
        number: form.number.trim() || undefined,
        currency: form.currency.trim(),
        lines,
        due_date: form.due_date || null,
        notes: form.notes || undefined,
      },
      {
        onSuccess: (invoice) => {
          showSuccess(`${invoice.number}: ${formatMoney(invoice.amount, invoice.currency, i18n.language)}`);
          setForm(empty);
          create.reset();
          onClose();
        },
      },
    );
  };

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('tickets.newInvoice.title')}
      size="xl"
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={submit} aria-label={t('tickets.newInvoice.title')}>
        <Stack gap="sm">
          {create.error && (
            <Alert color="red" role="alert">
              {errorText(create.error)}
            </Alert>
          )}
          <ClientSelect
            label={t('tickets.newInvoice.client')}
            required
            value={form.client_id}
            onChange={(id) => setForm({ ...form, client_id: id })}
          />
          <Group grow align="flex-start" wrap="wrap" preventGrowOverflow={false}>
            <TextInput
              label={t('tickets.newInvoice.number')}
              description={t('tickets.newInvoice.numberHelp')}
              maxLength={50}
              value={form.number}
              onChange={(event) => setForm({ ...form, number: event.currentTarget.value })}
              miw={150}
            />
            <TextInput
              label={t('tickets.newInvoice.currency')}
              description={t('tickets.newInvoice.currencyHelp')}
              required
              maxLength={3}
              value={form.currency}
              onChange={(event) => setForm({ ...form, currency: event.currentTarget.value.toUpperCase() })}
              miw={110}
            />
            <TextInput
              label={t('tickets.newInvoice.dueDate')}
              type="date"
              value={form.due_date}
              onChange={(event) => setForm({ ...form, due_date: event.currentTarget.value })}
              miw={150}
            />
          </Group>
          <Text fw={600} size="sm" mt="xs">
            {t('tickets.newInvoice.lines')}
          </Text>
          <Stack gap="xs" role="list" aria-label={t('tickets.newInvoice.lines')}>
            {form.lines.map((line, index) => {
              const n = index + 1;
              const amount = totalMinor([lines[index]!]) / 100;
              return (
                <Group
                  key={index}
                  gap="xs"
                  align="flex-end"
                  wrap="wrap"
                  role="listitem"
                  aria-label={t('tickets.newInvoice.line', { n })}
                  data-testid="invoice-line"
                >
                  <TextInput
                    label={t('tickets.newInvoice.description')}
                    required
                    maxLength={500}
                    value={line.description}
                    onChange={(event) => setLine(index, { description: event.currentTarget.value })}
                    flex={1}
                    miw={200}
                  />
                  <NumberInput
                    label={t('tickets.newInvoice.quantity')}
                    required
                    min={0}
                    decimalScale={3}
                    value={line.quantity}
                    onChange={(value) => setLine(index, { quantity: value })}
                    w={90}
                    hideControls
                  />
                  <NumberInput
                    label={t('tickets.newInvoice.price')}
                    required
                    min={0}
                    decimalScale={2}
                    thousandSeparator=" "
                    value={line.unit_price}
                    onChange={(value) => setLine(index, { unit_price: value })}
                    w={140}
                    hideControls
                  />
                  <Text
                    size="sm"
                    w={130}
                    ta="right"
                    pb={8}
                    aria-label={t('tickets.newInvoice.lineAmount')}
                    style={{ whiteSpace: 'nowrap' }}
                  >
                    {formatMoney(amount, currency, i18n.language)}
                  </Text>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    size="lg"
                    mb={2}
                    disabled={form.lines.length === 1}
                    aria-label={t('tickets.newInvoice.removeLine', { n })}
                    onClick={() => setForm({ ...form, lines: form.lines.filter((_, at) => at !== index) })}
                  >
                    ×
                  </ActionIcon>
                </Group>
              );
            })}
          </Stack>
          <Group justify="space-between">
            <Button
              variant="subtle"
              size="xs"
              leftSection={<PlusIcon size={14} />}
              onClick={() => setForm({ ...form, lines: [...form.lines, blankLine()] })}
              disabled={form.lines.length >= 200}
            >
              {t('tickets.newInvoice.addLine')}
            </Button>
            <Text fw={700} data-testid="invoice-total">
              {t('tickets.newInvoice.total')}: {formatMoney(total, currency, i18n.language)}
            </Text>
          </Group>
          <Textarea
            label={t('tickets.newInvoice.notes')}
            autosize
            minRows={2}
            maxRows={6}
            maxLength={2000}
            value={form.notes}
            onChange={(event) => setForm({ ...form, notes: event.currentTarget.value })}
          />
          <Text size="xs" c="dimmed">
            {t('tickets.newInvoice.issuedNote')}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} disabled={!form.client_id}>
              {t('tickets.newInvoice.issue')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
