import { Group, Select, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { fetchAccountTemplates, templateValues, type BroadcastTemplate, type TemplateValue } from '../api/broadcasts.api.ts';

/**
 * For an account that starts conversations only with approved templates: which template goes to the contacts
 * outside its reply window, and which contact value fills each of its body variables.
 */
export function TemplateFields({
  accountId,
  value,
  onChange,
}: {
  accountId: number;
  value: BroadcastTemplate | null;
  onChange(template: BroadcastTemplate | null): void;
}) {
  const { t } = useTranslation();
  const templates = useQuery({ queryKey: ['account-templates', accountId], queryFn: () => fetchAccountTemplates(accountId) });
  // A broadcast fills body variables only (from the contact): templates with header variables are not offered.
  const approved = (templates.data ?? []).filter((template) => template.status === 'APPROVED' && template.variables.header === 0);
  const keyOf = (template: { name: string; language?: string }) => `${template.name}/${template.language ?? ''}`;
  const chosen = value ? approved.find((template) => keyOf(template) === keyOf(value)) : undefined;
  const choose = (key: string | null) => {
    const template = approved.find((each) => keyOf(each) === key);
    onChange(
      template
        ? {
            name: template.name,
            language: template.language,
            parameters: Array.from({ length: template.variables.body }, () => 'name' as const),
          }
        : null,
    );
  };
  const setParameter = (index: number, parameter: TemplateValue) =>
    value && onChange({ ...value, parameters: value.parameters.map((each, at) => (at === index ? parameter : each)) });
  return (
    <Stack gap={6} data-testid="broadcast-template">
      <Select
        label={t('broadcasts.template')}
        description={approved.length > 0 || templates.isPending ? t('broadcasts.templateHint') : undefined}
        error={templates.isSuccess && approved.length === 0 ? t('broadcasts.templateNone') : undefined}
        data={approved.map((template) => ({ value: keyOf(template), label: `${template.name} (${template.language})` }))}
        value={chosen ? keyOf(chosen) : null}
        onChange={choose}
        required
      />
      {chosen && (
        <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
          {chosen.body}
        </Text>
      )}
      {value && value.parameters.length > 0 && (
        <Group grow align="flex-start">
          {value.parameters.map((parameter, index) => (
            <Select
              key={index}
              label={t('broadcasts.templateVariable', { placeholder: `{{${index + 1}}}` })}
              data={templateValues.map((each) => ({ value: each, label: t(`broadcasts.templateValues.${each}`) }))}
              value={parameter}
              onChange={(chosenValue) => chosenValue && setParameter(index, chosenValue)}
              allowDeselect={false}
            />
          ))}
        </Group>
      )}
    </Stack>
  );
}
