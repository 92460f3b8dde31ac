// Changing or deleting a message the operator sent (server/src/inbox/message-edits.ts).
import { api } from '../../../lib/api.ts';
import type { Message } from '../../conversations/index.ts';

const messagePath = (id: Message['id']) => `/api/messages/${encodeURIComponent(String(id))}`;

export function editMessage(id: Message['id'], text: string): Promise<Message> {
  return api.patch<Message>(messagePath(id), { text });
}

export function deleteMessage(id: Message['id']): Promise<Message> {
  return api.delete<Message>(messagePath(id));
}
