import { ActionIcon, Button, Group, Select, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../lib/errors.ts';
import { deleteSegment, fetchSegments, saveSegment, type SegmentFilter } from '../api/broadcasts.api.ts';

const segmentsKey = ['broadcast-segments'] as const;

/** Start the audience from a saved segment, or save the one on screen under a name. */
export function SavedSegments({ filter, onPick }: { filter: SegmentFilter | null; onPick(filter: SegmentFilter): void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const saved = useQuery({ queryKey: segmentsKey, queryFn: fetchSegments });
  const [picked, setPicked] = useState<string | null>(null);
  const [name, setName] = useState('');
  const refresh = () => void queryClient.invalidateQueries({ queryKey: segmentsKey });
  const save = useMutation({
    mutationFn: () => saveSegment(name.trim(), filter!),
    onSuccess: (segment) => {
      setName('');
      setPicked(String(segment.id));
      refresh();
    },
    meta: { silent: true },
  });
  const remove = useMutation({
    mutationFn: (id: number) => deleteSegment(id),
    onSuccess: () => {
      setPicked(null);
      refresh();
    },
    meta: { silent: true },
  });
  const choose = (id: string | null) => {
    setPicked(id);
    const segment = saved.data?.find((each) => String(each.id) === id);
    if (segment) onPick(segment.filter);
  };
  const error = save.error ?? remove.error;
  return (
    <Group align="flex-end" gap="xs" wrap="wrap" data-testid="saved-segments">
      <Select
        label={t('broadcasts.segment.saved')}
        placeholder={t('broadcasts.segment.savedPlaceholder')}
        data={(saved.data ?? []).map((segment) => ({ value: String(segment.id), label: segment.name }))}
        value={picked}
        onChange={choose}
        miw={220}
        style={{ flex: 1 }}
      />
      {picked !== null && (
        <ActionIcon
          variant="subtle"
          color="gray"
          size="lg"
          aria-label={t('broadcasts.segment.remove_saved')}
          loading={remove.isPending}
          onClick={() => remove.mutate(Number(picked))}
        >
          ×
        </ActionIcon>
      )}
      <TextInput
        label={t('broadcasts.segment.saveAs')}
        value={name}
        onChange={(event) => setName(event.currentTarget.value)}
        maxLength={200}
        miw={200}
        style={{ flex: 1 }}
      />
      <Button variant="default" disabled={filter === null || name.trim() === ''} loading={save.isPending} onClick={() => save.mutate()}>
        {t('broadcasts.segment.save')}
      </Button>
      {error && (
        <Text c="red" size="sm" role="alert" w="100%">
          {errorText(error)}
        </Text>
      )}
    </Group>
  );
}
