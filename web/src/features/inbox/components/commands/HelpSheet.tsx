import { Group, Kbd, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import './commands.locales.ts';

const keys: Array<[string[], string]> = [
  [['Ctrl', 'K'], 'commands'],
  [['?'], 'help'],
  [['J'], 'next'],
  [['K'], 'previous'],
  [['R'], 'reply'],
  [['E'], 'resolve'],
  [['Esc'], 'close'],
];

/** The shortcuts, opened with "?". */
export function HelpSheet({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  return (
    <Modal opened onClose={onClose} title={t('commands.help.title')} data-testid="help-sheet">
      <Stack gap="xs">
        {keys.map(([combo, name]) => (
          <Group key={name} justify="space-between" wrap="nowrap">
            <Text size="sm">{t(`commands.help.${name}`)}</Text>
            <Group gap={4} wrap="nowrap">
              {combo.map((key) => (
                <Kbd key={key}>{key}</Kbd>
              ))}
            </Group>
          </Group>
        ))}
      </Stack>
    </Modal>
  );
}
