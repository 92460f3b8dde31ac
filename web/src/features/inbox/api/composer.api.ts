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
  /** The text with its variables filled for the conversation asked about (`?chat_id=`). */
  rendered?: string;
  /** Whether the reader may change it (its owner or an admin). */
  can_edit?: boolean;
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

/** `mentions`: colleagues named with @ (GET /api/chats/:id/mentionable), each told by a `mention` event. */
export function addNote(chatId: Chat['id'], text: string, mentions: number[] = []): Promise<Message> {
  return api.post<Message>(`${chatPath(chatId)}/notes`, mentions.length ? { text, mentions } : { text });
}

export interface Colleague {
  id: number;
  name: string;
}

/** Colleagues who may see the conversation, so a note may @mention them. */
export function fetchMentionable(chatId: Chat['id'], signal?: AbortSignal): Promise<{ results: Colleague[] }> {
  return api.get(`${chatPath(chatId)}/mentionable`, { signal });
}

/** The colleagues a note names as "@Name" (longest names first, so "@Anna Maria" is not read as "@Anna"). */
export function mentionedIn(text: string, colleagues: Colleague[]): number[] {
  const lower = text.toLowerCase();
  const found = new Set<number>();
  for (const person of [...colleagues].sort((a, b) => b.name.length - a.name.length)) {
    const at = lower.indexOf(`@${person.name.toLowerCase()}`);
    if (at >= 0 && (at === 0 || /\s|\(/.test(lower[at - 1]!))) found.add(person.id);
  }
  return [...found];
}

export function signalTyping(chatId: Chat['id']): Promise<{ ok: boolean; sent: boolean }> {
  return api.post(`${chatPath(chatId)}/typing`, {});
}

/** With `chatId`, each answer comes with its variables filled for that conversation (`rendered`). */
export function fetchCannedResponses(query: string, chatId?: Chat['id'], signal?: AbortSignal): Promise<Page<CannedResponse>> {
  return api.get<Page<CannedResponse>>(withQuery('/api/canned-responses', { q: query, chat_id: chatId }), { signal });
}
