import type { AppContext } from '../app.ts';
import type { BroadcastSettings } from './broadcasts.settings.ts';
import type { BroadcastTables } from './tables.ts';

export type BroadcastContext = AppContext<BroadcastTables, BroadcastSettings>;
export type BroadcastDb = BroadcastContext['ownTables'];
