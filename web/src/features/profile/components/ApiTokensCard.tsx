import { ActionIcon, Alert, Button, Card, CopyButton, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../lib/dates.ts';
import { createToken, fetchTokens, revokeToken, tokensQueryKey, type ApiToken } from '../api/tokens.api.ts';
import { errorText } from '../../../lib/errors.ts';

/** The signed-in user's API tokens: list, create (the value shown once, with a copy button), revoke. */
export function ApiTokensCard() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const tokens = useQuery({ queryKey: tokensQueryKey, queryFn: fetchTokens });
  const refresh = () => queryClient.invalidateQueries({ queryKey: tokensQueryKey });
  const create = useMutation({ mutationFn: createToken, onSuccess: refresh });
  const revoke = useMutation({ mutationFn: revokeToken, onSuccess: refresh });
  const [name, setName] = useState('');
  const [expiry, setExpiry] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // The chosen day is valid to its end, in the user's time zone.
    create.mutate(
      { name: name.trim(), expires_at: expiry ? new Date(`${expiry}T23:59:59`).toISOString() : null },
      { onSuccess: () => (setName(''), setExpiry('')) },
    );
  };

  return (
    <Card withBorder padding="md">
      <Stack gap="md">
        <Title order={2} size="h4">
          {t('profile.tokensTitle')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('profile.tokensHelp')}
        </Text>
        {(tokens.error ?? create.error ?? revoke.error) && (
          <Alert color="red" role="alert">
            {errorText((tokens.error ?? create.error ?? revoke.error)!)}
          </Alert>
        )}
        {create.data && <NewToken name={create.data.name} token={create.data.token} onDone={() => create.reset()} />}
        <form onSubmit={submit}>
          <Group align="flex-end" gap="sm">
            <TextInput
              label={t('profile.tokenName')}
              description={t('profile.tokenNameHint')}
              required
              maxLength={100}
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
              data-testid="token-name"
            />
            <TextInput
              type="date"
              label={t('profile.tokenExpiry')}
              description={t('profile.tokenExpiryHint')}
              value={expiry}
              onChange={(event) => setExpiry(event.currentTarget.value)}
              data-testid="token-expiry"
            />
            <Button type="submit" loading={create.isPending} disabled={!name.trim()}>
              {t('profile.createToken')}
            </Button>
          </Group>
        </form>
        {tokens.data && tokens.data.length === 0 && <Text size="sm">{t('profile.noTokens')}</Text>}
        {tokens.data && tokens.data.length > 0 && (
          <TokensTable
            tokens={tokens.data}
            onRevoke={(id) => revoke.mutate(id)}
            revoking={revoke.isPending ? revoke.variables : undefined}
          />
        )}
      </Stack>
    </Card>
  );
}

function NewToken({ name, token, onDone }: { name: string; token: string; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert color="green" title={t('profile.newTokenTitle', { name })} data-testid="new-token">
      <Stack gap="xs">
        <Text size="sm">{t('profile.newTokenOnce')}</Text>
        <TextInput
          readOnly
          value={token}
          aria-label={t('profile.newTokenTitle', { name })}
          onFocus={(event) => event.currentTarget.select()}
          data-testid="new-token-value"
          ff="monospace"
        />
        <Group gap="xs">
          <CopyButton value={token}>
            {({ copied, copy }) => (
              <Button size="xs" variant={copied ? 'filled' : 'light'} color={copied ? 'green' : undefined} onClick={copy}>
                {copied ? t('profile.copied') : t('profile.copy')}
              </Button>
            )}
          </CopyButton>
          <Button size="xs" variant="default" onClick={onDone}>
            {t('profile.done')}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

function TokensTable({ tokens, onRevoke, revoking }: { tokens: ApiToken[]; onRevoke: (id: number) => void; revoking: number | undefined }) {
  const { t, i18n } = useTranslation();
  // Read once per mount: "expired" need not tick over while the page is open.
  const [now] = useState(() => Date.now());
  const when = (value: string | null, empty: string) => (value ? formatDateTime(value, i18n.language) : empty);
  const expiry = (token: ApiToken) =>
    token.expires_at && Date.parse(token.expires_at) < now ? t('profile.expired') : when(token.expires_at, t('profile.noExpiry'));
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table data-testid="tokens">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('profile.tokenName')}</Table.Th>
            <Table.Th>{t('profile.created')}</Table.Th>
            <Table.Th>{t('profile.lastUsed')}</Table.Th>
            <Table.Th>{t('profile.expires')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tokens.map((token) => (
            <Table.Tr key={token.id}>
              <Table.Td>{token.name}</Table.Td>
              <Table.Td>{when(token.created_at, '')}</Table.Td>
              <Table.Td>{when(token.last_used_at, t('profile.never'))}</Table.Td>
              <Table.Td>{expiry(token)}</Table.Td>
              <Table.Td>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  w="auto"
                  px="xs"
                  loading={revoking === token.id}
                  aria-label={t('profile.revokeToken', { name: token.name })}
                  onClick={() => onRevoke(token.id)}
                >
                  {t('profile.revoke')}
                </ActionIcon>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
