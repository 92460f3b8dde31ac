import type { AppContext } from '../app.ts';
import type { DispatchSettings } from './dispatch.settings.ts';
import type { DispatchTables } from './tables.ts';

export type DispatchContext = AppContext<DispatchTables, DispatchSettings>;
