import { Alert, Anchor, Button, FileButton, Group, Image, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../lib/api.ts';
import { errorText } from '../../../lib/errors.ts';
import { dispatchKey, fetchJobFiles, postComment, uploadJobFile, type HistoryEntry } from '../dispatch.api.ts';

const when = (iso: string, language: string) =>
  new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

/** The upload's own words for the server's refusals of a file (its type, its size); others read as any API error. */
const uploadRefusals: Partial<Record<string, string>> = {
  unsupported_media_type: 'dispatch.job.fileType',
  file_too_large: 'dispatch.job.fileTooBig',
};
const uploadRefusal = (error: unknown) => (error instanceof ApiError ? uploadRefusals[error.code] : undefined);

/** The job's photos and documents (sent from the bot or added here): photos as thumbnails, the rest as links. */
export function JobFiles({ jobId }: { jobId: number }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const files = useQuery({ queryKey: [...dispatchKey, 'job', jobId, 'files'], queryFn: () => fetchJobFiles(jobId) });
  // The history gains a "file" entry too: refresh the whole job.
  const upload = useMutation({
    mutationFn: uploadJobFile,
    // The drawer says what was wrong with the file itself (below the photos), not in a toast too.
    meta: { silent: true },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...dispatchKey, 'job', jobId] }),
  });
  const list = files.data?.results ?? [];
  const photos = list.filter((file) => file.content_type.startsWith('image/'));
  const documents = list.filter((file) => !file.content_type.startsWith('image/'));
  return (
    <section aria-label={t('dispatch.job.photos')} data-testid="job-files">
      <Title order={3} size="h6" mb={4}>
        {t('dispatch.job.photos')}
      </Title>
      {files.error && <Alert color="red">{errorText(files.error)}</Alert>}
      {files.isSuccess && list.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('dispatch.job.noPhotos')}
        </Text>
      )}
      {photos.length > 0 && (
        <SimpleGrid cols={3} spacing={6}>
          {photos.map((photo) => (
            <Anchor key={photo.id} href={photo.url} target="_blank" rel="noreferrer">
              <Image src={photo.url} alt={photo.name} radius="sm" h={80} fit="cover" />
            </Anchor>
          ))}
        </SimpleGrid>
      )}
      {documents.map((file) => (
        <Anchor key={file.id} href={file.url} target="_blank" rel="noreferrer" size="sm" display="block">
          📄 {file.name}
        </Anchor>
      ))}
      {upload.error && (
        <Alert color="red" mt={6} data-testid="job-file-error">
          {uploadRefusal(upload.error) ? t(uploadRefusal(upload.error)!) : errorText(upload.error)}
        </Alert>
      )}
      <Group justify="flex-end" mt={6}>
        <FileButton
          accept="image/jpeg,image/png,image/webp,image/heic,application/pdf,.docx,.xlsx"
          onChange={(file) => file && upload.mutate({ id: jobId, file })}
        >
          {(props) => (
            <Button {...props} size="xs" variant="light" loading={upload.isPending} data-testid="job-file-add">
              {t('dispatch.job.addFile')}
            </Button>
          )}
        </FileButton>
      </Group>
      <Text size="xs" c="dimmed" ta="right">
        {t('dispatch.job.addFileHint')}
      </Text>
    </section>
  );
}

/** The job's comments (its history's comment entries) and a form to add one; the crew get it in the bot. */
export function JobComments({ jobId, history }: { jobId: number; history: HistoryEntry[] }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const send = useMutation({
    mutationFn: postComment,
    onSuccess: () => {
      setText('');
      return queryClient.invalidateQueries({ queryKey: [...dispatchKey, 'job', jobId] });
    },
  });
  const comments = history.filter((entry) => entry.event === 'comment');
  return (
    <section aria-label={t('dispatch.job.comments')} data-testid="job-comments">
      <Title order={3} size="h6" mb={4}>
        {t('dispatch.job.comments')}
      </Title>
      <Stack gap={6}>
        {comments.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('dispatch.job.noComments')}
          </Text>
        )}
        {comments.map((comment) => (
          <div key={comment.id}>
            <Text size="xs" c="dimmed">
              {comment.actor.name ?? t(`dispatch.actor.${comment.actor.kind}`)} · {when(comment.at, i18n.language)}
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {comment.note}
            </Text>
          </div>
        ))}
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (text.trim()) send.mutate({ id: jobId, text: text.trim() });
          }}
        >
          <Stack gap={6}>
            <Textarea
              label={t('dispatch.job.newComment')}
              description={t('dispatch.job.newCommentHint')}
              value={text}
              onChange={(event) => setText(event.currentTarget.value)}
              autosize
              minRows={2}
              maxLength={4000}
            />
            {send.error && <Alert color="red">{errorText(send.error)}</Alert>}
            <Button type="submit" size="xs" loading={send.isPending} disabled={text.trim() === ''} style={{ alignSelf: 'flex-end' }}>
              {t('dispatch.job.sendComment')}
            </Button>
          </Stack>
        </form>
      </Stack>
    </section>
  );
}
