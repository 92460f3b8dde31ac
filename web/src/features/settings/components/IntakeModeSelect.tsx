import { Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { IntakeMode } from '../api/accounts.api.ts';

export function IntakeModeSelect({ value, onChange }: { value: IntakeMode; onChange(value: IntakeMode): void }) {
  const { t } = useTranslation();
  return (
    <Select
      label={t('bots.intakeLabel')}
      description={t(`bots.intakeHelp.${value}`)}
      value={value}
      onChange={(next) => next && onChange(next)}
      allowDeselect={false}
      data={(['polling', 'webhook', 'forwarded'] as const).map((mode) => ({ value: mode, label: t(`bots.intake.${mode}`) }))}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
