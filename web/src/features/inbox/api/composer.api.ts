// What the composer sends: files (POST /api/upload/), messages with them, private notes, the typing
// signal and saved answers. The request and answer types are the API contract's (@switchboard/contract:
// media.ts, inbox.ts, inbox-workflow.ts, operator-commands.ts).
import type {
  CannedResponseList,
  CannedResponseQuery,
  Mentionable,
  NoteBody,
  SendBody,
  TypingSignal,
  UploadedFile,
} from '@switchboard/contract';
import { api, apiUpload, withQuery, type UploadOptions } from '../../../lib/api.ts';
import type { Chat, Message } from '../../conversations/index.ts';

/** UploadKind: how the server will send an uploaded file, decided from its content (a WebM/Opus recording becomes `voice`). */
export type { CannedResponse, UploadedFile, UploadKind } from '@switchboard/contract';
/** A colleague a private note may @mention. */
export type Colleague = Mentionable;

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
  const body: SendBody = { text: input.text, ...media };
  return api.post<Message>(`${chatPath(chatId)}/messages`, body);
}

/** `mentions`: colleagues named with @ (GET /api/chats/:id/mentionable), each told by a `mention` event. */
export function addNote(chatId: Chat['id'], text: string, mentions: number[] = []): Promise<Message> {
  const body: NoteBody = mentions.length ? { text, mentions } : { text };
  return api.post<Message>(`${chatPath(chatId)}/notes`, body);
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

export function signalTyping(chatId: Chat['id']): Promise<TypingSignal> {
  return api.post(`${chatPath(chatId)}/typing`, {});
}

/** With `chatId`, each answer comes with its variables filled for that conversation (`rendered`). */
export function fetchCannedResponses(query: string, chatId?: Chat['id'], signal?: AbortSignal): Promise<CannedResponseList> {
  const params: CannedResponseQuery = { q: query, chat_id: chatId };
  return api.get<CannedResponseList>(withQuery('/api/canned-responses', params), { signal });
}
