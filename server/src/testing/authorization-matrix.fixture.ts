// Who may call each route: the expectations authorization-matrix.test.ts checks against the route table.
// A route missing here fails that test; add it with the outcome for each caller.

export const roles = ['admin', 'operator', 'otherOperator', 'client', 'anonymous'] as const;
export type Role = (typeof roles)[number];

/**
 * 'ok': past authorization and visibility (an empty body may still be refused as invalid); 'page': the web app,
 * served to anyone (503 when it is not built); or the exact status.
 */
export type Outcome = 'ok' | 'page' | number;

/** The test's records: `operator` holds the conversation and the portal client; `otherOperator` holds nothing. */
export interface Fixtures {
  chatId: number;
  contactId: number;
  messageId: number;
  clientId: number;
  ticketId: number;
  invoiceId: number;
  botId: number;
  operatorId: number;
  botToken: string;
}

export interface Expectation {
  /** In the order of `roles`: admin, operator, another operator, portal client, anonymous. */
  expect: readonly [Outcome, Outcome, Outcome, Outcome, Outcome];
  path?: (fixtures: Fixtures) => string;
  body?: unknown;
  bodyOf?: (fixtures: Fixtures) => unknown;
  websocket?: boolean;
  /** Ends the caller's session: runs after every other route. */
  last?: boolean;
}

// The usual shapes. A missing record (id 999999) keeps destructive routes from acting: admins then get 404.
const anyone = ['ok', 'ok', 'ok', 'ok', 'ok'] as const;
const staff = ['ok', 'ok', 'ok', 403, 401] as const;
const admin = ['ok', 403, 403, 403, 401] as const;
const adminMissing = [404, 403, 403, 403, 401] as const;
const ownedByOperator = ['ok', 'ok', 404, 403, 401] as const;
const clientOnly = [403, 403, 403, 'ok', 401] as const;
const ownedByOperatorAndClient = ['ok', 'ok', 404, 'ok', 401] as const;
const staffAndClient = ['ok', 'ok', 'ok', 'ok', 401] as const;
const integrationOnly = [403, 403, 403, 403, 401] as const;
const missing = 999_999;

const chat =
  (suffix = '') =>
  (f: Fixtures) =>
    `/api/chats/${f.chatId}${suffix}`;

