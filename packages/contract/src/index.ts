// @switchboard/contract: the HTTP API's one description. The server's routes validate with these
// schemas (so the OpenAPI page at /docs is generated from them); the web app imports the types.
export * from './errors.ts';
export * from './primitives.ts';
export * from './service-lines.ts';
export * from './inbox.ts';
export * from './error-schema.ts';
export * from './auth.ts';
export * from './contacts.ts';
export * from './team.ts';
export * from './search.ts';
export * from './media.ts';
export * from './realtime.ts';
export * from './delivery.ts';
export * from './operator-commands.ts';
export * from './reports.ts';
export * from './business-hours.ts';
export * from './attributes.ts';
export * from './invites.ts';
export * from './messengers.ts';
export * from './segments.ts';
export * from './accounts.ts';
export * from './channel-kinds.ts';
export * from './app-settings.ts';
export * from './tickets.ts';
export * from './invoices.ts';
export * from './ticket-notifications.ts';
export * from './portal.ts';
