// The broadcasts app's plain lists (no zod here: the web app imports this at run time,
// @switchboard/contract/broadcasts-values); the schemas in broadcasts.ts are built from them.

export const broadcastKinds = ['marketing', 'service'] as const;
export type BroadcastKind = (typeof broadcastKinds)[number];

export const broadcastStates = ['draft', 'scheduled', 'sending', 'paused', 'done', 'cancelled'] as const;
export type BroadcastState = (typeof broadcastStates)[number];

/** A recipient's outcome: `pending` until handed to delivery, `queued` while delivery has it. */
export const recipientStates = ['pending', 'queued', 'sent', 'failed', 'unreachable', 'skipped'] as const;
export type RecipientState = (typeof recipientStates)[number];

/** The contact values a broadcast's template may take for its {{1}}, {{2}} … */
export const templateValues = ['name', 'first_name', 'phone'] as const;
export type TemplateValue = (typeof templateValues)[number];

export const consentStates = ['given', 'withdrawn'] as const;
export type ConsentState = (typeof consentStates)[number];
export type ConsentSource = 'flow' | 'import' | 'unsubscribe' | 'staff';
