import { Popover, Stack, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../../lib/dates.ts';
import type { Message } from '../../../conversations/index.ts';

/** "edited"; when the server kept the earlier texts, a click shows them, newest first. */
export function EditedMark({ message }: { message: Message }) {
  const { t, i18n } = useTranslation();
  const history = message.edit_history ?? [];
  if (history.length === 0) {
    return (
      <Text size="xs" c="dimmed" title={message.edited_at ? formatDateTime(message.edited_at, i18n.language) : undefined}>
        {t('message.edited')}
      </Text>
    );
  }
  return (
    <Popover position="top-end" withArrow shadow="md" width={300}>
      <Popover.Target>
        <UnstyledButton aria-label={t('media.showEdits')} data-testid="edited-mark" style={{ lineHeight: 1 }}>
          <Text size="xs" c="dimmed" td="underline" style={{ textDecorationStyle: 'dotted' }} component="span">
            {t('message.edited')}
          </Text>
        </UnstyledButton>
      </Popover.Target>
      <Popover.Dropdown data-testid="edit-history">
        <Text size="xs" fw={600} mb={6}>
          {t('media.earlierVersions')}
        </Text>
        <Stack gap={8}>
          {[...history].reverse().map((version, index) => (
            <div key={index}>
              <Text size="sm" className="sb-message-text" dir="auto" data-testid="earlier-text">
                {version.text || t('media.noText')}
              </Text>
              <Text size="xs" c="dimmed">
                {t('media.until', { time: formatDateTime(version.until, i18n.language) })}
              </Text>
            </div>
          ))}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
