import type { AppContext } from '../app.ts';
import type { TicketsTables } from './tables.ts';
import type { TicketsSettings } from './tickets.settings.ts';

/** What the tickets app gets: its own tables and settings, and the ports. */
export type TicketsContext = AppContext<TicketsTables, TicketsSettings>;
