import { useCallback, useEffect, useRef, useState } from 'react';
import { errorText } from '../../../lib/errors.ts';
import { uploadFile, type UploadedFile } from '../api/composer.api.ts';
import { albumLimit } from '../components/composer/send-plan.ts';

/** A file chosen in the composer: uploaded at once, so the server's verdict shows before Send. */
export interface PendingFile {
  id: string;
  name: string;
  size: number;
  /** An object URL for images, to preview them. */
  previewUrl: string | null;
  state: 'uploading' | 'ready' | 'failed';
  /** 0…1 while uploading. */
  progress: number;
  uploaded?: UploadedFile;
  /** The server's words on why it refused the file. */
  error?: string;
}

const previewable = /^image\/(jpeg|png|gif|webp|bmp|avif)$/;
let counter = 0;

/** Files attached to the message being written; at most `limit` (one album of the channel's kind). */
export function useFileAttachments(limit: number = albumLimit) {
  const [files, setFiles] = useState<PendingFile[]>([]);
  const [overflow, setOverflow] = useState(false);
  const filesRef = useRef(files);
  useEffect(() => {
    filesRef.current = files;
  }, [files]);
  const uploads = useRef(new Map<string, AbortController>());
  const limitRef = useRef(limit);
  useEffect(() => {
    limitRef.current = limit;
  }, [limit]);

  const update = useCallback((id: string, patch: Partial<PendingFile>) => {
    setFiles((current) => current.map((item) => (item.id === id ? { ...item, ...patch } : item)));
  }, []);

  const add = useCallback(
    (chosen: File[]) => {
      const room = limitRef.current - filesRef.current.length;
      setOverflow(chosen.length > room);
      const taken = chosen.slice(0, Math.max(0, room));
      const added = taken.map((file) => ({
        file,
        item: {
          id: `file-${++counter}`,
          name: file.name || 'file',
          size: file.size,
          previewUrl: previewable.test(file.type) ? URL.createObjectURL(file) : null,
          state: 'uploading' as const,
          progress: 0,
        },
      }));
      setFiles((current) => [...current, ...added.map(({ item }) => item)]);
      for (const { file, item } of added) {
        const controller = new AbortController();
        uploads.current.set(item.id, controller);
        uploadFile(file, item.name, { signal: controller.signal, onProgress: (progress) => update(item.id, { progress }) })
          .then((uploaded) => update(item.id, { state: 'ready', progress: 1, uploaded }))
          .catch((error: unknown) => {
            if ((error as Error).name === 'AbortError') return;
            update(item.id, { state: 'failed', error: errorText(error) });
          })
          .finally(() => uploads.current.delete(item.id));
      }
    },
    [update],
  );

  const remove = useCallback((id: string) => {
    uploads.current.get(id)?.abort();
    setOverflow(false);
    setFiles((current) => {
      const gone = current.find((item) => item.id === id);
      if (gone?.previewUrl) URL.revokeObjectURL(gone.previewUrl);
      return current.filter((item) => item.id !== id);
    });
  }, []);

  /** After a send: these files are in the conversation now. */
  const removeSent = useCallback((filePaths: string[]) => {
    setOverflow(false);
    setFiles((current) =>
      current.filter((item) => {
        const sent = item.uploaded !== undefined && filePaths.includes(item.uploaded.file_path);
        if (sent && item.previewUrl) URL.revokeObjectURL(item.previewUrl);
        return !sent;
      }),
    );
  }, []);

  useEffect(() => {
    const pending = uploads.current;
    return () => {
      for (const controller of pending.values()) controller.abort();
      for (const item of filesRef.current) if (item.previewUrl) URL.revokeObjectURL(item.previewUrl);
    };
  }, []);

  return {
    files,
    add,
    remove,
    removeSent,
    /** More files were chosen than one message can carry; the rest were left out. */
    overflow,
    uploading: files.some((item) => item.state === 'uploading'),
    failed: files.some((item) => item.state === 'failed'),
    ready: files.flatMap((item) => (item.uploaded ? [item.uploaded] : [])),
  };
}
