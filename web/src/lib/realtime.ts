// The WebSocket to /ws/messages: reconnects with backoff, remembers the last event sequence so the
// server can replay what was missed (`?since=`), pings to notice a dead connection. The server closes it
// with 4401 when the staff session behind it ended: then it stops and the app returns to sign-in.
import { reportSessionExpired } from './api.ts';

/** The close code the server's realtime hub uses when the credential behind the socket no longer grants access. */
const accessEndedCode = 4401;

export type ConnectionState = 'connecting' | 'open' | 'reconnecting';

export interface RealtimeEvent {
  type: string;
  seq?: number;
  [key: string]: unknown;
}

export interface RealtimeOptions {
  path: string;
  onEvent(event: RealtimeEvent): void;
  /** `recovered` is true when an earlier connection had dropped: the page resynced after a gap. */
  onStateChange(state: ConnectionState, details: { recovered: boolean; attempt: number }): void;
  pingIntervalMs?: number;
}

export interface RealtimeConnection {
  send(message: Record<string, unknown>): boolean;
  /** Drops the connection and connects again at once (the browser came back online, or a test). */
  reconnectNow(): void;
  close(): void;
}

export function connectRealtime(options: RealtimeOptions): RealtimeConnection {
  const pingIntervalMs = options.pingIntervalMs ?? 25_000;
  let socket: WebSocket | null = null;
  let lastSeq: number | undefined;
  let attempt = 0;
  let hadDrop = false;
  let stopped = false;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  let pingTimer: ReturnType<typeof setInterval> | undefined;
  let lastHeard = Date.now();

  const url = () => {
    const base = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${options.path}`;
    return lastSeq === undefined ? base : `${base}?since=${lastSeq}`;
  };

  function open() {
    clearTimeout(reconnectTimer);
    options.onStateChange(hadDrop ? 'reconnecting' : 'connecting', { recovered: false, attempt });
    const current = new WebSocket(url());
    socket = current;
    current.onopen = () => {
      lastHeard = Date.now();
    };
    current.onmessage = (message) => {
      if (current !== socket) return;
      lastHeard = Date.now();
      let event: RealtimeEvent;
      try {
        event = JSON.parse(String(message.data)) as RealtimeEvent;
      } catch {
        return;
      }
      if (typeof event.seq === 'number') lastSeq = event.type === 'ready' ? event.seq : Math.max(lastSeq ?? 0, event.seq);
      options.onEvent(event);
      if (event.type === 'ready') {
        options.onStateChange('open', { recovered: hadDrop, attempt });
        attempt = 0;
      }
    };
    current.onclose = (event) => {
      if (current !== socket) return;
      socket = null;
      if (stopped) return;
      // Reconnecting cannot help: every attempt would be refused until someone signs in again.
      if (event.code === accessEndedCode) {
        stop();
        reportSessionExpired('staff');
        return;
      }
      hadDrop = true;
      scheduleReconnect();
    };
    current.onerror = () => current.close();
  }

  function scheduleReconnect() {
    attempt += 1;
    options.onStateChange('reconnecting', { recovered: false, attempt });
    const delay = Math.min(15_000, 300 * 2 ** Math.min(attempt - 1, 6)) * (0.75 + Math.random() * 0.5);
    clearTimeout(reconnectTimer);
    reconnectTimer = setTimeout(open, delay);
  }

  function dropAndReconnect() {
    const current = socket;
    socket = null;
    current?.close();
    if (!stopped) {
      hadDrop = true;
      open();
    }
  }

  pingTimer = setInterval(() => {
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    if (Date.now() - lastHeard > pingIntervalMs * 2.5) {
      dropAndReconnect();
      return;
    }
    socket.send(JSON.stringify({ type: 'ping' }));
  }, pingIntervalMs);

  const onOnline = () => {
    if (!socket || socket.readyState !== WebSocket.OPEN) dropAndReconnect();
  };
  window.addEventListener('online', onOnline);
  open();

  function stop() {
    stopped = true;
    clearTimeout(reconnectTimer);
    clearInterval(pingTimer);
    pingTimer = undefined;
    window.removeEventListener('online', onOnline);
    socket?.close();
    socket = null;
  }

  return {
    send(message) {
      if (!socket || socket.readyState !== WebSocket.OPEN) return false;
      socket.send(JSON.stringify(message));
      return true;
    },
    reconnectNow: dropAndReconnect,
    close: stop,
  };
}
