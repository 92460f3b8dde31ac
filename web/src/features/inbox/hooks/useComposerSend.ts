import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { readDraft, writeDraft } from '../../../lib/drafts.ts';
import { putChat, putSentMessage } from '../../conversations/index.ts';
import { addNote, sendToChat } from '../api/composer.api.ts';
import { inboxKeys } from '../../conversations/index.ts';
import type { Chat, Message } from '../../conversations/index.ts';
import type { PlannedSend } from '../components/composer/send-plan.ts';

function showInConversation(queryClient: QueryClient, chatId: Chat['id'], message: Message, preview: boolean) {
  putSentMessage(queryClient, message);
  const chat = queryClient.getQueryData<Chat>(inboxKeys.chat(chatId));
  // A private note is not the conversation's last word to the customer.
  if (chat && preview) {
    putChat(queryClient, {
      ...chat,
      last_message: { id: message.id, text: message.text, kind: message.kind, direction: 'out', created_at: message.created_at },
      last_message_at: message.created_at,
    });
  }
}

export interface SendRequest {
  plan: PlannedSend[];
  /** The draft slot the text came from: it is given back there if the send fails after the composer is gone. */
  draftKey: string;
  /** Called after each message of the plan is accepted, so a failure half-way resends only the rest. */
  onSent?(item: PlannedSend): void;
}

// Here, not in mutate(): these run even when the composer is gone (another chat, or sign-in after a 401).
function keepDraft(draftKey: string, text: string) {
  if (text.trim() && !readDraft(draftKey)) writeDraft(draftKey, text);
}
function dropDraft(draftKey: string, text: string) {
  if (readDraft(draftKey) === text) writeDraft(draftKey, '');
}

/**
 * Sends what the composer planned (text, files, albums) one message after another, or adds a private
 * note. Errors stay silent here: the composer shows them in place and gives everything back.
 */
export function useComposerSend(chatId: Chat['id']) {
  const queryClient = useQueryClient();
  const send = useMutation({
    mutationFn: async ({ plan, onSent }: SendRequest) => {
      const sent: Message[] = [];
      for (const item of plan) {
        const message = await sendToChat(chatId, item);
        showInConversation(queryClient, chatId, message, true);
        sent.push(message);
        onSent?.(item);
      }
      return sent;
    },
    onSuccess: (_sent, { plan, draftKey }) => dropDraft(draftKey, plan[0]?.text ?? ''),
    onError: (_error, { plan, draftKey }) => keepDraft(draftKey, plan[0]?.text ?? ''),
    meta: { silent: true },
  });
  const note = useMutation({
    mutationFn: ({ text, mentions }: { text: string; draftKey: string; mentions?: number[] }) => addNote(chatId, text, mentions),
    onSuccess: (message, { text, draftKey }) => {
      showInConversation(queryClient, chatId, message, false);
      dropDraft(draftKey, text);
    },
    onError: (_error, { text, draftKey }) => keepDraft(draftKey, text),
    meta: { silent: true },
  });
  return { send, note };
}
