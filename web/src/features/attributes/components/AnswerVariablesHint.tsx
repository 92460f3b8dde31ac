import { Text } from '@mantine/core';
import { answerVariables } from '@switchboard/contract/answer-variables';
import { useTranslation } from 'react-i18next';
import { useAttributeDefinitions } from '../hooks/useAttributes.ts';
import '../attributes.locales.ts';

/** Lists every variable a saved answer or a macro may use: the fixed ones, then each attribute's. */
export default function AnswerVariablesHint() {
  const { t } = useTranslation();
  const definitions = useAttributeDefinitions();
  const names = [
    ...answerVariables,
    ...(definitions.data ?? []).map((definition) => `${definition.applies_to}.attributes.${definition.key}`),
  ];
  return (
    <Text size="xs" c="dimmed" data-testid="answer-variables" style={{ wordBreak: 'break-word' }}>
      {t('attributes.variables', { list: names.map((name) => `{{${name}}}`).join(' ') })}
    </Text>
  );
}
