// The WebSocket at /ws/messages: the server's events (ServerEvent in inbox.ts), replayed from `since`.
import { z } from 'zod';
import { maxBigintId } from './primitives.ts';

/** GET /ws/messages (upgraded): `since` is the last event seq received; `token` a bearer token for clients without cookies. */
export const realtimeQuery = z.object({ since: z.coerce.number().int().min(0).max(maxBigintId).optional(), token: z.string().optional() });
export type RealtimeQuery = z.input<typeof realtimeQuery>;
