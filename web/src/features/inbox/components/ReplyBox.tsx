import { ActionIcon, Box, Group, SegmentedControl, Text, Textarea, Tooltip } from '@mantine/core';
import { useCallback, useRef, useState, type ClipboardEvent, type DragEvent, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { MicIcon, NoteIcon, PaperclipIcon, SendIcon } from '../../../components/ui/icons.tsx';
import { errorText } from '../../../lib/errors.ts';
import { ApiError } from '../../../lib/api.ts';
import { useChannelKind, useChannelVocabulary } from '../../channels/index.ts';
import { useCoarsePointer } from '../../../lib/use-coarse-pointer.ts';
import { captionLimit, mentionedIn } from '../api/composer.api.ts';
import { messageTextLimit, type Chat } from '../../conversations/index.ts';
import { useCannedPicker } from '../hooks/useCannedPicker.ts';
import { draftKeyOf, useComposerDrafts, type ComposerMode } from '../hooks/useComposerDrafts.ts';
import { useComposerSend } from '../hooks/useComposerSend.ts';
import { useInsertAnswer, useMentionable } from '../hooks/useComposerExtras.ts';
import { useFileAttachments } from '../hooks/useFileAttachments.ts';
import { useTypingSignal } from '../hooks/useTypingSignal.ts';
import { useVoiceNote } from '../hooks/useVoiceNote.ts';
import { AttachmentTray } from './composer/AttachmentTray.tsx';
import { CannedSuggestions, cannedListId, cannedOptionId } from './composer/CannedSuggestions.tsx';
import { RecorderProblemNotice } from './composer/RecorderProblemNotice.tsx';
import { albumLimit, planSends } from './composer/send-plan.ts';
import { VoiceBar } from './composer/VoiceBar.tsx';

const hasFiles = (event: DragEvent) => event.dataTransfer.types.includes('Files');

/**
 * The composer: a reply (text, files, albums, voice notes) or a private note. Enter sends, Shift+Enter
 * breaks the line (on a touch screen Enter breaks the line and the button sends), "/" at the start
 * of a word opens saved answers. Drafts are kept per conversation and mode; a failed send
 * gives everything back. Mount with `key={chat.id}`.
 */
export function ReplyBox({ chat, onSent }: { chat: Chat; onSent(): void }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<ComposerMode>('reply');
  const drafts = useComposerDrafts(chat.id);
  const text = drafts.texts[mode];
  // The channel's own limits (its module's capabilities); the defaults hold while the kinds load and for notes.
  const channelKind = useChannelKind(chat.channel.kind);
  const capabilities = channelKind?.capabilities;
  const fileLimit = capabilities?.media.albums?.maxItems ?? albumLimit;
  const files = useFileAttachments(fileLimit);
  const { send, note } = useComposerSend(chat.id);
  const signalTyping = useTypingSignal(chat.id);
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const field = useRef<HTMLTextAreaElement>(null);
  const touch = useCoarsePointer();
  const noting = mode === 'note';

  const setText = (value: string) => {
    drafts.setText(mode, value);
    setError(null);
    // Private notes are ours alone: the customer must not even see "typing…" for them.
    if (!noting && value.trim()) signalTyping();
  };
  const canned = useCannedPicker(text, setText, field, chat.id);
  const colleagues = useMentionable(chat.id, noting);
  useInsertAnswer(field, (answer) => setText(text ? `${text} ${answer}` : answer));
  const sendVoice = useCallback(
    (filePath: string) => send.mutateAsync({ plan: [{ text: '', mediaPaths: [filePath] }], draftKey: draftKeyOf(chat.id, 'reply') }),
    [send, chat.id],
  );
  const voice = useVoiceNote(sendVoice);

  const messengerName = useChannelVocabulary(chat.channel.kind)?.messengerName ?? chat.messenger;
  const textLimit = noting ? messageTextLimit : (capabilities?.text.maxLength ?? messageTextLimit);
  const fileCaptionLimit = capabilities ? (capabilities.text.captionMaxLength ?? 0) : captionLimit;
  const canAttach = capabilities ? capabilities.media.kinds.length > 0 : true;
  const withFiles = !noting && files.files.length > 0;
  const limit = withFiles ? fileCaptionLimit : textLimit;
  const length = text.length;
  const tooLong = length > limit;
  const sendingFiles = send.isPending && withFiles;
  const canSend = noting
    ? text.trim().length > 0 && !tooLong
    : (text.trim().length > 0 || files.ready.length > 0) && !tooLong && !files.uploading && !files.failed && !sendingFiles && !voice.active;

  const attach = (chosen: File[]) => {
    if (chosen.length === 0) return;
    // Notes are text only: files always go to the customer, so attaching switches to a reply.
    setMode('reply');
    files.add(chosen);
  };

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (!canSend) return;
    const body = text.trim();
    const draftKey = draftKeyOf(chat.id, mode);
    drafts.hand(mode, body);
    setError(null);
    const fail = (failure: Error, giveBack: string | null) => {
      drafts.settle(mode, giveBack);
      if (!(failure instanceof ApiError && failure.status === 401)) setError(errorText(failure));
    };
    onSent();
    if (noting) {
      note.mutate(
        { text: body, draftKey, mentions: mentionedIn(body, colleagues) },
        { onSuccess: () => drafts.settle('note', null), onError: (failure) => fail(failure, body) },
      );
      return;
    }
    let captionSent = false;
    const plan = planSends(body, files.ready, fileLimit);
    send.mutate(
      {
        plan,
        draftKey,
        onSent: (item) => {
          captionSent ||= item === plan[0];
          files.removeSent(item.mediaPaths);
        },
      },
      { onSuccess: () => drafts.settle('reply', null), onError: (failure) => fail(failure, captionSent ? null : body) },
    );
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.nativeEvent.isComposing) return;
    if (canned.onKeyDown(event)) return event.preventDefault();
    if (event.key === 'Enter' && !event.shiftKey && !event.altKey && !touch) {
      event.preventDefault();
      submit();
    }
  };
  const onPaste = (event: ClipboardEvent<HTMLTextAreaElement>) => {
    const pasted = Array.from(event.clipboardData.files);
    if (pasted.length === 0) return;
    event.preventDefault();
    attach(pasted);
  };
  const onDrop = (event: DragEvent) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    setDragging(false);
    attach(Array.from(event.dataTransfer.files));
  };

  return (
    <Box
      component="form"
      onSubmit={submit}
      p="sm"
      pos="relative"
      aria-label={noting ? t('composer.noteFormLabel') : t('reply.formLabel')}
      data-mode={mode}
      data-testid="composer"
      onDragEnter={(event) => hasFiles(event) && setDragging(true)}
      onDragOver={(event) => hasFiles(event) && event.preventDefault()}
      onDragLeave={(event) => !event.currentTarget.contains(event.relatedTarget as Node | null) && setDragging(false)}
      onDrop={onDrop}
      style={{
        borderTop: `1px solid ${noting ? 'var(--mantine-color-yellow-filled)' : 'var(--mantine-color-default-border)'}`,
        background: noting ? 'var(--mantine-color-yellow-light)' : undefined,
        transition: 'background 120ms',
      }}
    >
      <Group justify="space-between" gap="xs" mb={6} wrap="nowrap">
        <SegmentedControl
          size="xs"
          value={mode}
          onChange={(value) => setMode(value)}
          aria-label={t('composer.mode')}
          color={noting ? 'yellow' : undefined}
          data={[
            { value: 'reply', label: t('composer.modeReply') },
            { value: 'note', label: t('composer.modeNote') },
          ]}
        />
        {noting && (
          <Text size="xs" c="yellow.9" fw={500} className="sb-ellipsis" style={{ minWidth: 0 }}>
            {colleagues.length > 0
              ? t('operator.commands.mentionHint', { names: colleagues.map((person) => `@${person.name}`).join(', ') })
              : t('composer.noteHint')}
          </Text>
        )}
      </Group>
      {!noting && (
        <AttachmentTray files={files.files} onRemove={files.remove} locked={sendingFiles} overflow={files.overflow} limit={fileLimit} />
      )}
      <RecorderProblemNotice
        problem={voice.recorder.state.phase === 'problem' ? voice.recorder.state.problem : null}
        onClose={voice.recorder.dismissProblem}
      />
      <Box pos="relative">
        {canned.open && (
          <CannedSuggestions
            chatId={chat.id}
            query={canned.query}
            items={canned.items}
            loading={canned.loading}
            active={canned.active}
            onPick={canned.pick}
            onHover={canned.hover}
          />
        )}
        <Group gap="xs" align="flex-end" wrap="nowrap">
          {voice.active ? (
            <VoiceBar voice={voice} />
          ) : (
            <>
              {!noting && canAttach && (
                <>
                  <input
                    ref={fileInput}
                    type="file"
                    multiple
                    hidden
                    data-testid="file-input"
                    onChange={(event) => {
                      attach(Array.from(event.currentTarget.files ?? []));
                      event.currentTarget.value = '';
                    }}
                  />
                  <Tooltip label={t('composer.attach')}>
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      size={36}
                      radius="xl"
                      onClick={() => fileInput.current?.click()}
                      aria-label={t('composer.attach')}
                      disabled={sendingFiles}
                    >
                      <PaperclipIcon />
                    </ActionIcon>
                  </Tooltip>
                </>
              )}
              <Textarea
                flex={1}
                autosize
                minRows={1}
                maxRows={8}
                aria-label={noting ? t('composer.noteLabel') : t('reply.label')}
                placeholder={noting ? t('composer.notePlaceholder') : withFiles ? t('composer.captionPlaceholder') : t('reply.placeholder')}
                ref={field}
                value={text}
                onChange={(event) => {
                  setText(event.currentTarget.value);
                  canned.trackCaret(event);
                }}
                onSelect={canned.trackCaret}
                enterKeyHint={touch ? 'enter' : 'send'}
                onKeyDown={onKeyDown}
                onPaste={onPaste}
                aria-autocomplete="list"
                aria-controls={canned.open ? cannedListId(chat.id) : undefined}
                aria-activedescendant={canned.open && canned.items.length > 0 ? cannedOptionId(chat.id, canned.active) : undefined}
                error={
                  tooLong
                    ? withFiles
                      ? t('composer.captionTooLong', { limit: fileCaptionLimit.toLocaleString(), messenger: messengerName })
                      : t('reply.tooLong', { limit: textLimit.toLocaleString(), messenger: messengerName })
                    : undefined
                }
                styles={noting ? { input: { borderColor: 'var(--mantine-color-yellow-filled)' } } : undefined}
                data-testid="reply-input"
                dir="auto"
              />
              {!noting && (
                <Tooltip label={t('composer.record')}>
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    size={36}
                    radius="xl"
                    onClick={() => void voice.recorder.start()}
                    aria-label={t('composer.record')}
                    disabled={sendingFiles}
                  >
                    <MicIcon />
                  </ActionIcon>
                </Tooltip>
              )}
            </>
          )}
          {!voice.active && (
            <Tooltip label={noting ? t('composer.addNote') : t('reply.send')}>
              <ActionIcon
                type="submit"
                size={36}
                radius="xl"
                color={noting ? 'yellow' : undefined}
                disabled={!canSend}
                loading={sendingFiles}
                aria-label={noting ? t('composer.addNote') : t('reply.send')}
                data-testid="send-button"
              >
                {noting ? <NoteIcon size={18} /> : <SendIcon size={18} />}
              </ActionIcon>
            </Tooltip>
          )}
        </Group>
      </Box>
      {error && (
        <Text size="sm" c="red" mt={6} role="alert" data-testid="composer-error" dir="auto">
          {error}
        </Text>
      )}
      <Group justify="space-between" mt={4} gap="xs" wrap="nowrap">
        {!noting && (files.uploading || files.failed) ? (
          <Text size="xs" c={files.failed ? 'red' : 'dimmed'} data-testid="composer-status">
            {files.uploading ? t('composer.waitForUploads') : t('composer.removeRefused')}
          </Text>
        ) : (
          <Text size="xs" c="dimmed" visibleFrom="sm">
            {touch ? t('reply.touchHint') : t('reply.hint')}
          </Text>
        )}
        {length >= limit - 600 && (
          <Text size="xs" c={tooLong ? 'red' : length > limit - 100 ? 'orange' : 'dimmed'} aria-live="polite" data-testid="reply-counter">
            {t('reply.counter', { count: length, limit })}
          </Text>
        )}
      </Group>
      {dragging && (
        <Box
          pos="absolute"
          inset={0}
          aria-hidden
          style={{
            display: 'grid',
            placeItems: 'center',
            border: '2px dashed var(--mantine-primary-color-filled)',
            borderRadius: 'var(--mantine-radius-md)',
            background: 'var(--mantine-color-body)',
            opacity: 0.95,
            pointerEvents: 'none',
          }}
        >
          <Text fw={600}>{t('composer.dropHere')}</Text>
        </Box>
      )}
    </Box>
  );
}
