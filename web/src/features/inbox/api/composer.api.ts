// What the composer sends: files (POST /api/upload/), messages with them, private notes, the typing
// signal and saved answers. Shapes follow server/src/inbox/{send,workflow}.routes.ts and media/uploads.service.ts.
import { api, apiUpload, withQuery, type Page, type UploadOptions } from '../../../lib/api.ts';
import type { Chat, Message } from '../../conversations/index.ts';

/** How the server will send an uploaded file, decided from its content (a WebM/Opus recording becomes `voice`). */
export type UploadKind = 'photo' | 'video' | 'voice' | 'audio' | 'document';

export interface UploadedFile {
  file_path: string;
  file_name: string;
  mime_type: string;
  size: number;
  kind: UploadKind;
}

export interface CannedResponse {
  id: number | string;
  shortcut: string;
  text: string;
}

/** A caption's limit until the channel's own (GET /api/channels/kinds) has loaded: platforms cap it lower than a message. */
export const captionLimit = 1024;

const chatPath = (chatId: Chat['id']) => `/api/chats/${encodeURIComponent(String(chatId))}`;

export function uploadFile(
  file: Blob,
  fileName: string,
  options: Pick<UploadOptions, 'onProgress' | 'signal'> = {},
): Promise<UploadedFile> {
  return apiUpload<UploadedFile>('/api/upload/', file, fileName, options);
}

/** Text, or files with the text as their caption (several files go as one album). */
export function sendToChat(chatId: Chat['id'], input: { text: string; mediaPaths?: string[] }): Promise<Message> {
  const paths = input.mediaPaths ?? [];
  const media = paths.length === 1 ? { media_path: paths[0] } : paths.length > 1 ? { media_paths: paths } : {};
  return api.post<Message>(`${chatPath(chatId)}/messages`, { text: input.text, ...media });
}

export function addNote(chatId: Chat['id'], text: string): Promise<Message> {
  return api.post<Message>(`${chatPath(chatId)}/notes`, { text });
}

export function signalTyping(chatId: Chat['id']): Promise<{ ok: boolean; sent: boolean }> {
  return api.post(`${chatPath(chatId)}/typing`, {});
}

export function fetchCannedResponses(query: string, signal?: AbortSignal): Promise<Page<CannedResponse>> {
  return api.get<Page<CannedResponse>>(withQuery('/api/canned-responses', { q: query }), { signal });
}
