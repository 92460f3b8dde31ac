// Cascading delivery (issue 24): a message with a fallback order of channels, and what became of it on each.
import { z } from 'zod';
import { bigIdParam, idField, text } from './primitives.ts';

/** POST /api/delivery/cascades: a text for a customer, tried on each channel in order until one delivers. */
export const cascadeBody = z.object({
  text: text(4096).refine((value) => value.trim() !== '', 'write the message'),
  channels: z
    .array(z.object({ channel_id: idField, chat_id: text(200).refine((value) => value.trim() !== '', 'name the chat on that account') }))
    .min(1, 'name at least one channel')
    .max(5, 'name at most 5 channels'),
  lane: z.enum(['operator', 'notification', 'broadcast']).default('notification'),
  /** Same key, same cascade: a repeated request sends nothing more. */
  idempotency_key: text(200).optional(),
});
export type CascadeBody = z.input<typeof cascadeBody>;
/** `/api/delivery/cascades/:id` */
export const cascadeParams = z.object({ id: bigIdParam });
