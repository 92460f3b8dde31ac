// Service lines in a conversation ("assigned to …", "resolved by …") travel and are stored as a code
// with parameters; each reader's app renders them in its own language. Plain data, no zod: the web
// app imports it at run time.

/** Names are people's display names as they were when the line was written (a rename does not rewrite history). */
export type ServiceLine =
  /** `by` is null when auto-assignment chose the operator. */
  | { code: 'assigned'; params: { to: string; by: string | null } }
  | { code: 'returned_to_queue'; params: { by: string | null } }
  /** Moved to a team's queue (`team` null: out of any team); `by` null when the system did it. */
  | { code: 'team_assigned'; params: { team: string | null; by: string | null } }
  /** The customer answered the satisfaction question after a resolution: `rating` is "1"…"5". */
  | { code: 'csat_rated'; params: { rating: string } }
  | { code: 'resolved'; params: { by: string } }
  | { code: 'reopened'; params: { by: string } }
  /** `until` is an ISO time, or null for "until the customer writes". */
  | { code: 'snoozed'; params: { by: string; until: string | null } }
  | { code: 'marked_pending'; params: { by: string } }
  /** The snooze's time came (the customer writing ends a snooze without a line: their message shows it). */
  | { code: 'snooze_ended'; params: Record<string, never> }
  /** The customer pressed a button; `label` is its title (or its data when the message is unknown). */
  | { code: 'pressed'; params: { label: string } };

export type ServiceLineCode = ServiceLine['code'];

export const serviceLineCodes = [
  'assigned',
  'returned_to_queue',
  'team_assigned',
  'csat_rated',
  'resolved',
  'reopened',
  'snoozed',
  'marked_pending',
  'snooze_ended',
  'pressed',
] as const satisfies readonly ServiceLineCode[];

/** Reads a stored or received line; anything unknown (a newer server, a damaged row) is null and the plain text is shown. */
export function readServiceLine(value: unknown): ServiceLine | null {
  if (!value || typeof value !== 'object') return null;
  const { code, params } = value as { code?: unknown; params?: unknown };
  if (typeof code !== 'string' || !(serviceLineCodes as readonly string[]).includes(code)) return null;
  if (!params || typeof params !== 'object') return null;
  const fields = params as Record<string, unknown>;
  const name = (key: string) => (typeof fields[key] === 'string' ? (fields[key] as string) : null);
  switch (code as ServiceLineCode) {
    case 'assigned':
      return name('to') === null ? null : { code: 'assigned', params: { to: name('to')!, by: name('by') } };
    case 'returned_to_queue':
      return { code: 'returned_to_queue', params: { by: name('by') } };
    case 'team_assigned':
      return { code: 'team_assigned', params: { team: name('team'), by: name('by') } };
    case 'csat_rated':
      return name('rating') === null ? null : { code: 'csat_rated', params: { rating: name('rating')! } };
    case 'resolved':
    case 'reopened':
    case 'marked_pending':
      return name('by') === null ? null : { code: code as 'resolved' | 'reopened' | 'marked_pending', params: { by: name('by')! } };
    case 'snoozed':
      return name('by') === null ? null : { code: 'snoozed', params: { by: name('by')!, until: name('until') } };
    case 'snooze_ended':
      return { code: 'snooze_ended', params: {} };
    case 'pressed':
      return name('label') === null ? null : { code: 'pressed', params: { label: name('label')! } };
  }
}