export const matrix: Record<string, Expectation> = {
  // Sign-in, tokens, setup.
  'GET /api/tokens': { expect: staff },
  'POST /api/tokens': { expect: staff },
  'DELETE /api/tokens/:id': { expect: [404, 404, 404, 403, 401], path: () => `/api/tokens/${missing}` },
  'POST /api/auth/password': { expect: staff },
  'POST /api/auth/login': { expect: anyone },
  'POST /api/auth/logout': { expect: staff, last: true },
  'GET /api/auth/me': { expect: staff },
  'POST /api/api-token-auth/': { expect: anyone },
  'GET /api/setup/status': { expect: anyone },
  'POST /api/setup': { expect: anyone },
  // Health and system.
  'GET /api/health': { expect: anyone },
  'GET /api/system/status': { expect: admin },
  'GET /api/system/parked-updates': { expect: admin },
  'POST /api/system/parked-updates/:id/retry': { expect: adminMissing, path: () => `/api/system/parked-updates/${missing}/retry` },
  'GET /metrics': { expect: admin },
  'POST /api/system/control': { expect: admin },
  // Bots and messengers.
  'GET /api/accounts': { expect: admin },
  'GET /api/channels/kinds': { expect: staff },
  'POST /api/accounts': { expect: admin },
  'GET /api/accounts/:id': { expect: admin, path: (f) => `/api/accounts/${f.botId}` },
  'PATCH /api/accounts/:id': { expect: adminMissing, path: () => `/api/accounts/${missing}` },
  'DELETE /api/accounts/:id': { expect: adminMissing, path: () => `/api/accounts/${missing}` },
  'POST /api/accounts/:id/test': { expect: admin, path: (f) => `/api/accounts/${f.botId}/test` },
  'GET /api/accounts/:id/templates': { expect: admin, path: (f) => `/api/accounts/${f.botId}/templates` },
  'POST /api/accounts/:id/templates/sync': { expect: admin, path: (f) => `/api/accounts/${f.botId}/templates/sync` },
  'GET /api/accounts/:id/sub-accounts': { expect: admin, path: (f) => `/api/accounts/${f.botId}/sub-accounts` },
  'GET /api/accounts/:id/webhook': { expect: admin, path: (f) => `/api/accounts/${f.botId}/webhook` },
  'POST /api/accounts/:id/webhook': { expect: adminMissing, path: () => `/api/accounts/${missing}/webhook` },
  'DELETE /api/accounts/:id/webhook': { expect: adminMissing, path: () => `/api/accounts/${missing}/webhook` },
  'POST /api/accounts/authenticate': { expect: admin },
  'POST /api/accounts/:id/authenticate': { expect: adminMissing, path: () => `/api/accounts/${missing}/authenticate` },
  'POST /api/accounts/:id/resend_code': { expect: adminMissing, path: () => `/api/accounts/${missing}/resend_code` },
  'POST /api/accounts/:id/verify_otp': {
    expect: adminMissing,
    path: () => `/api/accounts/${missing}/verify_otp`,
    body: { otp_code: '12345' },
  },
  'POST /api/accounts/:id/verify_password': {
    expect: adminMissing,
    path: () => `/api/accounts/${missing}/verify_password`,
    body: { password: 'x' },
  },
  'GET /api/accounts/:id/health': { expect: admin, path: (f) => `/api/accounts/${f.botId}/health` },
  'POST /api/accounts/:id/chats': {
    expect: [404, 404, 404, 403, 401],
    path: () => `/api/accounts/${missing}/chats`,
    body: { to: '@someone', text: 'Hello' },
  },
  'POST /api/accounts/:id/start': { expect: adminMissing, path: () => `/api/accounts/${missing}/start` },
  'POST /api/accounts/:id/stop': { expect: adminMissing, path: () => `/api/accounts/${missing}/stop` },
  'GET /webhooks/telegram/test': { expect: anyone },
  'GET /webhooks/telegram/info': { expect: admin },
  'GET /api/messengers/settings': { expect: admin },
  'GET /api/messengers/enabled': { expect: staff },
  'PUT /api/messengers/settings/:type': { expect: admin, path: () => '/api/messengers/settings/tiktok' },
  // Telegram's own callers: the secret header or the bot token decides, never a session.
  'POST /webhooks/telegram': { expect: [401, 401, 401, 401, 401] },
  'POST /webhooks/telegram/:channelId': { expect: [401, 401, 401, 401, 401], path: (f) => `/webhooks/telegram/${f.botId}` },
  'POST /api/webhook/bot/': { expect: [401, 401, 401, 401, 401] },
  // Meta's callers (WhatsApp, Instagram): the verify token (GET handshake) and X-Hub-Signature-256 decide, never a session.
  'GET /webhooks/whatsapp': { expect: [400, 400, 400, 400, 400] },
  'POST /webhooks/whatsapp': { expect: [401, 401, 401, 401, 401] },
  'GET /webhooks/instagram': { expect: [400, 400, 400, 400, 400] },
  'POST /webhooks/instagram': { expect: [401, 401, 401, 401, 401] },
  'POST /api/webhook/bot/:token': { expect: [401, 401, 401, 401, 401], path: () => '/api/webhook/bot/123456:not-a-real-token-at-all-xx' },
  // The team.
  'GET /api/operators': { expect: admin },
  'GET /api/operators/directory': { expect: staff },
  'POST /api/operators': { expect: admin },
  'PATCH /api/operators/:id': { expect: admin, path: (f) => `/api/operators/${f.operatorId}` },
  'DELETE /api/operators/:id': { expect: adminMissing, path: () => `/api/operators/${missing}` },
  'GET /api/inbox/policy': { expect: admin },
  'PUT /api/inbox/policy': { expect: admin },
  'GET /api/inbox/csat': { expect: admin },
  'PUT /api/inbox/csat': { expect: admin, body: { enabled: false } },
  'GET /api/chats/:id/csat': { expect: ownedByOperator, path: chat('/csat') },
  // Conversations: the operator's own, hidden from the other (404, never 403: isolation confirms nothing).
  // A valid body where the schema comes first, so that the hidden case is judged by visibility, not validation.
  'POST /api/chats/:id/assign': { expect: ownedByOperator, path: chat('/assign'), bodyOf: (f) => ({ operator_id: f.operatorId }) },
  'GET /api/chats/:id/assignments': { expect: ownedByOperator, path: chat('/assignments') },
  'GET /api/chats': { expect: staff },
  'GET /api/chats/unread': { expect: staff },
  'GET /api/settings/business': { expect: staff },
  'PUT /api/settings/business': { expect: admin, bodyOf: () => ({ name: 'Matrix LLP' }) },
  'GET /api/chats/:id': { expect: ownedByOperator, path: chat() },
  'GET /api/chats/:id/flow': { expect: ownedByOperator, path: chat('/flow') },
  // No flow runs in the fixture's conversation: whoever may see it learns so (409), others get 404.
  'POST /api/chats/:id/flow/take-over': { expect: [409, 409, 404, 403, 401], path: chat('/flow/take-over') },
  'POST /api/chats/:id/flow/hand-back': { expect: [409, 409, 404, 403, 401], path: chat('/flow/hand-back') },
  'POST /api/chats/:id/read': { expect: ownedByOperator, path: chat('/read') },
  'GET /api/messages': { expect: staff },
  'GET /api/messages/by_chat': { expect: ownedByOperator, path: (f) => `/api/messages/by_chat?chat_id=${f.chatId}` },
  'GET /api/messengers/:type/messages': { expect: staff, path: (f) => `/api/messengers/telegram/messages?client_id=${f.contactId}` },
  'POST /api/chats/:id/resolve': { expect: ownedByOperator, path: chat('/resolve') },
  'POST /api/chats/:id/reopen': { expect: ownedByOperator, path: chat('/reopen') },
  // Issue 26: reports. Admins read the team's figures; an operator reads only their own (no queue).
  'GET /api/reports/overview': { expect: staff },
  // Issue 26: status and snooze; saved views are each person's own (another's or a missing one is 404).
  'POST /api/chats/:id/status': { expect: ownedByOperator, path: chat('/status'), body: { status: 'pending' } },
  'GET /api/teams': { expect: staff },
  'POST /api/teams': { expect: [422, 403, 403, 403, 401], body: { name: 'matrix team', member_ids: [missing] } },
  'PATCH /api/teams/:id': { expect: adminMissing, path: () => `/api/teams/${missing}`, body: { name: 'x' } },
  'DELETE /api/teams/:id': { expect: adminMissing, path: () => `/api/teams/${missing}` },
  'GET /api/views': { expect: staff },
  'POST /api/views': { expect: staff, body: { name: 'matrix view', filters: { status: 'open' } } },
  'PATCH /api/views/:id': { expect: [404, 404, 404, 403, 401], path: () => `/api/views/${missing}`, body: { name: 'x' } },
  'DELETE /api/views/:id': { expect: [404, 404, 404, 403, 401], path: () => `/api/views/${missing}` },
  'GET /api/me/notification-settings': { expect: staff },
  'PUT /api/me/notification-settings': { expect: staff, body: { sound: false } },
  'POST /api/chats/:id/notes': { expect: ownedByOperator, path: chat('/notes'), body: { text: 'matrix note' } },
  'POST /api/chats/:id/typing': { expect: ownedByOperator, path: chat('/typing') },
  'GET /api/chats/:id/reply-status': { expect: ownedByOperator, path: chat('/reply-status') },
  'GET /api/chats/:id/templates': { expect: ownedByOperator, path: chat('/templates') },
  'POST /api/chats/:id/templates/send': {
    expect: ownedByOperator,
    path: chat('/templates/send'),
    body: { name: 'matrix', language: 'en' },
  },
  'GET /api/chats/:id/stats': { expect: ownedByOperator, path: chat('/stats') },
  'GET /api/chats/:id/labels': { expect: ownedByOperator, path: chat('/labels') },
  'PUT /api/chats/:id/labels': { expect: ownedByOperator, path: chat('/labels'), body: { label_ids: [] } },
  'POST /api/chats/:id/messages': { expect: ownedByOperator, path: chat('/messages'), body: { text: 'matrix reply' } },
  'POST /api/messages/:id/reply': { expect: ownedByOperator, path: (f) => `/api/messages/${f.messageId}/reply` },
  'POST /api/messages/:id/retry': { expect: ownedByOperator, path: (f) => `/api/messages/${f.messageId}/retry` },
  'PATCH /api/messages/:id': { expect: ownedByOperator, path: (f) => `/api/messages/${f.messageId}`, body: { text: 'matrix edit' } },
  'DELETE /api/messages/:id': { expect: ownedByOperator, path: (f) => `/api/messages/${f.messageId}` },
  'PUT /api/messages/:id/reactions': {
    expect: ownedByOperator,
    path: (f) => `/api/messages/${f.messageId}/reactions`,
    body: { emojis: [] },
  },
  'POST /api/messengers/:type/messages': {
    expect: ownedByOperator,
    path: () => '/api/messengers/telegram/messages',
    bodyOf: (f) => ({ client_id: f.contactId, text: 'matrix reply' }),
  },
  'GET /api/search': { expect: staff, path: () => '/api/search?q=matrix' },
  'GET /ws/messages': { expect: ['ok', 'ok', 'ok', 403, 401], websocket: true },
  'GET /api/media/:id': { expect: [404, 404, 404, 403, 401], path: () => `/api/media/${missing}` },
  'POST /api/upload': { expect: staff },
  // Contacts follow their conversations.
  'GET /api/contacts': { expect: staff },
  'GET /api/contacts/:id': { expect: ownedByOperator, path: (f) => `/api/contacts/${f.contactId}` },
  'PATCH /api/contacts/:id': { expect: ownedByOperator, path: (f) => `/api/contacts/${f.contactId}` },
  'POST /api/contacts/:id/merge': { expect: admin, path: (f) => `/api/contacts/${f.contactId}/merge` },
  // Cascading delivery (issue 24).
  'POST /api/delivery/cascades': { expect: admin, body: {} },
  'GET /api/delivery/cascades/:id': { expect: adminMissing, path: () => `/api/delivery/cascades/${missing}` },
  // One customer across messengers (issue 24).
  'GET /api/contacts/:id/merge-suggestions': { expect: ownedByOperator, path: (f) => `/api/contacts/${f.contactId}/merge-suggestions` },
  'POST /api/contacts/:id/links': {
    expect: ownedByOperator,
    path: (f) => `/api/contacts/${f.contactId}/links`,
    bodyOf: (f) => ({ contact_id: f.contactId }),
  },
  'DELETE /api/contacts/:id/links/:other_id': {
    expect: [404, 404, 404, 403, 401],
    path: (f) => `/api/contacts/${f.contactId}/links/${missing}`,
  },
  'GET /api/contacts/:id/timeline': { expect: ownedByOperator, path: (f) => `/api/contacts/${f.contactId}/timeline` },
  'POST /api/contacts/:id/messages': {
    expect: ownedByOperator,
    path: (f) => `/api/contacts/${f.contactId}/messages`,
    body: { text: 'matrix reply' },
  },
  'GET /api/labels': { expect: staff },
  'POST /api/labels': { expect: admin },
  'DELETE /api/labels/:id': { expect: adminMissing, path: () => `/api/labels/${missing}` },
  // Issue 26: invite links (admin); the link itself is the credential of whoever opens it (an unknown one is 404).
  'GET /api/invites': { expect: admin },
  'POST /api/invites': { expect: admin },
  'DELETE /api/invites/:id': { expect: adminMissing, path: () => `/api/invites/${missing}` },
  'GET /api/invites/accept/:token': { expect: [404, 404, 404, 404, 404], path: () => `/api/invites/accept/${'x'.repeat(43)}` },
  'POST /api/invites/accept/:token': {
    expect: [404, 404, 404, 404, 404],
    path: () => `/api/invites/accept/${'x'.repeat(43)}`,
    body: { name: 'x', password: 'long-enough-1' },
  },
  // Issue 26: custom attributes. Admins define them; staff set values on what they may see.
  'GET /api/attributes': { expect: staff },
  'POST /api/attributes': { expect: admin },
  'PATCH /api/attributes/:id': { expect: adminMissing, path: () => `/api/attributes/${missing}`, body: {} },
  'DELETE /api/attributes/:id': { expect: adminMissing, path: () => `/api/attributes/${missing}` },
  'PATCH /api/chats/:id/attributes': { expect: ownedByOperator, path: chat('/attributes'), body: { values: {} } },
  'PATCH /api/contacts/:id/attributes': {
    expect: ownedByOperator,
    path: (f) => `/api/contacts/${f.contactId}/attributes`,
    body: { values: {} },
  },
  'GET /api/canned-responses': { expect: staff },
  // Issue 26: anyone on staff saves answers and macros; their owner or an admin changes them (a missing one is 404).
  'POST /api/canned-responses': { expect: staff },
  'PATCH /api/canned-responses/:id': { expect: [404, 404, 404, 403, 401], path: () => `/api/canned-responses/${missing}`, body: {} },
  'DELETE /api/canned-responses/:id': { expect: [404, 404, 404, 403, 401], path: () => `/api/canned-responses/${missing}` },
  // Issue 26: business hours (admin only); a valid body so the admin's call passes validation.
  'GET /api/business-hours': { expect: admin },
  'PUT /api/business-hours/default': { expect: admin, body: { time_zone: 'Europe/Moscow', weekly: { mon: [['09:00', '18:00']] } } },
  'PUT /api/business-hours/accounts/:id': {
    expect: [404, 403, 403, 403, 401],
    path: () => `/api/business-hours/accounts/${missing}`,
    body: { time_zone: 'Europe/Moscow', weekly: {} },
  },
  'DELETE /api/business-hours/accounts/:id': { expect: [404, 403, 403, 403, 401], path: () => `/api/business-hours/accounts/${missing}` },
  'GET /api/macros': { expect: staff },
  'POST /api/macros': { expect: staff },
  'PATCH /api/macros/:id': { expect: [404, 404, 404, 403, 401], path: () => `/api/macros/${missing}`, body: {} },
  'DELETE /api/macros/:id': { expect: [404, 404, 404, 403, 401], path: () => `/api/macros/${missing}` },
  'POST /api/macros/:id/run': {
    expect: [404, 404, 404, 403, 401],
    path: () => `/api/macros/${missing}/run`,
    bodyOf: (f) => ({ chat_id: f.chatId }),
  },
  // Everyone on staff may ask; a conversation the caller may not see comes back refused as not_found, untouched.
  'GET /api/me/availability': { expect: staff },
  'PUT /api/me/availability': { expect: staff, body: { availability: 'online' } },
  'POST /api/chats/bulk': { expect: staff, bodyOf: (f) => ({ chat_ids: [f.chatId], actions: [{ type: 'label', label_id: missing }] }) },
  'GET /api/chats/:id/mentionable': { expect: ownedByOperator, path: chat('/mentionable') },
  'GET /api/apps': { expect: staff },
  // Every app's settings with their JSON Schema (the generic form); each app's own GET/PUT is listed with the app.
  'GET /api/apps/settings': { expect: admin },
  // Apps' files: the signed link is the permission, so a forged one is refused to everyone alike.
  'GET /api/app-files/:app/:id': {
    expect: [403, 403, 403, 403, 403],
    path: () => '/api/app-files/tickets/00000000-0000-4000-8000-000000000000?expires=4102444800&signature=forged-signature-000',
  },
  // Telegram linking: the client's own link, the staff user's own link, and staff's view of a client's.
  'POST /api/telegram/client/generate-link': { expect: clientOnly },
  'GET /api/telegram/client/status': { expect: clientOnly },
  'PATCH /api/telegram/client/status': { expect: clientOnly },
  'POST /api/telegram/client/disconnect': { expect: clientOnly },
  'POST /api/telegram/user/generate-link': { expect: staff },
  'GET /api/telegram/user/status': { expect: staff },
  'PATCH /api/telegram/user/status': { expect: staff },
  'POST /api/telegram/user/disconnect': { expect: staff },
  'GET /api/telegram/client/:clientId/status': { expect: ownedByOperator, path: (f) => `/api/telegram/client/${f.clientId}/status` },
  'POST /api/telegram/client/:clientId/send-message': {
    expect: ownedByOperator,
    path: (f) => `/api/telegram/client/${f.clientId}/send-message`,
    body: { message: 'matrix message' },
  },
  'GET /api/apps/linking/settings': { expect: admin },
  'PUT /api/apps/linking/settings': { expect: admin },
  // The clinic (apps/clinic): staff read the catalogue; admins import and manage integrations; reception (and operators) the day's visits.
  'GET /api/clinic/catalogue': { expect: staff },
  'POST /api/clinic/import/:kind': { expect: admin, path: () => '/api/clinic/import/branches' },
  'GET /api/clinic/appointments': { expect: staff },
  'PATCH /api/clinic/appointments/:id': {
    expect: [404, 404, 404, 403, 401],
    path: () => `/api/clinic/appointments/${missing}`,
    body: { status: 'arrived' },
  },
  'GET /api/clinic/nps': { expect: staff },
  'GET /api/clinic/nps/detractors': { expect: staff },
  'GET /api/clinic/integrations': { expect: admin },
  'POST /api/clinic/integrations': { expect: admin },
  'DELETE /api/clinic/integrations/:id': { expect: adminMissing, path: () => `/api/clinic/integrations/${missing}` },
  'GET /api/apps/clinic/settings': { expect: admin },
  'PUT /api/apps/clinic/settings': { expect: admin },
  // The clinic's part 1 remainder: the waitlist, tags and OSMS, the IIN override (reception and operators; admins too).
  'GET /api/clinic/waitlist': { expect: staff },
  'DELETE /api/clinic/waitlist/:id': { expect: [404, 404, 404, 403, 401], path: () => `/api/clinic/waitlist/${missing}` },
  'PATCH /api/clinic/patients/:id': {
    expect: [404, 404, 404, 403, 401],
    path: () => `/api/clinic/patients/${missing}`,
    body: { osms_status: 'insured' },
  },
  'POST /api/clinic/patients/iin-override': { expect: [400, 400, 400, 403, 401], body: {} },
  // Seed 004's bot API: integrations only (their own Bearer secret); staff and portal clients are refused.
  'POST /api/bot/patient/verify-iin/': { expect: integrationOnly },
  'POST /api/bot/patient/upsert/': { expect: integrationOnly },
  'GET /api/bot/patient/by-telegram/:telegram_user_id/': { expect: integrationOnly, path: () => '/api/bot/patient/by-telegram/1/' },
  'GET /api/bot/branches/': { expect: integrationOnly },
  'GET /api/bot/services/': { expect: integrationOnly },
  'GET /api/bot/doctors/': { expect: integrationOnly },
  'GET /api/bot/slots/': { expect: integrationOnly },
  'POST /api/bot/appointments/': { expect: integrationOnly },
  'GET /api/bot/appointments/my/': { expect: integrationOnly },
  'PATCH /api/bot/appointments/:id/': { expect: integrationOnly, path: () => `/api/bot/appointments/${missing}/` },
  'POST /api/bot/appointments/:id/cancel/': { expect: integrationOnly, path: () => `/api/bot/appointments/${missing}/cancel/` },
  'POST /api/bot/feedback/': { expect: integrationOnly },
  // Clinic payments (issue 21): integrations for /api/bot/payments/*; the provider's callback is public (its signature is the
  // credential: without a provider set up every caller gets 409); reception and operators read and issue invoices; admins refund and
  // set the provider.
  'POST /api/bot/payments/invoice/': { expect: integrationOnly },
  'GET /api/bot/payments/:id/status/': { expect: integrationOnly, path: () => `/api/bot/payments/${missing}/status/` },
  'GET /api/bot/payments/balance/': { expect: integrationOnly },
  'POST /api/bot/payments/callback/': { expect: [409, 409, 409, 409, 409] },
  'GET /api/clinic/payments': { expect: staff },
  'POST /api/clinic/payments': { expect: staff },
  'GET /api/clinic/payments/:id': { expect: [404, 404, 404, 403, 401], path: () => `/api/clinic/payments/${missing}` },
  'POST /api/clinic/payments/:id/refund': {
    expect: adminMissing,
    path: () => `/api/clinic/payments/${missing}/refund`,
    body: { reason: 'matrix' },
  },
  'GET /api/clinic/patients/:id/balance': { expect: [404, 404, 404, 403, 401], path: () => `/api/clinic/patients/${missing}/balance` },
  'GET /api/clinic/payments-provider': { expect: admin },
  // The clinic admin (issue 21, admin*.routes.ts): admins write the catalogue; reception reads a patient's visits.
  'POST /api/clinic/branches': { expect: admin },
  'PATCH /api/clinic/branches/:id': { expect: adminMissing, path: () => `/api/clinic/branches/${missing}`, body: {} },
  'DELETE /api/clinic/branches/:id': { expect: adminMissing, path: () => `/api/clinic/branches/${missing}` },
  'POST /api/clinic/services': { expect: admin },
  'PATCH /api/clinic/services/:id': { expect: adminMissing, path: () => `/api/clinic/services/${missing}`, body: {} },
  'DELETE /api/clinic/services/:id': { expect: adminMissing, path: () => `/api/clinic/services/${missing}` },
  'POST /api/clinic/doctors': { expect: admin },
  'PATCH /api/clinic/doctors/:id': { expect: adminMissing, path: () => `/api/clinic/doctors/${missing}`, body: {} },
  'DELETE /api/clinic/doctors/:id': { expect: adminMissing, path: () => `/api/clinic/doctors/${missing}` },
  'POST /api/clinic/schedules': { expect: admin },
  'DELETE /api/clinic/schedules/:id': { expect: adminMissing, path: () => `/api/clinic/schedules/${missing}` },
  'POST /api/clinic/exceptions': { expect: admin },
  'DELETE /api/clinic/exceptions/:id': { expect: adminMissing, path: () => `/api/clinic/exceptions/${missing}` },
  'GET /api/clinic/patients/:id/appointments': {
    expect: [404, 404, 404, 403, 401],
    path: () => `/api/clinic/patients/${missing}/appointments`,
  },
  'PUT /api/clinic/payments-provider': { expect: admin },
  // The clinic, part 2 (issue 21): documents, FAQ and support for integrations; staff's documents, FAQ, patients
  // (reception and operators); the audit and privacy requests (admins); a document link is its own permission.
  'GET /api/bot/documents/': { expect: integrationOnly },
  'POST /api/bot/documents/generate/': { expect: integrationOnly },
  'GET /api/bot/documents/:id/download/': { expect: integrationOnly, path: () => `/api/bot/documents/${missing}/download/` },
  'POST /api/bot/support/ticket/': { expect: integrationOnly },
  'GET /api/bot/support/faq/': { expect: integrationOnly },
  'GET /api/clinic/patients': { expect: staff },
  'GET /api/clinic/patients/:id': { expect: [404, 404, 404, 403, 401], path: () => `/api/clinic/patients/${missing}` },
  'GET /api/clinic/patients/:id/documents': { expect: [404, 404, 404, 403, 401], path: () => `/api/clinic/patients/${missing}/documents` },
  'POST /api/clinic/patients/:id/documents': {
    expect: [404, 404, 404, 403, 401],
    path: () => `/api/clinic/patients/${missing}/documents`,
    body: { type: 'other', title: 'x', file_name: 'x.pdf', data: 'JVBERi0=' },
  },
  'POST /api/clinic/patients/:id/documents/generate': {
    expect: [404, 404, 404, 403, 401],
    path: () => `/api/clinic/patients/${missing}/documents/generate`,
    body: { template: 'visit_certificate', appointment_id: 1 },
  },
  'GET /api/clinic/documents/:id/file': { expect: [404, 404, 404, 403, 401], path: () => `/api/clinic/documents/${missing}/file` },
  'POST /api/clinic/documents/:id/links': { expect: [404, 404, 404, 403, 401], path: () => `/api/clinic/documents/${missing}/links` },
  'DELETE /api/clinic/documents/:id/links': { expect: [404, 404, 404, 403, 401], path: () => `/api/clinic/documents/${missing}/links` },
  'DELETE /api/clinic/documents/:id': { expect: [404, 404, 404, 403, 401], path: () => `/api/clinic/documents/${missing}` },
  'GET /api/clinic/document-links/:token': {
    expect: [404, 404, 404, 404, 404],
    path: () => '/api/clinic/document-links/not-a-real-link-token',
  },
  'GET /api/clinic/faq': { expect: staff },
  'POST /api/clinic/faq/categories': { expect: staff },
  'PATCH /api/clinic/faq/categories/:id': {
    expect: [404, 404, 404, 403, 401],
    path: () => `/api/clinic/faq/categories/${missing}`,
    body: {},
  },
  'DELETE /api/clinic/faq/categories/:id': { expect: [404, 404, 404, 403, 401], path: () => `/api/clinic/faq/categories/${missing}` },
  'POST /api/clinic/faq/entries': { expect: staff },
  'PATCH /api/clinic/faq/entries/:id': { expect: [404, 404, 404, 403, 401], path: () => `/api/clinic/faq/entries/${missing}`, body: {} },
  'DELETE /api/clinic/faq/entries/:id': { expect: [404, 404, 404, 403, 401], path: () => `/api/clinic/faq/entries/${missing}` },
  'GET /api/clinic/audit': { expect: admin },
  'GET /api/clinic/audit.csv': { expect: admin },
  'GET /api/clinic/privacy-requests': { expect: admin },
  'POST /api/clinic/privacy-requests/:id/close': {
    expect: adminMissing,
    path: () => `/api/clinic/privacy-requests/${missing}/close`,
    body: { status: 'done' },
  },
  // The client portal.
  'POST /api/portal/login': { expect: anyone },
  'POST /api/portal/logout': { expect: clientOnly, last: true },
  'GET /api/portal/me': { expect: clientOnly },
  'POST /api/portal/invitation': { expect: anyone },
  'POST /api/portal/invitation/accept': { expect: anyone },
  // Portal clients obey the inbox's visibility; inviting (which sets the account's password) is for admins.
  'GET /api/clients': { expect: staff },
  'POST /api/clients': { expect: staff },
  'GET /api/clients/:id': { expect: ownedByOperator, path: (f) => `/api/clients/${f.clientId}` },
  'PATCH /api/clients/:id': { expect: ownedByOperator, path: (f) => `/api/clients/${f.clientId}` },
  'POST /api/clients/:id/invite': { expect: admin, path: (f) => `/api/clients/${f.clientId}/invite` },
  // Tickets and invoices: the client they belong to, and staff who may see that client (issue 25: an operator who
  // may not see the person gets 404, as for the person; lists leave them out).
  'GET /api/tickets': { expect: staffAndClient },
  'POST /api/tickets': { expect: staffAndClient },
  'GET /api/tickets/:id': { expect: ownedByOperatorAndClient, path: (f) => `/api/tickets/${f.ticketId}` },
  'PATCH /api/tickets/:id': { expect: ownedByOperatorAndClient, path: (f) => `/api/tickets/${f.ticketId}` },
  'POST /api/tickets/:id/comments': {
    expect: ownedByOperatorAndClient,
    path: (f) => `/api/tickets/${f.ticketId}/comments`,
    body: { body: 'matrix comment' },
  },
  'GET /api/invoices': { expect: staffAndClient },
  'POST /api/invoices': { expect: staff },
  'GET /api/invoices/:id': { expect: ownedByOperatorAndClient, path: (f) => `/api/invoices/${f.invoiceId}` },
  'PATCH /api/invoices/:id': { expect: ownedByOperator, path: (f) => `/api/invoices/${f.invoiceId}` },
  'GET /api/invoices/:id/pdf': { expect: ownedByOperatorAndClient, path: (f) => `/api/invoices/${f.invoiceId}/pdf` },
  'GET /api/notifications/preferences': { expect: staffAndClient },
  'PUT /api/notifications/preferences': { expect: staffAndClient },
  'GET /api/notifications/queue': { expect: admin },
  'POST /api/notifications/queue/:id/retry': { expect: adminMissing, path: () => `/api/notifications/queue/${missing}/retry` },
  'GET /api/apps/tickets/settings': { expect: admin },
  'PUT /api/apps/tickets/settings': { expect: admin },
  // Field dispatch (apps/dispatch): AmoCRM's webhook needs the secret; the jobs are staff's, the crew and AmoCRM admins'.
  'POST /webhook/amocrm': { expect: [401, 401, 401, 401, 401] },
  'GET /api/dispatch/jobs': { expect: staff },
  'GET /api/dispatch/jobs/:id': { expect: [404, 404, 404, 403, 401], path: () => `/api/dispatch/jobs/${missing}` },
  'GET /api/dispatch/crew': { expect: admin },
  'PATCH /api/dispatch/crew/:id': { expect: adminMissing, path: () => `/api/dispatch/crew/${missing}`, body: { active: false } },
  'POST /api/dispatch/invites': { expect: admin },
  'GET /api/dispatch/amocrm': { expect: admin },
  'POST /api/dispatch/amocrm/test': { expect: admin },
  // The web board: staff move jobs (a missing job: 404 past authorization).
  'GET /api/dispatch/board/crew': { expect: staff },
  'POST /api/dispatch/jobs/:id/assign': {
    expect: [404, 404, 404, 403, 401],
    path: () => `/api/dispatch/jobs/${missing}/assign`,
    body: { measurer_id: 1 },
  },
  'POST /api/dispatch/jobs/:id/state': {
    expect: [404, 404, 404, 403, 401],
    path: () => `/api/dispatch/jobs/${missing}/state`,
    body: { status: 'completed' },
  },
  'POST /api/dispatch/jobs/:id/cancel': {
    expect: [404, 404, 404, 403, 401],
    path: () => `/api/dispatch/jobs/${missing}/cancel`,
    body: { reason: 'test' },
  },
  // AmoCRM's redirect carries no session; without a state this server sealed it changes nothing (400).
  'GET /api/dispatch/amocrm/oauth': { expect: [400, 400, 400, 400, 400] },
  'GET /api/apps/dispatch/settings': { expect: admin },
  'PUT /api/apps/dispatch/settings': { expect: admin },
  // Dispatch, part 2 (issue 19): history, comments, visits, statistics and export are staff's; feeds are admins';
  // the .ics feed's URL is its own credential (an unknown one is 404 for everyone).
  'GET /api/dispatch/jobs/:id/history': { expect: [404, 404, 404, 403, 401], path: () => `/api/dispatch/jobs/${missing}/history` },
  'GET /api/dispatch/jobs/:id/files': { expect: [404, 404, 404, 403, 401], path: () => `/api/dispatch/jobs/${missing}/files` },
  'POST /api/dispatch/jobs/:id/files': {
    expect: [404, 404, 404, 403, 401],
    path: () => `/api/dispatch/jobs/${missing}/files`,
    body: { file: 'x' },
  },
  'POST /api/dispatch/jobs/:id/comments': {
    expect: [404, 404, 404, 403, 401],
    path: () => `/api/dispatch/jobs/${missing}/comments`,
    body: { text: 'x' },
  },
  'PUT /api/dispatch/jobs/:id/visit': {
    expect: [404, 404, 404, 403, 401],
    path: () => `/api/dispatch/jobs/${missing}/visit`,
    body: { planned_at: null },
  },
  'GET /api/dispatch/stats': {
    expect: staff,
    path: () => '/api/dispatch/stats?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z',
  },
  'GET /api/dispatch/export.csv': { expect: staff },
  'GET /api/dispatch/export.xlsx': { expect: staff },
  'POST /api/dispatch/crew/:id/calendar': { expect: adminMissing, path: () => `/api/dispatch/crew/${missing}/calendar` },
  'DELETE /api/dispatch/crew/:id/calendar': { expect: adminMissing, path: () => `/api/dispatch/crew/${missing}/calendar` },
  'GET /api/dispatch/calendar/:file': {
    expect: [404, 404, 404, 404, 404],
    path: () => '/api/dispatch/calendar/cal_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics',
  },
  // Broadcasts: admins (an admin's API token is seed 004's integration credential); scheduled messages: who sees the chat.
  'POST /api/broadcasts/preview': { expect: admin },
  'POST /api/broadcasts/media': { expect: admin },
  'GET /api/broadcasts/segments': { expect: admin },
  'GET /api/broadcasts/segment-fields': { expect: admin },
  'POST /api/broadcasts/segments': { expect: admin },
  'DELETE /api/broadcasts/segments/:id': { expect: adminMissing, path: () => `/api/broadcasts/segments/${missing}` },
  'GET /api/broadcasts': { expect: admin },
  'POST /api/broadcasts': { expect: admin },
  'GET /api/broadcasts/:id': { expect: adminMissing, path: () => `/api/broadcasts/${missing}` },
  'PUT /api/broadcasts/:id': {
    expect: adminMissing,
    path: () => `/api/broadcasts/${missing}`,
    bodyOf: (f) => ({ name: 'x', kind: 'service', filter: { channel_id: f.botId }, texts: { default: 'x' } }),
  },
  'DELETE /api/broadcasts/:id': { expect: adminMissing, path: () => `/api/broadcasts/${missing}` },
  'POST /api/broadcasts/:id/schedule': {
    expect: adminMissing,
    path: () => `/api/broadcasts/${missing}/schedule`,
    body: { send_at: '2099-01-01T09:00:00+05:00' },
  },
  'POST /api/broadcasts/:id/start': { expect: adminMissing, path: () => `/api/broadcasts/${missing}/start` },
  'POST /api/broadcasts/:id/pause': { expect: adminMissing, path: () => `/api/broadcasts/${missing}/pause` },
  'POST /api/broadcasts/:id/resume': { expect: adminMissing, path: () => `/api/broadcasts/${missing}/resume` },
  'POST /api/broadcasts/:id/cancel': { expect: adminMissing, path: () => `/api/broadcasts/${missing}/cancel` },
  'POST /api/broadcasts/:id/test': { expect: adminMissing, path: () => `/api/broadcasts/${missing}/test` },
  'GET /api/broadcasts/:id/stats': { expect: adminMissing, path: () => `/api/broadcasts/${missing}/stats` },
  'GET /api/broadcasts/:id/recipients.csv': { expect: adminMissing, path: () => `/api/broadcasts/${missing}/recipients.csv` },
  'GET /api/broadcasts/consents/:id': { expect: adminMissing, path: () => `/api/broadcasts/consents/${missing}` },
  'PUT /api/broadcasts/consents': { expect: admin },
  'POST /api/bot/broadcast/create': { expect: admin },
  'POST /api/bot/broadcast/:id/start': { expect: adminMissing, path: () => `/api/bot/broadcast/${missing}/start` },
  'GET /api/bot/broadcast/:id/stats': { expect: adminMissing, path: () => `/api/bot/broadcast/${missing}/stats` },
  'GET /api/apps/broadcasts/settings': { expect: admin },
  'PUT /api/apps/broadcasts/settings': { expect: admin },
  'GET /api/chats/:id/scheduled-messages': { expect: ownedByOperator, path: chat('/scheduled-messages') },
  'POST /api/chats/:id/scheduled-messages': {
    expect: ownedByOperator,
    path: chat('/scheduled-messages'),
    body: { text: 'Later', send_at: '2099-01-01T09:00:00+05:00' },
  },
  'PATCH /api/scheduled-messages/:id': { expect: [404, 404, 404, 403, 401], path: () => `/api/scheduled-messages/${missing}` },
  'DELETE /api/scheduled-messages/:id': { expect: [404, 404, 404, 403, 401], path: () => `/api/scheduled-messages/${missing}` },
  // The web app.
  'GET /': { expect: ['page', 'page', 'page', 'page', 'page'] },
  'GET /*': { expect: ['page', 'page', 'page', 'page', 'page'], path: () => '/inbox' },
};
