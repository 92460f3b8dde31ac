// Audit (seed 004's BotAudit): every read and change of a patient's data and documents, by staff, by an
// integration, by the patient through the bot or by a download link — who, what, about whom, when, from where.
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { currentPrincipal } from '../../platform/index.ts';
import { integrationKind } from './integrations.ts';
import type { ClinicTables } from './tables.ts';
import './documents.tables.ts';

export interface AuditEntry {
  action: string;
  patientId?: number | null;
  details?: object;
}

/** Who a request is: a staff user or a named integration (anything else is refused before a handler runs). */
export interface Actor {
  actor: string;
  name: string;
  ip: string | null;
}

export type Audit = ReturnType<typeof createAudit>;

export function createAudit(db: Kysely<ClinicTables>, clock: () => Date) {
  async function actorOf(request: FastifyRequest): Promise<Actor> {
    const principal = currentPrincipal(request);
    if (principal.kind === integrationKind) {
      const found = await db.selectFrom('clinic_integrations').select('name').where('id', '=', principal.id).executeTakeFirst();
      return { actor: `integration:${principal.id}`, name: found?.name ?? '', ip: request.ip };
    }
    const user = request.auth?.user;
    return { actor: `${principal.kind}:${principal.id}`, name: user ? `${user.name} <${user.email}>` : '', ip: request.ip };
  }

  async function write(who: Actor, entry: AuditEntry): Promise<void> {
    await db
      .insertInto('clinic_audit')
      .values({
        actor: who.actor,
        actor_name: who.name,
        ip: who.ip,
        action: entry.action,
        patient_id: entry.patientId ?? null,
        details: JSON.stringify(entry.details ?? {}),
        at: clock(),
      })
      .execute();
  }

  return {
    actorOf,
    write,
    /** Records what the caller of this request read or changed. */
    async record(request: FastifyRequest, entry: AuditEntry): Promise<void> {
      await write(await actorOf(request), entry);
    },
  };
}

/** IIN in lists: the last four digits only. */
export const maskIin = (iin: string) => `********${iin.slice(-4)}`;
/** Date of birth in lists: the year only. */
export const maskBirthDate = (isoDay: string) => `****-**-** (${isoDay.slice(0, 4)})`;
