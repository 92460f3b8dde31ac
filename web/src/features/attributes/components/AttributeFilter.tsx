// The list's custom-attribute filter: `attribute=<target>.<key>&attribute_value=…` in the address, like the others.
import { Select, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAttributeDefinitions, useAttributeLabel } from '../hooks/useAttributes.ts';
import '../attributes.locales.ts';

interface Props {
  attribute: string;
  value: string;
  onChange(change: { attribute: string; attribute_value: string }): void;
}

export default function AttributeFilter({ attribute, value, onChange }: Props) {
  const { t } = useTranslation();
  const definitions = useAttributeDefinitions();
  const labelOf = useAttributeLabel();
  if (!definitions.data?.length) return null;
  const chosen = definitions.data.find((definition) => `${definition.applies_to}.${definition.key}` === attribute);
  const prefix = (target: string) => (target === 'contact' ? t('attributes.contact') : t('attributes.conversation'));

  return (
    <Stack gap={6}>
      <Select
        size="xs"
        label={t('attributes.filter')}
        placeholder={t('attributes.anyAttribute')}
        clearable
        data-testid="attribute-filter"
        value={chosen ? attribute : null}
        onChange={(next) => onChange({ attribute: next ?? '', attribute_value: next && chosen?.type === 'checkbox' ? 'true' : '' })}
        data={definitions.data.map((definition) => ({
          value: `${definition.applies_to}.${definition.key}`,
          label: `${prefix(definition.applies_to)}: ${labelOf(definition)}`,
        }))}
        comboboxProps={{ withinPortal: false }}
      />
      {chosen?.type === 'list' || chosen?.type === 'checkbox' ? (
        <Select
          size="xs"
          aria-label={t('attributes.value')}
          placeholder={t('attributes.value')}
          data-testid="attribute-filter-value"
          allowDeselect={false}
          value={value || null}
          onChange={(next) => onChange({ attribute, attribute_value: next ?? '' })}
          data={
            chosen.type === 'list'
              ? chosen.options
              : [
                  { value: 'true', label: t('attributes.yes') },
                  { value: 'false', label: t('attributes.no') },
                ]
          }
          comboboxProps={{ withinPortal: false }}
        />
      ) : chosen ? (
        <ValueInput
          key={`${attribute}:${value}`}
          type={chosen.type === 'date' ? 'date' : chosen.type === 'number' ? 'number' : 'text'}
          value={value}
          onChange={(next) => onChange({ attribute, attribute_value: next })}
        />
      ) : null}
    </Stack>
  );
}

/** Typed freely; the filter changes when the box is left or on Enter (keyed by the value, so a new address resets it). */
function ValueInput({ type, value, onChange }: { type: string; value: string; onChange(value: string): void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(value);
  return (
    <TextInput
      size="xs"
      aria-label={t('attributes.value')}
      placeholder={t('attributes.value')}
      data-testid="attribute-filter-value"
      type={type}
      maxLength={200}
      value={draft}
      onChange={(event) => setDraft(event.currentTarget.value)}
      onBlur={() => draft.trim() !== value && onChange(draft.trim())}
      onKeyDown={(event) => {
        if (event.key === 'Enter') onChange(draft.trim());
      }}
    />
  );
}
