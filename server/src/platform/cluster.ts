import { sql } from 'kysely';
import type { Database } from './db/database.ts';

/** What an instance does (SWITCHBOARD_ROLE): `web` answers people, `worker` does the work behind them, `all` both. */
export type InstanceRole = 'all' | 'web' | 'worker';

/** HTTP API, webhooks, WebSockets and the web app. */
export const servesPeople = (role: InstanceRole): boolean => role !== 'worker';
/** Polling loops, intake processing, delivery and the apps' jobs. */
export const doesWork = (role: InstanceRole): boolean => role !== 'web';

// The first key of every two-key advisory lock Switchboard takes; the migration lock uses the one-key form.
const clusterLockSpace = 7_263_012;

/**
 * Runs `work` while holding a cluster-wide lock named `name`, so that steps
 * which read then write (set up the bot from TELEGRAM_BOT_TOKEN …) run one
 * instance at a time. A session-level advisory lock on a pinned connection:
 * a process killed while holding it releases it with its connection. The
 * embedded engine has one process, so there it is a plain call.
 */
export async function withClusterLock<T, Tables>(database: Database<Tables>, name: string, work: () => Promise<T>): Promise<T> {
  if (database.engine !== 'postgres') return work();
  return database.db.connection().execute(async (session) => {
    await sql`SELECT pg_advisory_lock(${clusterLockSpace}, hashtext(${name}))`.execute(session);
    try {
      return await work();
    } finally {
      await sql`SELECT pg_advisory_unlock(${clusterLockSpace}, hashtext(${name}))`.execute(session);
    }
  });
}

export interface WakeupSignal {
  /** Tells every listening instance that `subject` has work; lost signals are caught up by the listener's sweep. */
  send(subject: string): Promise<void>;
  /** Calls `onWake` with each subject signalled by any instance; returns the function that stops listening. */
  listen(onWake: (subject: string) => void): Promise<() => Promise<void>>;
}

/**
 * A NOTIFY channel that wakes the instances doing some work as soon as another
 * instance (a web-only one) has queued it, instead of leaving it to their next sweep.
 */
export function createWakeupSignal<Tables>(database: Database<Tables>, channel: string): WakeupSignal {
  return {
    async send(subject) {
      await sql`SELECT pg_notify(${channel}, ${subject})`.execute(database.db);
    },
    listen: (onWake) => database.listen(channel, onWake),
  };
}
