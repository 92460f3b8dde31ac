// The team: staff users and their load, assignment, the queue's policy.
import { z } from 'zod';
import { idField } from './primitives.ts';

/** Staff roles come from the server (apps may add some), so the schemas are built with the list it has. */
export function staffRole(roles: readonly string[]) {
  return z.enum(roles as [string, ...string[]]);
}

/** POST /api/operators */
export function newOperatorBody(roles: readonly string[]) {
  return z.object({
    name: z.string().trim().min(1).max(200),
    email: z.email(),
    password: z.string().min(8).max(1024),
    role: staffRole(roles).default('operator'),
    is_active: z.boolean().default(true),
    max_chats: z.number().int().min(1).max(10_000).default(50),
  });
}

/** PATCH /api/operators/:id */
export function operatorPatchBody(roles: readonly string[]) {
  return z.object({
    name: z.string().trim().min(1).max(200).optional(),
    email: z.email().optional(),
    password: z.string().min(8).max(1024).optional(),
    role: staffRole(roles).optional(),
    is_active: z.boolean().optional(),
    max_chats: z.number().int().min(1).max(10_000).optional(),
    keep_tokens: z
      .boolean()
      .default(false)
      .describe('with "password": keep the user\'s API tokens (switching a user off always revokes them)'),
  });
}

/** POST /api/chats/:id/assign: an operator, or null for the queue; the note is for the receiver only. */
export const assignBody = z.object({ operator_id: idField.nullable(), note: z.string().trim().max(1000).optional() });

/** PUT /api/inbox/policy */
export const inboxPolicyBody = z.object({ auto_assign: z.boolean().optional(), operators_see_unassigned: z.boolean().optional() });
export type InboxPolicyBody = z.infer<typeof inboxPolicyBody>;
