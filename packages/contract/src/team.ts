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

/**
 * POST /api/chats/:id/assign: an operator, or null for the queue; the note is for the receiver only. `team_id` moves it to
 * a team's queue (null: out of any team; absent: the team stays); with `operator_id` null and auto-assignment on, an online
 * member of the team under their cap gets it.
 */
export const assignBody = z.object({
  operator_id: idField.nullable(),
  team_id: idField.nullable().optional(),
  note: z.string().trim().max(1000).optional(),
});

/** POST /api/teams, PATCH /api/teams/:id: a name and its members (staff user ids; the list replaces the old one). */
export const teamBody = z.object({
  name: z.string().trim().min(1).max(80),
  member_ids: z.array(idField).max(500).default([]),
});
export const teamPatchBody = z.object({
  name: z.string().trim().min(1).max(80).optional(),
  member_ids: z.array(idField).max(500).optional(),
});

/** A team as GET /api/teams answers it. */
export interface Team {
  id: number;
  name: string;
  member_ids: number[];
}

/** PUT /api/inbox/policy */
export const inboxPolicyBody = z.object({ auto_assign: z.boolean().optional(), operators_see_unassigned: z.boolean().optional() });
export type InboxPolicyBody = z.infer<typeof inboxPolicyBody>;
