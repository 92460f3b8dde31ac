// The team: staff users and their load, assignment, the queue's policy.
import { z } from 'zod';
import { idField } from './primitives.ts';
import type { Availability } from './inbox.ts';

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

/** POST /api/operators's body as the web sends it (roles are strings: the server checks them against its list). */
export type NewOperatorBody = z.input<ReturnType<typeof newOperatorBody>>;
/** PATCH /api/operators/:id's body. */
export type OperatorPatchBody = z.input<ReturnType<typeof operatorPatchBody>>;

/** A staff user with their load (GET /api/operators, admins; POST and PATCH answer one). */
export interface Operator {
  id: number;
  name: string;
  email: string;
  role: string;
  is_active: boolean;
  last_login_at: string | null;
  created_at: string;
  /** Open conversations they may hold (50 when never set). */
  max_chats: number;
  /** Open conversations they hold now. */
  current_chats: number;
  availability: Availability;
}

/** GET /api/operators */
export interface OperatorList {
  results: Operator[];
  next_cursor: null;
}

/** What every staff user may know about a teammate (GET /api/operators/directory): no e-mail, no sessions. */
export interface Teammate {
  id: number;
  /** Their name, or their e-mail when they have none. */
  name: string;
  role: string;
  is_active: boolean;
  max_chats: number;
  current_chats: number;
  availability: Availability;
}

/** GET /api/operators/directory */
export interface TeammateList {
  results: Teammate[];
  next_cursor: null;
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
export type AssignBody = z.input<typeof assignBody>;

/** One change of a conversation's holder; `note` is null for readers other than the receiver and admins. */
export interface Assignment {
  id: number;
  conversation_id: number;
  /** Who holds it since; null: back in the queue. */
  operator_id: number | null;
  previous_operator_id: number | null;
  /** Who did it; null: auto-assignment. */
  assigned_by: number | null;
  reason: 'manual' | 'auto' | 'transfer';
  note: string | null;
  created_at: string;
}

/** POST /api/chats/:id/assign: the latest 50 assignments, newest first. */
export interface AssignResult {
  results: Assignment[];
}

/** GET /api/chats/:id/assignments: the whole history, oldest first. */
export interface AssignmentList {
  results: Assignment[];
  next_cursor: null;
}

/** POST /api/teams, PATCH /api/teams/:id: a name and its members (staff user ids; the list replaces the old one). */
export const teamBody = z.object({
  name: z.string().trim().min(1).max(80),
  member_ids: z.array(idField).max(500).default([]),
});
export const teamPatchBody = z.object({
  name: z.string().trim().min(1).max(80).optional(),
  member_ids: z.array(idField).max(500).optional(),
});

export type TeamBody = z.input<typeof teamBody>;
export type TeamPatchBody = z.input<typeof teamPatchBody>;

/** A team as GET /api/teams answers it (POST and PATCH answer one). */
export interface Team {
  id: number;
  name: string;
  member_ids: number[];
}

/** GET /api/teams */
export interface TeamList {
  results: Team[];
  next_cursor: null;
}

/** PUT /api/inbox/policy */
export const inboxPolicyBody = z.object({ auto_assign: z.boolean().optional(), operators_see_unassigned: z.boolean().optional() });
export type InboxPolicyBody = z.infer<typeof inboxPolicyBody>;

/** How the team works the inbox (GET and PUT /api/inbox/policy); admins change it. */
export interface InboxPolicy {
  /** New conversations go round robin to active operators under their max_chats. */
  auto_assign: boolean;
  /** Operators also see (and may pick up) conversations nobody holds. */
  operators_see_unassigned: boolean;
}

/** PUT /api/inbox/csat: whether customers are asked for a rating after a resolution. */
export const csatSettingsBody = z.object({ enabled: z.boolean() });
/** GET and PUT /api/inbox/csat */
export type CsatSettings = z.infer<typeof csatSettingsBody>;

/** One rating question of a conversation and its first answer (GET /api/chats/:id/csat). */
export interface CsatRating {
  id: number;
  /** 1 to 5; null while unanswered. */
  rating: number | null;
  operator_id: number | null;
  team_id: number | null;
  asked_at: string;
  answered_at: string | null;
}

/** GET /api/chats/:id/csat: newest first, up to 50. */
export interface CsatRatingList {
  results: CsatRating[];
  next_cursor: null;
}
