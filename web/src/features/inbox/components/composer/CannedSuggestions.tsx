import { Box, Loader, Paper, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CannedResponse } from '../../api/composer.api.ts';

export const cannedListId = (chatId: string | number) => `canned-list-${chatId}`;
export const cannedOptionId = (chatId: string | number, index: number) => `canned-option-${chatId}-${index}`;

/**
 * The "/" list above the text field. Focus stays in the field (it owns aria-activedescendant); the
 * arrow keys move `active`, Enter or Tab insert, Esc closes. A click inserts too.
 */
export function CannedSuggestions({
  chatId,
  query,
  items,
  loading,
  active,
  onPick,
  onHover,
}: {
  chatId: string | number;
  query: string;
  items: CannedResponse[];
  loading: boolean;
  active: number;
  onPick(item: CannedResponse): void;
  onHover(index: number): void;
}) {
  const { t } = useTranslation();
  return (
    <Paper
      withBorder
      shadow="md"
      radius="md"
      pos="absolute"
      left={0}
      right={0}
      bottom="100%"
      mb={6}
      style={{ zIndex: 10, maxHeight: 260, overflowY: 'auto' }}
      data-testid="canned-suggestions"
    >
      <Text size="xs" c="dimmed" px="sm" pt={6} pb={4}>
        {t('composer.cannedTitle')}
      </Text>
      <Box
        component="ul"
        id={cannedListId(chatId)}
        role="listbox"
        aria-label={t('composer.cannedTitle')}
        m={0}
        p={0}
        pb={4}
        style={{ listStyle: 'none' }}
      >
        {items.map((item, index) => (
          <Box
            component="li"
            key={item.id}
            id={cannedOptionId(chatId, index)}
            role="option"
            aria-selected={index === active}
            px="sm"
            py={6}
            // mousedown, not click: the field keeps focus (and its caret) when the list is used by mouse.
            onMouseDown={(event) => {
              event.preventDefault();
              onPick(item);
            }}
            onMouseEnter={() => onHover(index)}
            style={{ cursor: 'pointer', background: index === active ? 'var(--mantine-primary-color-light)' : undefined }}
          >
            <Text size="sm" fw={600}>
              /{item.shortcut}
            </Text>
            <Text size="xs" c="dimmed" lineClamp={2} dir="auto">
              {item.text}
            </Text>
          </Box>
        ))}
      </Box>
      {items.length === 0 && (
        <Text size="sm" c="dimmed" px="sm" pb="xs" role="status">
          {loading ? <Loader size="xs" aria-label={t('common.loading')} /> : t('composer.cannedNone', { query: `/${query}` })}
        </Text>
      )}
    </Paper>
  );
}
