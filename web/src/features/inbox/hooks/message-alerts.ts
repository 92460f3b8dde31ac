// Browser notifications and a sound for new customer messages (issue 26): in the operator's own
// conversations and in the unassigned queue, as each operator chose (GET /api/me/notification-settings).
// The WebSocket brings only what this person may see; this decides which of those deserve an alert.
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createElement } from 'react';
import i18n from 'i18next';
import type { NotificationSettings } from '@switchboard/contract';
import { api } from '../../../lib/api.ts';
import { chatDisplayName, type ServerEvent } from '../../conversations/index.ts';

export const notificationSettingsKey = ['me', 'notification-settings'] as const;

export function useNotificationSettings() {
  return useQuery({
    queryKey: notificationSettingsKey,
    queryFn: ({ signal }) => api.get<NotificationSettings>('/api/me/notification-settings', { signal }),
    staleTime: Number.POSITIVE_INFINITY,
    meta: { silent: true },
  });
}

export function useChangeNotificationSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: Partial<NotificationSettings>) => api.put<NotificationSettings>('/api/me/notification-settings', change),
    onSuccess: (settings) => queryClient.setQueryData(notificationSettingsKey, settings),
  });
}

export interface Alert {
  chatId: number;
  title: string;
  body: string;
}

/**
 * The alert a realtime event deserves, or null: a customer's message (not a note, not ours) in a
 * conversation the viewer holds (`mine`) or in the queue (`queue`), unless it is open in a visible tab; or a
 * colleague's @mention of the viewer in a private note (`mentions`).
 */
export function alertFor(
  event: ServerEvent,
  viewer: { id: number | string; settings: NotificationSettings; activeChatId: string | null; visible: boolean },
): Alert | null {
  // The server sends a mention only to the person named, and only when they may see the conversation.
  if (event.type === 'mention') {
    if (!viewer.settings.mentions) return null;
    return { chatId: event.chat_id, title: `@ ${event.by}`, body: event.text };
  }
  if (event.type !== 'new_message') return null;
  const { message, chat } = event;
  if (message.direction !== 'in' || message.is_private) return null;
  if (viewer.visible && viewer.activeChatId === String(chat.id)) return null;
  const holder = chat.assigned_operator_id;
  const wanted = holder == null ? viewer.settings.queue : String(holder) === String(viewer.id) && viewer.settings.mine;
  if (!wanted) return null;
  return { chatId: chat.id, title: chatDisplayName(chat), body: message.text || chat.last_message?.text || '' };
}

let audio: AudioContext | null = null;

/** A short two-note chime, made on the spot: no sound file to download with the inbox. */
export function playChime(): void {
  try {
    audio ??= new AudioContext();
    const start = audio.currentTime;
    for (const [index, frequency] of [880, 1320].entries()) {
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start + index * 0.12);
      gain.gain.exponentialRampToValueAtTime(0.15, start + index * 0.12 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + index * 0.12 + 0.25);
      tone.connect(gain).connect(audio.destination);
      tone.start(start + index * 0.12);
      tone.stop(start + index * 0.12 + 0.3);
    }
  } catch {
    // No audio (a locked-down browser): the notification still shows.
  }
}

/** Shows the alert as a browser notification (when allowed) and plays the chime (when chosen). */
export function showAlert(alert: Alert, settings: NotificationSettings, open: (chatId: number) => void): void {
  if (typeof Notification !== 'undefined' && Notification.permission === 'granted') {
    const notification = new Notification(alert.title, { body: alert.body.slice(0, 200), tag: `chat-${alert.chatId}` });
    notification.onclick = () => {
      window.focus();
      open(alert.chatId);
      notification.close();
    };
  }
  if (settings.sound) playChime();
}

/** A colleague's mention as a message in the page; clicking it opens the conversation. */
export function showMention(event: Extract<ServerEvent, { type: 'mention' }>, open: () => void): void {
  notifications.show({
    id: `mention-${event.message_id}`,
    title: i18n.t('operator.commands.mentionedYou', { by: event.by }),
    message: createElement('span', { 'data-testid': 'mention-toast', onClick: open, style: { cursor: 'pointer' } }, event.text),
    autoClose: 10_000,
  });
}
