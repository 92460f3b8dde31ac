import { ActionIcon, Button, Group, MultiSelect, NumberInput, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { operatorsByType, type SegmentCondition, type SegmentField, type SegmentLabel } from '@switchboard/contract/segments';
import { useTranslation } from 'react-i18next';
import { fetchSegmentFields, type SegmentFilter } from '../api/broadcasts.api.ts';

/** The part of the filter this builder edits: conditions on contributed fields and the contact's last message. */
export type SegmentNarrowing = Pick<SegmentFilter, 'conditions' | 'last_inbound_after' | 'last_inbound_before'>;

/** A condition the server would accept as typed so far (an empty list or text is still being written). */
export function complete(condition: SegmentCondition): boolean {
  const { value } = condition;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'string') return value.trim() !== '';
  return typeof value === 'boolean' || Number.isFinite(value);
}

function defaultValue(field: SegmentField, operator: SegmentCondition['operator']): SegmentCondition['value'] {
  if (operator === 'is_set' || field.type === 'boolean') return true;
  if (operator === 'any_of' || operator === 'none_of') return [];
  return field.type === 'number' ? 0 : '';
}

/** A date picked in the browser's zone → the instant its day starts (`nextDay`: the next day's start). */
const dayStart = (day: string, nextDay = false) => {
  const date = new Date(`${day}T00:00`);
  if (nextDay) date.setDate(date.getDate() + 1);
  return date.toISOString();
};

/** The inverse of dayStart: the browser-zone day an instant falls on (`previousDay`: the day before it). */
export const dayOf = (instant: string, previousDay = false) => {
  const date = new Date(instant);
  if (previousDay) date.setDate(date.getDate() - 1);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
};

/** Conditions on the fields the server lists (custom attributes, apps' fields), in the reader's language. */
export function SegmentConditions({
  conditions,
  onConditions,
  inbound,
  onInbound,
}: {
  conditions: SegmentCondition[];
  onConditions(next: SegmentCondition[]): void;
  inbound: { from: string; to: string };
  onInbound(next: { from: string; to: string }): void;
}) {
  const { t, i18n } = useTranslation();
  const fields = useQuery({ queryKey: ['broadcast-segment-fields'], queryFn: fetchSegmentFields });
  const say = (label: SegmentLabel) => (i18n.language === 'kk' && label.kk) || (i18n.language === 'ru' ? label.ru : label.en);
  const list = fields.data ?? [];
  const fieldOf = (key: string) => list.find((field) => field.key === key);
  const change = (index: number, next: SegmentCondition) => onConditions(conditions.map((each, at) => (at === index ? next : each)));
  const fresh = (field: SegmentField): SegmentCondition => {
    const operator = operatorsByType[field.type][0]!;
    return { field: field.key, operator, value: defaultValue(field, operator) };
  };
  const pick = (index: number, key: string | null) => {
    const field = key ? fieldOf(key) : undefined;
    if (field) change(index, fresh(field));
  };

  return (
    <Paper withBorder p="sm" data-testid="segment-conditions" aria-label={t('broadcasts.segment.title')} component="section">
      <Stack gap="xs">
        <Text size="sm" fw={500}>
          {t('broadcasts.segment.title')}
        </Text>
        <Group grow align="flex-start">
          <TextInput
            type="date"
            label={t('broadcasts.segment.inboundFrom')}
            value={inbound.from}
            onChange={(event) => onInbound({ ...inbound, from: event.currentTarget.value })}
          />
          <TextInput
            type="date"
            label={t('broadcasts.segment.inboundTo')}
            value={inbound.to}
            onChange={(event) => onInbound({ ...inbound, to: event.currentTarget.value })}
          />
        </Group>
        {conditions.map((condition, index) => {
          const field = fieldOf(condition.field);
          const operators = field ? operatorsByType[field.type] : [];
          const options = (field?.options ?? []).map((option) => ({ value: option.value, label: say(option.label) }));
          const takesList = condition.operator === 'any_of' || condition.operator === 'none_of';
          const takesYesNo = condition.operator === 'is_set' || field?.type === 'boolean';
          const valueLabel = t('broadcasts.segment.value');
          return (
            <Group key={index} gap="xs" align="flex-end" wrap="wrap" data-testid="segment-condition">
              <Select
                label={t('broadcasts.segment.field')}
                data={list.map((each) => ({ value: each.key, label: say(each.label) }))}
                value={condition.field}
                onChange={(key) => pick(index, key)}
                allowDeselect={false}
                searchable
                w={220}
              />
              <Select
                label={t('broadcasts.segment.operator')}
                data={operators.map((operator) => ({ value: operator, label: t(`broadcasts.segment.operators.${operator}`) }))}
                value={condition.operator}
                onChange={(operator) =>
                  field &&
                  operator &&
                  change(index, {
                    ...condition,
                    operator: operator,
                    value: defaultValue(field, operator),
                  })
                }
                allowDeselect={false}
                w={150}
              />
              {takesYesNo ? (
                <Select
                  label={valueLabel}
                  data={[
                    { value: 'true', label: t('broadcasts.segment.yes') },
                    { value: 'false', label: t('broadcasts.segment.no') },
                  ]}
                  value={String(condition.value)}
                  onChange={(value) => change(index, { ...condition, value: value === 'true' })}
                  allowDeselect={false}
                  w={110}
                />
              ) : takesList ? (
                <MultiSelect
                  label={valueLabel}
                  data={options}
                  value={condition.value as string[]}
                  onChange={(value) => change(index, { ...condition, value })}
                  miw={180}
                  style={{ flex: 1 }}
                />
              ) : field?.type === 'number' ? (
                <NumberInput
                  label={valueLabel}
                  description={field.hint ? say(field.hint) : undefined}
                  value={condition.value as number}
                  onChange={(value) => change(index, { ...condition, value: typeof value === 'number' ? value : Number.NaN })}
                  w={200}
                />
              ) : (
                <TextInput
                  label={valueLabel}
                  type={field?.type === 'date' ? 'date' : 'text'}
                  value={condition.value as string}
                  onChange={(event) => change(index, { ...condition, value: event.currentTarget.value })}
                  maxLength={200}
                  w={180}
                />
              )}
              <ActionIcon
                variant="subtle"
                color="gray"
                size="lg"
                aria-label={t('broadcasts.segment.remove')}
                onClick={() => onConditions(conditions.filter((_, at) => at !== index))}
              >
                ×
              </ActionIcon>
            </Group>
          );
        })}
        <Group>
          <Button
            variant="default"
            size="xs"
            disabled={list.length === 0}
            onClick={() => list[0] && onConditions([...conditions, fresh(list[0])])}
          >
            {t('broadcasts.segment.add')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** The builder's state as the filter's fields: only complete conditions, the dates as the instants their days start. */
export function narrowing(conditions: SegmentCondition[], inbound: { from: string; to: string }): SegmentNarrowing {
  const ready = conditions.filter(complete);
  return {
    ...(ready.length > 0 ? { conditions: ready } : {}),
    ...(inbound.from ? { last_inbound_after: dayStart(inbound.from) } : {}),
    ...(inbound.to ? { last_inbound_before: dayStart(inbound.to, true) } : {}),
  };
}
