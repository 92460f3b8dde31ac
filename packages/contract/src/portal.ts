// The tickets app's portal clients: staff manage them and invite them (/api/clients), and the clients sign in to
// their own portal (/api/portal/*) with an invitation, a password and a session cookie with CSRF like staff's.
import { z } from 'zod';
import { idField, pageQueryFields } from './primitives.ts';
import { clientLanguages, portalStatuses } from './tickets-values.ts';

const language = z.enum(clientLanguages);
const email = z.email().max(320);
const phone = z.string().trim().min(3).max(40);

/** POST /api/clients: a new client, or an existing contact (someone who wrote to a bot) made one. */
export const newClientBody = z
  .object({
    contact_id: idField.optional().describe('make an existing contact (someone who wrote to a bot) a portal client'),
    name: z.string().trim().min(1).max(200).optional(),
    email: email.optional(),
    phone: phone.optional(),
    language: language.optional(),
  })
  .refine((body) => body.contact_id !== undefined || body.name, {
    message: 'send "name" for a new client, or "contact_id" of an existing contact',
  });
export type NewClient = z.input<typeof newClientBody>;

/** PATCH /api/clients/:id */
export const clientPatch = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  email: email.nullable().optional(),
  phone: phone.nullable().optional(),
  language: language.optional(),
  is_active: z.boolean().optional(),
});
export type ClientPatch = z.input<typeof clientPatch>;

/** "1,2,3": at most one page of the contacts list. */
const contactIds = z
  .string()
  .regex(/^\d{1,9}(,\d{1,9}){0,199}$/, 'a comma-separated list of up to 200 contact ids, e.g. ids=12,15')
  .transform((text) => text.split(',').map(Number));

/** GET /api/clients */
export const clientListQuery = z.object({
  ...pageQueryFields(),
  search: z.string().trim().max(200).optional(),
  ids: contactIds
    .optional()
    .describe('only these contacts (comma-separated ids): which people on a page of the contacts list have portal access'),
});

/** A portal client, as staff and the client see it; also the response schema of the portal's sign-in. */
export const portalClient = z.object({
  id: z.number(),
  display_name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  language: z.string(),
  is_active: z.boolean(),
  portal_status: z.enum(portalStatuses).describe('active | invited | not_invited | disabled'),
  invitation_expires_at: z.string().nullable(),
  created_at: z.string(),
  last_login_at: z.string().nullable(),
});
export type PortalClient = z.infer<typeof portalClient>;

/** POST /api/clients/:id/invite (admins): the link staff pass on; the token rides in the fragment. */
export interface ClientInvitation {
  invite_url: string;
  expires_at: string;
  client: PortalClient;
}

/** POST /api/portal/login */
export const portalLoginBody = z.object({ email: z.string().trim().min(1).max(320), password: z.string().min(1).max(1024) });
/** POST /api/portal/invitation */
export const invitationTokenBody = z.object({ token: z.string().min(10).max(200) });
/** POST /api/portal/invitation/accept */
export const acceptInvitationBody = invitationTokenBody.extend({ password: z.string().min(8, 'must be at least 8 characters').max(1024) });

/** The answer of a sign-in: the client and the CSRF token of the new session. */
export const portalSession = z.object({ client: portalClient, csrf_token: z.string() });
export type PortalSession = z.infer<typeof portalSession>;

/** GET /api/portal/me: the portal's header names the business the client deals with (the invoices' issuer). */
export interface PortalMe {
  client: PortalClient & { business_name?: string };
  /** The session's CSRF token (a portal principal always comes from a session). */
  csrf_token?: string;
}

/** POST /api/portal/invitation: who an invitation is for, shown before asking for a password. */
export const invitationPreview = z.object({
  client: z.object({ display_name: z.string(), email: z.string().nullable() }),
  expires_at: z.string().nullable(),
});
export type InvitationPreview = z.infer<typeof invitationPreview>;
