import { Checkbox, NumberInput, Select, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttributeDefinition, AttributeValue } from '../api/attributes.api.ts';

interface FieldProps {
  definition: AttributeDefinition;
  label: string;
  value: AttributeValue | undefined;
  error?: string;
  disabled?: boolean;
  /** null removes the value. */
  onSave(value: AttributeValue | null): void;
}

/**
 * One attribute's editor, by type: text and numbers save when the field is left (or on Enter), the rest at once.
 * Keyed by its value where used, so a value that changed elsewhere (a realtime update) replaces the draft.
 */
export function AttributeField({ definition, label, value, error, disabled, onSave }: FieldProps) {
  const { t } = useTranslation();
  const testId = `attribute-${definition.applies_to}-${definition.key}`;
  const [draft, setDraft] = useState<string | number>(value === undefined || typeof value === 'boolean' ? '' : value);
  const common = { label, size: 'xs' as const, error, disabled, 'data-testid': testId };

  const commit = () => {
    const next = typeof draft === 'string' ? draft.trim() : draft;
    if (next === (value ?? '')) return;
    onSave(next === '' ? null : next);
  };
  const onEnter = (event: React.KeyboardEvent) => {
    if (event.key === 'Enter') (event.currentTarget as HTMLInputElement).blur();
  };

  switch (definition.type) {
    case 'checkbox':
      return (
        <Checkbox
          label={label}
          size="xs"
          error={error}
          disabled={disabled}
          data-testid={testId}
          checked={value === true}
          onChange={(event) => onSave(event.currentTarget.checked)}
        />
      );
    case 'list':
      return (
        <Select
          {...common}
          clearable
          placeholder={t('attributes.value')}
          data={definition.options}
          value={typeof value === 'string' ? value : null}
          onChange={(next) => onSave(next)}
          comboboxProps={{ withinPortal: true }}
        />
      );
    case 'number':
      return <NumberInput {...common} value={draft} onChange={(next) => setDraft(next)} onBlur={commit} onKeyDown={onEnter} hideControls />;
    case 'date':
      return <TextInput {...common} type="date" value={String(draft)} onChange={(event) => onSave(event.currentTarget.value || null)} />;
    case 'text':
      return (
        <TextInput
          {...common}
          value={String(draft)}
          maxLength={2000}
          onChange={(event) => setDraft(event.currentTarget.value)}
          onBlur={commit}
          onKeyDown={onEnter}
        />
      );
  }
}
