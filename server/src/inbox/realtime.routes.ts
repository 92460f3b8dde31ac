import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { realtimeQuery } from '@switchboard/contract';
import { z } from 'zod';
import {
  currentUser,
  cursorParam,
  idParam,
  type Authenticated,
  type HttpApp,
  type RealtimeEvent,
  type RealtimeHub,
  type RealtimeSubscriber,
  type StaffUser,
} from '../platform/index.ts';
import { listChats, listMessages, markChatRead } from './chats.service.ts';
import { eventsSince, frameOf, latestSeq } from './events.ts';
import type { Visibility } from './visibility.ts';
import type { InboxDb } from './tables.ts';

const replayLimit = 5_000;
const initialChatsLimit = 1_000;
const chunkSize = 100;
const rememberedSeqs = 10_000;
// A client this far behind is cut off and resyncs rather than let memory grow.
const maxBufferedBytes = 4 * 1024 * 1024;

const command = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ping') }),
  z.object({ type: z.literal('get_chat_messages'), chat_id: idParam, cursor: cursorParam.optional() }),
  z.object({ type: z.literal('mark_as_read'), chat_id: idParam }),
]);

// One event goes to every operator's socket: it is serialised once.
const frames = new WeakMap<RealtimeEvent, string>();
function frame(event: RealtimeEvent): string {
  let text = frames.get(event);
  if (text === undefined) frames.set(event, (text = frameOf(event)));
  return text;
}

/**
 * WebSocket /ws/messages (seed 002): `initial_chats` in chunks, then live
 * `new_message` / `chat_updated` / `message_status` …, each with a `seq`.
 * Reconnecting with `?since=<seq>` replays what was missed, or answers
 * `resync_required` when that is past what the server keeps.
 */
export function registerRealtimeRoutes(app: HttpApp, options: { db: InboxDb; hub: RealtimeHub; visibility: Visibility }): void {
  const { db, hub, visibility } = options;
  app.get(
    '/ws/messages',
    {
      websocket: true,
      config: { access: 'staff' },
      schema: {
        tags: ['realtime'],
        summary: 'Realtime events (WebSocket)',
        querystring: realtimeQuery,
      },
    },
    (socket, request) => {
      const user = currentUser(request);
      void serveSocket(socket, request.raw.socket, user, request.auth, request.query.since).catch((error: unknown) => {
        request.log.warn({ err: error }, 'websocket session failed');
        socket.close(1011, 'server error');
      });
    },
  );

  async function serveSocket(
    socket: WebSocket,
    // The connection under the WebSocket: corked while the hub delivers a batch, its frames leave in one write.
    connection: Duplex,
    user: StaffUser,
    auth: Authenticated | null,
    since: number | undefined,
  ): Promise<void> {
    // Events commit in seq order but may be published out of order (different connections finish at
    // different times): dedupe by the seqs already sent, not by a high-water mark, or a late one is lost.
    let floor = 0;
    let highest = 0;
    const sent = new Set<number>();
    const sentOrder: number[] = [];
    let replaying = true;
    const buffered: RealtimeEvent[] = [];
    const send = (text: string) => {
      if (socket.readyState !== socket.OPEN) return;
      if (socket.bufferedAmount > maxBufferedBytes) return socket.close(1013, 'too far behind: reconnect and resync');
      socket.send(text);
    };
    const remember = (seq: number) => {
      sent.add(seq);
      sentOrder.push(seq);
      if (sentOrder.length > rememberedSeqs) sent.delete(sentOrder.shift()!);
      highest = Math.max(highest, seq);
    };
    const deliver = (event: RealtimeEvent) => {
      if (replaying) return void buffered.push(event);
      if (event.seq <= floor || sent.has(event.seq)) return;
      remember(event.seq);
      send(frame(event));
    };
    // The hub rechecks the credential whenever access may have changed and closes the socket when it ended.
    const subscriber: RealtimeSubscriber = {
      user,
      deliver,
      cork: () => connection.cork(),
      uncork: () => connection.uncork(),
      recheck: auth?.recheck && (async () => (await auth.recheck!())?.user ?? null),
      end: (code, reason) => socket.close(code, reason),
    };
    const unsubscribe = hub.subscribe(subscriber);
    socket.on('close', unsubscribe);
    socket.on(
      'message',
      (data) =>
        void handleCommand(socket, subscriber.user, String(data)).catch(() =>
          send(JSON.stringify({ type: 'error', message: 'command failed' })),
        ),
    );

    const head = await latestSeq(db);
    if (since !== undefined) {
      const missed = await eventsSince(db, since, replayLimit);
      if (missed === null) send(JSON.stringify({ type: 'resync_required' }));
      floor = missed === null ? head : since;
      for (const event of missed ?? []) {
        remember(event.seq);
        if (hub.canReceive(subscriber.user, event.audience)) send(frame(event));
      }
    } else {
      const { results } = await listChats(db, visibility, subscriber.user, {}, { limit: initialChatsLimit });
      const totalChunks = Math.max(1, Math.ceil(results.length / chunkSize));
      for (let chunk = 0; chunk < totalChunks; chunk++)
        send(
          JSON.stringify({
            type: 'initial_chats',
            chats: results.slice(chunk * chunkSize, (chunk + 1) * chunkSize),
            chunk: chunk + 1,
            total_chunks: totalChunks,
          }),
        );
      // The snapshot already reflects everything up to head.
      floor = head;
    }
    replaying = false;
    for (const event of buffered.splice(0)) deliver(event);
    send(JSON.stringify({ type: 'ready', seq: Math.max(floor, highest) }));
  }

  async function handleCommand(socket: WebSocket, user: StaffUser, text: string): Promise<void> {
    let parsed: z.infer<typeof command>;
    try {
      parsed = command.parse(JSON.parse(text));
    } catch {
      socket.send(
        JSON.stringify({ type: 'error', message: 'Unknown command: send {"type":"ping"|"get_chat_messages"|"mark_as_read", "chat_id"}.' }),
      );
      return;
    }
    if (parsed.type === 'ping') return socket.send(JSON.stringify({ type: 'pong' }));
    if (parsed.type === 'get_chat_messages') {
      const page = await listMessages(db, visibility, user, { chatId: parsed.chat_id }, { cursor: parsed.cursor, limit: 50 }).catch(
        () => null,
      );
      if (!page) return socket.send(JSON.stringify({ type: 'error', message: `Chat ${parsed.chat_id} does not exist.` }));
      return socket.send(
        JSON.stringify({ type: 'chat_messages', chat_id: parsed.chat_id, messages: page.results, next_cursor: page.next_cursor }),
      );
    }
    const result = await markChatRead(db, visibility, user, parsed.chat_id).catch(() => null);
    if (!result) return socket.send(JSON.stringify({ type: 'error', message: `Chat ${parsed.chat_id} does not exist.` }));
    hub.publish(result.events);
  }
}
