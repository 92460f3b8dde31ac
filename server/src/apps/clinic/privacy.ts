// A patient's request for a copy of their data or its deletion: one open task per kind, due in the
// clinic's privacy_request_days; admins list and close them (audit.routes.ts).
import type { Kysely } from 'kysely';
import type { AppContext } from '../app.ts';
import type { Audit } from './audit.ts';
import type { ClinicSettings } from './clinic.settings.ts';
import type { ClinicTables } from './tables.ts';

export type Privacy = ReturnType<typeof createPrivacy>;

export function createPrivacy(deps: {
  db: Kysely<ClinicTables>;
  context: Pick<AppContext<ClinicTables, ClinicSettings>, 'settings'>;
  audit: Audit;
  clock(): Date;
}) {
  const { db } = deps;
  return {
    async request(patientId: number, kind: 'copy' | 'deletion'): Promise<{ id: number; due_at: Date; created: boolean }> {
      const now = deps.clock();
      const { privacy_request_days: days } = await deps.context.settings.read();
      const created = await db
        .insertInto('clinic_privacy_requests')
        .values({ patient_id: patientId, kind, created_at: now, due_at: new Date(now.getTime() + days * 86_400_000) })
        .onConflict((oc) => oc.columns(['patient_id', 'kind']).where('status', '=', 'open').doNothing())
        .returning(['id', 'due_at'])
        .executeTakeFirst();
      if (created) {
        await deps.audit.write(
          { actor: `patient:${patientId}`, name: 'the patient, in the bot', ip: null },
          { action: `privacy.${kind}.requested`, patientId, details: { request_id: created.id } },
        );
        return { ...created, created: true };
      }
      const open = await db
        .selectFrom('clinic_privacy_requests')
        .select(['id', 'due_at'])
        .where('patient_id', '=', patientId)
        .where('kind', '=', kind)
        .where('status', '=', 'open')
        .executeTakeFirstOrThrow();
      return { ...open, created: false };
    },
  };
}
