// WebSocket clients of /ws/messages that note when each frame arrived.
import WebSocket from 'ws';

export interface SocketClient {
  index: number;
  socket: WebSocket;
  /** Frames of type new_message: text of the message → arrival (performance.now). */
  arrivals: Map<string, number>;
  close(): void;
}

/** Opens one client and resolves once the server said `ready`. */
export function connectClient(
  baseUrl: string,
  token: string,
  index: number,
  onNewMessage?: (text: string, at: number, client: SocketClient) => void,
): Promise<SocketClient> {
  const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/ws/messages?token=${encodeURIComponent(token)}`);
  const client: SocketClient = { index, socket, arrivals: new Map(), close: () => socket.terminate() };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`client ${index}: no ready frame within 60 s`)), 60_000);
    socket.on('message', (data) => {
      const at = performance.now();
      const text = String(data);
      if (text.startsWith('{"type":"ready"')) {
        clearTimeout(timer);
        resolve(client);
        return;
      }
      if (!text.startsWith('{"type":"new_message"')) return;
      const frame = JSON.parse(text) as { message?: { text?: string } };
      const messageText = frame.message?.text ?? '';
      client.arrivals.set(messageText, at);
      onNewMessage?.(messageText, at, client);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.once('unexpected-response', (_request, response) => {
      clearTimeout(timer);
      reject(new Error(`client ${index}: upgrade refused with ${response.statusCode}`));
    });
  });
}

/** Opens many clients, `parallel` at a time. */
export async function connectClients(
  baseUrl: string,
  tokens: string[],
  parallel = 25,
  onNewMessage?: (text: string, at: number, client: SocketClient) => void,
): Promise<SocketClient[]> {
  const clients: SocketClient[] = new Array(tokens.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, tokens.length) }, async () => {
      while (next < tokens.length) {
        const index = next++;
        clients[index] = await connectClient(baseUrl, tokens[index]!, index, onNewMessage);
      }
    }),
  );
  return clients;
}

export async function closeClients(clients: SocketClient[]): Promise<void> {
  await Promise.all(
    clients.map(
      (client) =>
        new Promise<void>((resolve) => {
          if (!client || client.socket.readyState === WebSocket.CLOSED) return resolve();
          client.socket.once('close', () => resolve());
          client.socket.terminate();
        }),
    ),
  );
}
