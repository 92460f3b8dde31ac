import { randomBytes } from 'node:crypto';
import type { FileKind } from './simulator-types.ts';
import { without } from './object-utils.ts';

export interface StoredFile {
  file_id: string;
  file_unique_id: string;
  botId: number;
  kind: FileKind;
  bytes: Buffer;
  size: number;
  file_path: string;
  mime_type?: string;
  file_name?: string;
  url?: string;
  width?: number;
  height?: number;
  duration?: number;
}

export type NewFile = Omit<StoredFile, 'file_id' | 'file_unique_id' | 'botId' | 'size' | 'file_path'> & { ext?: string };

// Real file_ids start with a type-dependent prefix; mimicking it keeps logs recognisable.
const PREFIX: Record<FileKind, string> = {
  photo: 'AgACAgIAAxkBAAI',
  document: 'BQACAgIAAxkBAAI',
  voice: 'AwACAgIAAxkBAAI',
  audio: 'CQACAgIAAxkBAAI',
  video: 'BAACAgIAAxkBAAI',
  sticker: 'CAACAgIAAxkBAAI',
};
const FOLDER: Record<FileKind, string> = {
  photo: 'photos',
  document: 'documents',
  voice: 'voice',
  audio: 'music',
  video: 'videos',
  sticker: 'stickers',
};
const DEFAULT_EXT: Record<FileKind, string> = {
  photo: 'jpg',
  document: 'bin',
  voice: 'oga',
  audio: 'mp3',
  video: 'mp4',
  sticker: 'webp',
};

export interface FileStore {
  add(botId: number, file: NewFile): StoredFile;
  get(botId: number, fileId: string): StoredFile | undefined;
  byPath(botId: number, filePath: string): StoredFile | undefined;
  reset(): void;
}

export function createFileStore(): FileStore {
  const byId = new Map<string, StoredFile>();
  const byPath = new Map<string, StoredFile>();
  const counters = new Map<number, number>();

  return {
    add(botId, file) {
      const n = counters.get(botId) ?? 0;
      counters.set(botId, n + 1);
      const extFromName = file.file_name?.includes('.') ? file.file_name.split('.').pop() : undefined;
      const ext = (file.ext ?? extFromName ?? DEFAULT_EXT[file.kind]).toLowerCase();
      const stored: StoredFile = {
        ...without(file, 'ext'),
        file_id: PREFIX[file.kind] + randomBytes(45).toString('base64url'),
        file_unique_id: 'AQAD' + randomBytes(9).toString('base64url'),
        botId,
        size: file.bytes.length,
        file_path: `${FOLDER[file.kind]}/file_${n}.${ext}`,
      };
      byId.set(stored.file_id, stored);
      byPath.set(`${botId}/${stored.file_path}`, stored);
      return stored;
    },
    get(botId, fileId) {
      const file = byId.get(fileId);
      return file && file.botId === botId ? file : undefined;
    },
    byPath: (botId, filePath) => byPath.get(`${botId}/${filePath}`),
    reset() {
      byId.clear();
      byPath.clear();
      counters.clear();
    },
  };
}
