// What every tab of the clinic admin shares: a refusal's message, a catalogue change that refreshes the catalogue,
// a row's switch and delete buttons, and its active badge.
import { Alert, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../lib/errors.ts';
import { catalogueKey, deleteRecord, setActive } from '../admin.api.ts';

/** A refusal: the localized meaning of its code, then the server's own words (they name what to fix). */
export function Failure({ error }: { error: Error | null | undefined }) {
  if (!error) return null;
  const general = errorText(error);
  return (
    <Alert color="red" role="alert">
      {general}
      {general !== error.message && (
        <Text size="sm" mt={4}>
          {error.message}
        </Text>
      )}
    </Alert>
  );
}

/** A mutation that refreshes the catalogue and shows its own error. */
export function useCatalogueChange<Input>(run: (input: Input) => Promise<unknown>, onDone?: () => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: catalogueKey });
      onDone?.();
    },
    meta: { silent: true },
  });
}

/** Switch on/off and delete: a record appointments use is refused with the server's message naming them. */
export function RowActions({ kind, id, active }: { kind: 'branches' | 'services' | 'doctors'; id: number; active: boolean }) {
  const { t } = useTranslation();
  const toggle = useCatalogueChange(setActive);
  const remove = useCatalogueChange(deleteRecord);
  const failure = toggle.error ?? remove.error;
  return (
    <Stack gap={4}>
      <Group gap={4} wrap="nowrap">
        <Button size="compact-xs" variant="light" onClick={() => toggle.mutate({ kind, id, is_active: !active })}>
          {active ? t('clinicAdmin.switchOff') : t('clinicAdmin.switchOn')}
        </Button>
        <Button size="compact-xs" variant="subtle" color="red" onClick={() => remove.mutate({ kind, id })}>
          {t('clinicAdmin.delete')}
        </Button>
      </Group>
      {failure && (
        <Text size="xs" c="red" maw={360} role="alert">
          {/* As Failure above: the meaning in the reader's language, then the server's words (the appointments in the way). */}
          {errorText(failure)} {failure.message}
        </Text>
      )}
    </Stack>
  );
}

/** Whether a branch, service or doctor is offered. */
export const ActiveBadge = ({ active }: { active: boolean }) => {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={active ? 'teal' : 'gray'}>
      {active ? t('clinicAdmin.active') : t('clinicAdmin.off')}
    </Badge>
  );
};
