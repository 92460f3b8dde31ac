// The field-dispatch app's plain lists (no zod here: the web app imports this at run time,
// @switchboard/contract/dispatch-values); the schemas in dispatch.ts and dispatch-reports.ts are built from them.

/** A measurement job's states: pending → assigned → in_progress → completed; cancelled from any open state. */
export const jobStatuses = ['pending', 'assigned', 'in_progress', 'completed', 'cancelled'] as const;
export type JobStatus = (typeof jobStatuses)[number];

/** A crew member's role in the bot (and on the board's filters). */
export const crewRoles = ['admin', 'measurer', 'manager'] as const;
export type CrewRole = (typeof crewRoles)[number];

/** Who wrote a line of a job's history. */
export const jobActorKinds = ['crew', 'staff', 'amocrm', 'system'] as const;
export type JobActorKind = (typeof jobActorKinds)[number];

/** Where writing a job's result back to its AmoCRM deal stands; null: nothing to write yet. */
export type JobWriteback = 'pending' | 'done' | 'failed';

/** The AmoCRM integration's authorisation: `needs_reauthorization` once a refresh was refused. */
export type AmocrmState = 'unconfigured' | 'ok' | 'needs_reauthorization';

/** The statistics' bucket sizes, in the business's time zone (a week starts on Monday). */
export const statsPeriods = ['day', 'week', 'month'] as const;
export type StatsPeriod = (typeof statsPeriods)[number];
