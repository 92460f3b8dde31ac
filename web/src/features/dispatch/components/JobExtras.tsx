import { Alert, Anchor, Button, Image, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../lib/errors.ts';
import { dispatchKey, fetchJobFiles, postComment, type HistoryEntry } from '../dispatch.api.ts';

const when = (iso: string, language: string) =>
  new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

/** The photos and documents the crew sent from the bot: photos as thumbnails, the rest as links. */
export function JobFiles({ jobId }: { jobId: number }) {
  const { t } = useTranslation();
  const files = useQuery({ queryKey: [...dispatchKey, 'job', jobId, 'files'], queryFn: () => fetchJobFiles(jobId) });
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
