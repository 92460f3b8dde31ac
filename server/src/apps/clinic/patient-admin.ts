// What staff do to a patient record beyond reading it: tags and OSMS (insurance) status, which broadcasts
// filter on; accepting an irregular IIN (valid, but its birth date or sex does not match the person's
// documents) with a reason in the audit; and the inbox contact that carries the patient's name and phone.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { currentUser, HttpError, notFound, type HttpApp } from '../../platform/index.ts';
import type { AppContext } from '../app.ts';
import { createAudit } from './audit.ts';
import type { ClinicSettings } from './clinic.settings.ts';
import { daySchema } from './clinic-time.ts';
import { checkIin } from './iin.ts';
import type { Patients } from './patients.ts';
import { normalisePhone } from './registration.wizard.ts';
import type { ClinicTables } from './tables.ts';

const tags = ['clinic'];
const reception = { access: { roles: ['reception', 'operator'] } } as const;
const id = z.coerce.number().int().positive().max(2_147_483_647);
const tag = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[\p{L}\p{N} _-]+$/u, 'letters, digits, spaces, _ and - only');

export type PatientAdmin = ReturnType<typeof createPatientAdmin>;

export function createPatientAdmin(deps: {
  db: Kysely<ClinicTables>;
  context: Pick<AppContext<ClinicTables, ClinicSettings>, 'contacts' | 'logger'>;
  patients: Patients;
  clock(): Date;
}) {
  const { db, context, patients, clock } = deps;
  const audit = createAudit(db, clock);

  /** Copies the patient's name and phone onto the inbox contact of the chat they registered from. */
  async function copyToContact(patientId: number, chat: { channelId: number; chatId: string }): Promise<void> {
    const contactId = await context.contacts.byChat(chat.channelId, chat.chatId);
    const patient = await db.selectFrom('clinic_patients').selectAll().where('id', '=', patientId).executeTakeFirst();
    if (!contactId || !patient) return;
    const name = [patient.last_name, patient.first_name, patient.patronymic].filter(Boolean).join(' ');
    // The registration is already written: a failed copy (two registrations racing on the inbox's locks) must not
    // leave the patient without their confirmation, so it is logged and the flow goes on.
    try {
      await context.contacts.updateProfile(contactId, { display_name: name, ...(patient.phone ? { phone: patient.phone } : {}) });
      await db.updateTable('clinic_patients').set({ contact_id: contactId }).where('id', '=', patientId).execute();
    } catch (error) {
      context.logger.warn({ err: error, patient_id: patientId }, 'the patient could not be copied onto the inbox contact');
    }
  }

  /** True when staff accepted this IIN for a patient with exactly this birth date and sex (the bot then lets it through). */
  async function overridden(iin: string, entered: { birthDate: string; sex: 'M' | 'F' }): Promise<boolean> {
    const found = await patients.byIin(iin);
    return Boolean(
      found && found.iin_override_by !== null && found.sex === entered.sex && patients.birthDateOf(found) === entered.birthDate,
    );
  }

  function registerRoutes(app: HttpApp): void {
    app.patch(
      '/api/clinic/patients/:id',
      {
        config: reception,
        schema: {
          tags,
          summary: "Set a patient's tags and OSMS (compulsory insurance) status (audited)",
          params: z.object({ id }),
          body: z
            .object({
              tags: z.array(tag).max(30).optional(),
              osms_status: z.enum(['unknown', 'insured', 'not_insured']).optional(),
            })
            .refine((body) => body.tags !== undefined || body.osms_status !== undefined, 'send tags, osms_status or both'),
        },
      },
      async (request) => {
        const { tags: newTags, osms_status } = request.body;
        const unique = newTags ? [...new Set(newTags.map((each) => each.toLowerCase()))] : undefined;
        const updated = await db
          .updateTable('clinic_patients')
          .set({ ...(unique ? { tags: unique } : {}), ...(osms_status ? { osms_status } : {}), updated_at: clock() })
          .where('id', '=', request.params.id)
          .returning(['id', 'tags', 'osms_status', 'updated_at'])
          .executeTakeFirst();
        if (!updated) throw notFound(`Patient ${request.params.id}`);
        await audit.record(request, { action: 'patient.segments_changed', patientId: updated.id, details: { tags: unique, osms_status } });
        return updated;
      },
    );

    app.post(
      '/api/clinic/patients/iin-override',
      {
        config: reception,
        schema: {
          tags,
          summary:
            'Register (or update) a patient whose valid IIN does not match their birth date or sex, with the reason (audited); the bot then accepts it',
          body: z.object({
            iin: z.string().trim().max(40),
            birth_date: daySchema,
            sex: z.enum(['M', 'F']),
            first_name: z.string().trim().min(1).max(60),
            last_name: z.string().trim().min(1).max(60),
            patronymic: z.string().trim().max(60).nullish(),
            phone: z.string().max(40).nullish(),
            language: z.enum(['ru', 'kk']).default('ru'),
            reason: z.string().trim().min(5, 'say why (at least 5 characters), e.g. the document that shows the real birth date').max(500),
          }),
        },
      },
      async (request, reply) => {
        const body = request.body;
        const iin = body.iin.replace(/[\s-]/g, '');
        const alone = checkIin(iin);
        if (!alone.valid)
          throw new HttpError(
            422,
            'invalid_input',
            `iin: not a valid IIN (${alone.reason}); only a valid IIN whose birth date or sex differs can be overridden.`,
          );
        const check = checkIin(iin, { birthDate: body.birth_date, sex: body.sex });
        if (check.valid)
          throw new HttpError(
            422,
            'iin_override_needless',
            'This IIN matches the birth date and sex given; register the patient normally.',
          );
        const phone = body.phone ? normalisePhone(body.phone) : null;
        if (body.phone && !phone)
          throw new HttpError(422, 'invalid_input', 'phone: send a full number with its country code, e.g. +77012345678.');
        const saved = await patients.upsert({
          iin,
          birthDate: body.birth_date,
          sex: body.sex,
          firstName: body.first_name,
          lastName: body.last_name,
          patronymic: body.patronymic,
          phone,
          language: body.language,
        });
        const staffId = currentUser(request).id;
        await db.updateTable('clinic_patients').set({ iin_override_by: staffId }).where('id', '=', saved.id).execute();
        await audit.record(request, {
          action: 'patient.iin_override',
          patientId: saved.id,
          details: { mismatch: check.reason, reason: body.reason, iin_birth_date: check.birthDate ?? null, iin_sex: check.sex ?? null },
        });
        reply.status(saved.created ? 201 : 200);
        return { id: saved.id, created: saved.created, mismatch: check.reason, iin_override_by: staffId };
      },
    );
  }

  return { copyToContact, overridden, registerRoutes };
}
