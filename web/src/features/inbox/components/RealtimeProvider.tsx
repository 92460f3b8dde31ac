import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { api } from '../../../lib/api.ts';
import { connectRealtime, type ConnectionState, type RealtimeConnection } from '../../../lib/realtime.ts';
import { applyServerEvent } from '../../conversations/index.ts';
import { markChatRead } from '../../conversations/index.ts';
import type { ServerEvent } from '../../conversations/index.ts';
import { RealtimeContext, type RealtimeStatus } from '../hooks/realtime-context.ts';
import { useNavigate } from 'react-router';
import { useSession } from '../../auth/index.ts';
import { businessKeys } from '../../business/index.ts';
import { isAccountAlert, showAccountAlert } from '../hooks/account-alerts.ts';
import { alertFor, showAlert, showMention, useNotificationSettings } from '../hooks/message-alerts.ts';

/** One WebSocket per signed-in tab; every event lands in the query cache. */
export function RealtimeProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const activeChat = useRef<string | null>(null);
  const connection = useRef<RealtimeConnection | null>(null);
  const [state, setState] = useState<ConnectionState>('connecting');
  const [recoveredAt, setRecoveredAt] = useState<number | null>(null);
  const [resynced, setResynced] = useState(false);
  // Read by the socket's handler through a ref, so a change of settings does not reconnect.
  const me = useSession().data;
  const settings = useNotificationSettings().data;
  const navigate = useNavigate();
  const alerting = useRef({ me, settings, navigate });
  useEffect(() => {
    alerting.current = { me, settings, navigate };
  }, [me, settings, navigate]);

  useEffect(() => {
    const resync = () => {
      setResynced(true);
      void queryClient.resetQueries({ queryKey: ['chats'] });
      void queryClient.resetQueries({ queryKey: ['messages'] });
    };
    const context = {
      activeChatId: () => activeChat.current,
      markRead: (chatId: string | number) => void markChatRead(chatId).catch(() => undefined),
      resync,
    };
    const realtime = connectRealtime({
      path: '/ws/messages',
      onEvent: (event) => {
        applyServerEvent(queryClient, event as ServerEvent, context);
        // An account's chats can (no longer) be answered: the open conversation's composer says so at once.
        if (event.type === 'reply_status_changed') void queryClient.invalidateQueries({ queryKey: businessKeys.allReplyStatuses });
        const { me: viewer, settings: chosen, navigate: go } = alerting.current;
        // Only admins receive these (the server addresses each admin); the accounts page is where they act.
        if (isAccountAlert(event)) return showAccountAlert(event, () => void go('/settings/messengers'));
        if (!viewer || !chosen) return;
        const alert = alertFor(event as ServerEvent, {
          id: viewer.id,
          settings: chosen,
          activeChatId: activeChat.current,
          visible: document.visibilityState === 'visible',
        });
        if (!alert) return;
        showAlert(alert, chosen, (chatId) => void go(`/inbox/${chatId}`));
        // A mention also shows in the page, so it is seen even where the browser's notifications are off.
        if (event.type === 'mention')
          showMention(event as Extract<ServerEvent, { type: 'mention' }>, () => void go(`/inbox/${event.chat_id}`));
      },
      onStateChange: (next, details) => {
        setState(next);
        // A socket that keeps failing may mean the session ended: a 401 here returns to sign-in.
        if (next === 'reconnecting' && details.attempt >= 2) void api.get('/api/auth/me').catch(() => undefined);
        if (next === 'open' && details.recovered) {
          setRecoveredAt(Date.now());
          // Replay covers the gap; refreshing what is on screen also covers a server that restarted.
          void queryClient.invalidateQueries({ queryKey: ['chats'] });
          void queryClient.invalidateQueries({ queryKey: ['messages'], refetchType: 'none' });
          if (activeChat.current) void queryClient.refetchQueries({ queryKey: ['messages', activeChat.current] });
        }
      },
    });
    connection.current = realtime;
    return () => {
      realtime.close();
      connection.current = null;
    };
  }, [queryClient]);

  useEffect(() => {
    if (recoveredAt === null) return;
    const timer = setTimeout(() => {
      setRecoveredAt(null);
      setResynced(false);
    }, 8000);
    return () => clearTimeout(timer);
  }, [recoveredAt]);

  const value = useMemo<RealtimeStatus>(
    () => ({
      state,
      recoveredAt,
      resynced,
      setActiveChat: (chatId) => {
        activeChat.current = chatId;
      },
      reconnectNow: () => connection.current?.reconnectNow(),
    }),
    [state, recoveredAt, resynced],
  );
  return <RealtimeContext.Provider value={value}>{children}</RealtimeContext.Provider>;
}
