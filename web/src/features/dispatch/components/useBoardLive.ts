import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { connectRealtime, type ConnectionState } from '../../../lib/realtime.ts';
import { dispatchKey } from '../dispatch.api.ts';

/** Refetches the board (and an open job) when any job changes — from the bot or another browser (`dispatch_job`). */
export function useBoardLive(): ConnectionState {
  const queryClient = useQueryClient();
  const [state, setState] = useState<ConnectionState>('connecting');
  useEffect(() => {
    const realtime = connectRealtime({
      path: '/ws/messages',
      onEvent: (event) => {
        if (event.type === 'dispatch_job') void queryClient.invalidateQueries({ queryKey: dispatchKey });
      },
      onStateChange: (next, details) => {
        setState(next);
        // Back after a gap: changes may have been missed beyond the replay window.
        if (next === 'open' && details.recovered) void queryClient.invalidateQueries({ queryKey: dispatchKey });
      },
    });
    return () => realtime.close();
  }, [queryClient]);
  return state;
}
