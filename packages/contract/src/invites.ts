// Staff invites (issue 26): an admin makes a link that expires; whoever opens it sets a name and a password once.
import { z } from 'zod';
import { staffRole } from './team.ts';

/** POST /api/invites */
export function inviteBody(roles: readonly string[]) {
  return z.strictObject({
    email: z.email().max(320),
    role: staffRole(roles).default('operator'),
    /** How long the link works: an hour to 30 days, 3 days when absent. */
    expires_in_hours: z.number().int().min(1).max(720).default(72),
  });
}

/** POST /api/invites/accept/:token */
export const acceptInviteBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  password: z.string().min(8, 'the password needs at least 8 characters').max(1024),
});

export const inviteTokenParams = z.object({ token: z.string().min(20).max(100) });

export type InviteState = 'pending' | 'used' | 'expired' | 'revoked';

export interface StaffInvite {
  id: number;
  email: string;
  role: string;
  state: InviteState;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  /** Only in the answer that created it: the link's secret, never stored in the clear. */
  token?: string;
}
