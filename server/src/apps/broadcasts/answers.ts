// The rows as the API contract answers them (@switchboard/contract, broadcasts.ts): times as ISO strings, as JSON
// would write them anyway, so the route handlers can be typed with the contract's answers.
import type { Broadcast, ConsentAnswer, SavedSegment } from '@switchboard/contract';
import type { BroadcastTables } from './tables.ts';
import type { Selectable } from 'kysely';

const iso = (time: Date | null) => time?.toISOString() ?? null;

export const toBroadcast = (row: Selectable<BroadcastTables['broadcasts']>): Broadcast => ({
  ...row,
  scheduled_at: iso(row.scheduled_at),
  created_at: row.created_at.toISOString(),
  started_at: iso(row.started_at),
  finished_at: iso(row.finished_at),
});

export const toSavedSegment = (row: Selectable<BroadcastTables['broadcast_segments']>): SavedSegment => ({
  ...row,
  created_at: row.created_at.toISOString(),
});

export const toConsent = (row: Selectable<BroadcastTables['broadcast_consents']>): ConsentAnswer => ({
  ...row,
  changed_at: row.changed_at.toISOString(),
});
