import { Group, MultiSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../team/index.ts';
import type { SegmentFilter } from '../api/broadcasts.api.ts';

const statuses = ['open', 'pending', 'resolved', 'snoozed'] as const;

/** The part of the filter these controls edit: the conversation's labels and status. */
export type ConversationNarrowing = Pick<SegmentFilter, 'label_ids' | 'statuses'>;

/** Narrows by the conversation with the account: any of the labels operators put on it, any of its states. */
export function ConversationFilters({ value, onChange }: { value: ConversationNarrowing; onChange(next: ConversationNarrowing): void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const set = (key: keyof ConversationNarrowing, list: unknown[]) => {
    const { [key]: _dropped, ...rest } = value;
    onChange(list.length > 0 ? { ...rest, [key]: list } : rest);
  };
  return (
    <Group grow align="flex-start">
      <MultiSelect
        label={t('broadcasts.segment.labels')}
        placeholder={value.label_ids?.length ? undefined : t('broadcasts.segment.anyLabel')}
        data={(labels.data ?? []).map((label) => ({ value: String(label.id), label: label.name }))}
        value={(value.label_ids ?? []).map(String)}
        onChange={(picked) => set('label_ids', picked.map(Number))}
        searchable
        nothingFoundMessage={t('broadcasts.segment.noLabels')}
      />
      <MultiSelect
        label={t('broadcasts.segment.statuses')}
        placeholder={value.statuses?.length ? undefined : t('broadcasts.segment.anyStatus')}
        data={statuses.map((status) => ({ value: status, label: t(`broadcasts.segment.status.${status}`) }))}
        value={value.statuses ?? []}
        onChange={(picked) => set('statuses', picked)}
      />
    </Group>
  );
}
