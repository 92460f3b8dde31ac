import {
  Button,
  Code,
  FileInput,
  Group,
  MultiSelect,
  Paper,
  Select,
  Stack,
  TagsInput,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SegmentCondition } from '@switchboard/contract/segments';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../lib/errors.ts';
import { useChannelKinds } from '../../channels/index.ts';
import {
  broadcastsKey,
  createBroadcast,
  fetchAccounts,
  previewSegment,
  scheduleBroadcast,
  startBroadcast,
  uploadBroadcastMedia,
  type BroadcastInput,
  type BroadcastMedia,
  type BroadcastKind,
  type BroadcastTemplate,
  type SegmentFilter,
} from '../api/broadcasts.api.ts';
import { ReachDetails } from './ReachDetails.tsx';
import { SavedSegments } from './SavedSegments.tsx';
import { ConversationFilters, type ConversationNarrowing } from './ConversationFilters.tsx';
import { dayOf, narrowing, SegmentConditions } from './SegmentConditions.tsx';
import { TemplateFields } from './TemplateFields.tsx';

const languageOptions = ['ru', 'kk', 'en'] as const;

/** Text, audience and time in one form; the reach is counted again as the filter changes. */
export function ComposeForm({ onCreated }: { onCreated(id: number): void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const allAccounts = useQuery({ queryKey: ['broadcast-accounts'], queryFn: fetchAccounts });
  const kinds = useChannelKinds();
  const reachOf = (kind: string) => kinds.data?.find((each) => each.kind === kind)?.capabilities.broadcasts;
  // Only accounts whose messenger lets one message go to many people (never a personal account); a template-only
  // one needs the broadcast's approved template.
  const accounts = allAccounts.data?.filter((account) => ['free', 'template'].includes(reachOf(account.kind) ?? 'never'));
  const [name, setName] = useState('');
  const [kind, setKind] = useState<BroadcastKind>('marketing');
  const [chosenChannel, setChannelId] = useState<number | null>(null);
  const [languages, setLanguages] = useState<string[]>([]);
  const [tags, setTags] = useState<string[]>([]);
  const [conversations, setConversations] = useState<ConversationNarrowing>({});
  // What a saved segment narrows by that this form does not show (the last message in either direction …): kept.
  const [extras, setExtras] = useState<Partial<SegmentFilter>>({});
  const [conditions, setConditions] = useState<SegmentCondition[]>([]);
  const [inbound, setInbound] = useState({ from: '', to: '' });
  const [text, setText] = useState('');
  const [variants, setVariants] = useState<Record<string, string>>({});
  const [buttonTitle, setButtonTitle] = useState('');
  const [buttonUrl, setButtonUrl] = useState('');
  const [sendAt, setSendAt] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [template, setTemplate] = useState<BroadcastTemplate | null>(null);
  // Uploaded as soon as it is chosen: the server reads its type from the bytes and answers at once if it refuses it.
  const upload = useMutation({ mutationFn: (chosen: File) => uploadBroadcastMedia(chosen), meta: { silent: true } });
  const media: BroadcastMedia | undefined = file ? upload.data : undefined;
  const chooseFile = (chosen: File | null) => {
    setFile(chosen);
    upload.reset();
    if (chosen) upload.mutate(chosen);
  };
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

  // The first bot until the admin picks another.
  const channelId = chosenChannel ?? accounts?.[0]?.id ?? null;
  const account = accounts?.find((each) => each.id === channelId);
  const templateOnly = account !== undefined && reachOf(account.kind) === 'template';
  // The account's kind caps a message; the server also counts the link buttons' lines and a file's caption limit.
  const textLimit = account ? kinds.data?.find((each) => each.kind === account.kind)?.capabilities.text.maxLength : undefined;

  const filter =
    channelId === null
      ? null
      : {
          ...extras,
          ...conversations,
          channel_id: channelId,
          ...(languages.length > 0 ? { languages } : {}),
          ...(tags.length > 0 ? { tags } : {}),
          ...narrowing(conditions, inbound),
        };
  const applySegment = (saved: SegmentFilter) => {
    const { channel_id, languages: savedLanguages, tags: savedTags, conditions: savedConditions, ...rest } = saved;
    const { last_inbound_after: after, last_inbound_before: before, label_ids, statuses, ...others } = rest;
    setChannelId(channel_id);
    setTemplate(null);
    setLanguages(savedLanguages ?? []);
    setTags(savedTags ?? []);
    setConditions(savedConditions ?? []);
    setInbound({ from: after ? dayOf(after) : '', to: before ? dayOf(before, true) : '' });
    setConversations({ ...(label_ids ? { label_ids } : {}), ...(statuses ? { statuses } : {}) });
    setExtras(others);
  };
  // Counted again a moment after the filter stops changing (typing a value does not count at every key).
  const [counted] = useDebouncedValue(filter, 300);
  const preview = useQuery({
    queryKey: ['broadcast-preview', kind, counted],
    queryFn: () => previewSegment(kind, counted!),
    enabled: counted !== null,
    meta: { silent: true },
  });

  const send = useMutation({
    mutationFn: async (when: 'now' | 'later') => {
      const input: BroadcastInput = {
        name,
        kind,
        filter: filter!,
        texts: { default: text, ...Object.fromEntries(Object.entries(variants).filter(([, value]) => value.trim())) },
        ...(buttonTitle.trim() && buttonUrl.trim() ? { buttons: [{ title: buttonTitle, url: buttonUrl }] } : {}),
        ...(media ? { media: { file_id: media.file_id } } : {}),
        ...(templateOnly && template ? { template } : {}),
      };
      const created = await createBroadcast(input);
      if (when === 'now') await startBroadcast(created.id);
      else await scheduleBroadcast(created.id, new Date(sendAt).toISOString(), zone);
      return created;
    },
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: broadcastsKey });
      onCreated(created.id);
    },
    meta: { silent: true },
  });

  const ready =
    name.trim() !== '' &&
    text.trim() !== '' &&
    filter !== null &&
    (file === null || media !== undefined) &&
    (!templateOnly || template !== null);
  return (
    <Paper withBorder p="md" component="form" aria-label={t('broadcasts.compose')} onSubmit={(event) => event.preventDefault()}>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('broadcasts.compose')}
        </Title>
        <Group grow align="flex-start">
          <TextInput
            label={t('broadcasts.name')}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            required
            maxLength={200}
          />
          <Select
            label={t('broadcasts.kind')}
            data={(['marketing', 'service'] as const).map((value) => ({ value, label: t(`broadcasts.kinds.${value}`) }))}
            value={kind}
            onChange={(value) => value && setKind(value)}
            allowDeselect={false}
          />
        </Group>
        <Group grow align="flex-start">
          <Select
            label={t('broadcasts.account')}
            data={(accounts ?? []).map((account) => ({
              value: String(account.id),
              label: account.bot_username ? `${account.name} (${account.bot_username})` : account.name,
            }))}
            value={channelId === null ? null : String(channelId)}
            onChange={(value) => {
              setChannelId(value ? Number(value) : null);
              setTemplate(null);
            }}
            allowDeselect={false}
          />
          <MultiSelect
            label={t('broadcasts.languages')}
            placeholder={languages.length === 0 ? t('broadcasts.anyLanguage') : undefined}
            data={[...languageOptions]}
            value={languages}
            onChange={setLanguages}
          />
        </Group>
        <TagsInput
          label={t('broadcasts.segment.tags')}
          placeholder={tags.length === 0 ? t('broadcasts.segment.tagsPlaceholder') : undefined}
          value={tags}
          onChange={setTags}
          maxTags={50}
          clearable
        />
        <ConversationFilters value={conversations} onChange={setConversations} />
        <SegmentConditions conditions={conditions} onConditions={setConditions} inbound={inbound} onInbound={setInbound} />
        {preview.error && (
          <Text c="red" size="sm" role="alert">
            {errorText(preview.error)}
          </Text>
        )}
        <SavedSegments filter={filter} onPick={applySegment} />
        <Text size="sm" aria-live="polite" data-testid="broadcast-reach">
          {preview.data
            ? t('broadcasts.reach', { count: preview.data.count })
            : t(filter === null ? 'broadcasts.reachUnknown' : 'broadcasts.counting')}
        </Text>
        {preview.data && <ReachDetails preview={preview.data} />}
        {preview.data && preview.data.sample.length > 0 && (
          <Text size="xs" c="dimmed">
            {t('broadcasts.sample', { names: preview.data.sample.map((contact) => contact.name).join(', ') })}
          </Text>
        )}
        <Textarea
          label={t('broadcasts.text')}
          description={
            <>
              <Code>{'{{name|…}}'}</Code> {t('broadcasts.textHint')}
            </>
          }
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          autosize
          minRows={3}
          maxLength={textLimit}
          required
        />
        {languageOptions.map((language) => (
          <Textarea
            key={language}
            label={t('broadcasts.variant', { language })}
            value={variants[language] ?? ''}
            onChange={(event) => setVariants({ ...variants, [language]: event.currentTarget.value })}
            autosize
            minRows={1}
            maxLength={textLimit}
          />
        ))}
        {templateOnly && <TemplateFields accountId={account.id} value={template} onChange={setTemplate} />}
        <FileInput
          label={t('broadcasts.media')}
          description={media ? t(`broadcasts.mediaKind.${media.kind}`, { name: media.name }) : t('broadcasts.mediaHint')}
          accept="image/jpeg,image/png,image/webp,application/pdf,.docx,.xlsx,.pptx"
          value={file}
          onChange={chooseFile}
          error={upload.error ? errorText(upload.error) : undefined}
          clearable
          data-testid="broadcast-media"
        />
        <Group grow align="flex-start">
          <TextInput
            label={t('broadcasts.buttonTitle')}
            value={buttonTitle}
            onChange={(event) => setButtonTitle(event.currentTarget.value)}
            maxLength={64}
          />
          <TextInput
            label={t('broadcasts.buttonUrl')}
            value={buttonUrl}
            onChange={(event) => setButtonUrl(event.currentTarget.value)}
            placeholder="https://"
          />
        </Group>
        {send.error && (
          <Text c="red" size="sm" role="alert">
            {errorText(send.error)}
          </Text>
        )}
        <Group align="flex-end">
          <Button disabled={!ready} loading={send.isPending && send.variables === 'now'} onClick={() => send.mutate('now')}>
            {t('broadcasts.sendNow')}
          </Button>
          <TextInput
            type="datetime-local"
            label={t('broadcasts.sendAt', { zone })}
            value={sendAt}
            onChange={(event) => setSendAt(event.currentTarget.value)}
          />
          <Button
            variant="default"
            disabled={!ready || !sendAt}
            loading={send.isPending && send.variables === 'later'}
            onClick={() => send.mutate('later')}
          >
            {t('broadcasts.schedule')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
