import { createContext, useContext } from 'react';
import type { ConnectionState } from '../../../lib/realtime.ts';

export interface RealtimeStatus {
  state: ConnectionState;
  /** Set when the page came back after a dropped connection and caught up; cleared after a while. */
  recoveredAt: number | null;
  resynced: boolean;
  setActiveChat(chatId: string | null): void;
  reconnectNow(): void;
}

export const RealtimeContext = createContext<RealtimeStatus>({
  state: 'connecting',
  recoveredAt: null,
  resynced: false,
  setActiveChat: () => undefined,
  reconnectNow: () => undefined,
});

export function useRealtime(): RealtimeStatus {
  return useContext(RealtimeContext);
}
