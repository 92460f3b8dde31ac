import { ActionIcon, Box, Group, Image, Progress, Stack, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { AlertIcon, CloseIcon, FileIcon } from '../../../../components/ui/icons.tsx';
import type { PendingFile } from '../../hooks/useFileAttachments.ts';
import { formatBytes } from '../media/format.ts';

const tileSize = 72;

function FileTile({ file, onRemove, locked }: { file: PendingFile; onRemove(): void; locked: boolean }) {
  const { t, i18n } = useTranslation();
  const failed = file.state === 'failed';
  // A refused file is often not the image its name claims: show it as a file, not a broken picture.
  const preview = failed ? null : file.previewUrl;
  return (
    <Box
      component="li"
      pos="relative"
      data-testid="attachment"
      data-state={file.state}
      aria-label={file.name}
      style={{
        width: preview ? tileSize : 168,
        height: tileSize,
        flexShrink: 0,
        borderRadius: 'var(--mantine-radius-md)',
        overflow: 'hidden',
        border: `1px solid ${failed ? 'var(--mantine-color-red-filled)' : 'var(--mantine-color-default-border)'}`,
        background: 'var(--mantine-color-default-hover)',
      }}
    >
      {preview ? (
        <Image src={preview} alt={file.name} w={tileSize} h={tileSize} fit="cover" />
      ) : (
        <Group gap={6} wrap="nowrap" p={8} pr={28} h="100%" align="center">
          <Box c={failed ? 'red' : 'dimmed'} style={{ flexShrink: 0, display: 'flex' }}>
            {failed ? <AlertIcon size={22} /> : <FileIcon size={22} />}
          </Box>
          <Box style={{ minWidth: 0 }}>
            <Text size="xs" fw={500} lineClamp={2} style={{ wordBreak: 'break-all' }} dir="auto">
              {file.name}
            </Text>
            <Text size="xs" c="dimmed">
              {formatBytes(file.size, i18n.language)}
            </Text>
          </Box>
        </Group>
      )}
      {file.state === 'uploading' && (
        <Progress
          value={Math.round(file.progress * 100)}
          size="sm"
          radius={0}
          pos="absolute"
          bottom={0}
          left={0}
          right={0}
          aria-label={t('composer.uploading', { name: file.name })}
          data-testid="attachment-progress"
        />
      )}
      <Tooltip label={t('composer.removeFile', { name: file.name })}>
        <ActionIcon
          size="sm"
          radius="xl"
          variant="filled"
          color="dark"
          pos="absolute"
          top={4}
          right={4}
          onClick={onRemove}
          disabled={locked}
          aria-label={t('composer.removeFile', { name: file.name })}
          style={{ opacity: 0.85 }}
        >
          <CloseIcon size={12} />
        </ActionIcon>
      </Tooltip>
    </Box>
  );
}

/** Previews of the files to send, each removable, with upload progress and the server's refusals. */
export function AttachmentTray({
  files,
  onRemove,
  locked,
  overflow,
  limit,
}: {
  files: PendingFile[];
  onRemove(id: string): void;
  locked: boolean;
  overflow: boolean;
  /** Files one message may carry on this channel (its kind's album size). */
  limit: number;
}) {
  const { t } = useTranslation();
  if (files.length === 0 && !overflow) return null;
  const refused = files.filter((file) => file.state === 'failed');
  return (
    <Stack gap={6} mb="xs">
      <Box
        component="ul"
        aria-label={t('composer.attachments')}
        data-testid="attachment-tray"
        m={0}
        p={0}
        style={{ listStyle: 'none', display: 'flex', gap: 8, overflowX: 'auto', paddingTop: 2, paddingBottom: 2 }}
      >
        {files.map((file) => (
          <FileTile key={file.id} file={file} onRemove={() => onRemove(file.id)} locked={locked} />
        ))}
      </Box>
      {refused.map((file) => (
        <Text key={file.id} size="xs" c="red" role="alert" data-testid="attachment-error" dir="auto">
          {t('composer.refused', { name: file.name, reason: file.error })}
        </Text>
      ))}
      {overflow && (
        <Text size="xs" c="orange" role="status">
          {t('composer.tooManyFiles', { limit })}
        </Text>
      )}
    </Stack>
  );
}
