// Seed 004's bot API, part 1 (patients, booking, feedback), for integrations — with its trailing
// slashes. The same rules as the bot: IIN checks, offered slots only, the database against double booking.
import { z } from 'zod';
import { HttpError, notFound, type HttpApp } from '../../platform/index.ts';
import { daySchema, toLocal } from './clinic-time.ts';
import type { ClinicRouteOptions } from './clinic.routes.ts';
import { checkIin } from './iin.ts';
import { integrationKind, registerIntegrations } from './integrations.ts';
import { normalisePhone } from './registration.wizard.ts';
import type { Slot } from './slots.ts';

const config = { access: { principals: [integrationKind] } } as const;
const tags = ['clinic bot API'];
const id = z.coerce.number().int().positive().max(2_147_483_647);
const telegramUserId = z.string().regex(/^\d{1,20}$/, 'the numeric Telegram user id');
const day = daySchema;
const slotJson = (slot: Slot) => ({ doctor_id: slot.doctorId, starts_at: slot.startsAt.toISOString(), ends_at: slot.endsAt.toISOString() });

export function registerBotApiRoutes(app: HttpApp, options: ClinicRouteOptions): void {
  const { db, catalogue, appointments, patients, context, clock } = options;
  const integrations = registerIntegrations(app, db, clock, context.environment.TELEGRAM_BOT_API_SECRET);
  const settings = () => context.settings.read();

  /** The patient a Telegram user registered as, through the clinic's bot (the default one). */
  async function patientOf(userId: string) {
    const bot = await context.channels.defaultChannel();
    const patient = bot ? await patients.byChat(bot.id, userId) : undefined;
    if (!patient)
      throw new HttpError(
        404,
        'patient_not_registered',
        `No patient is registered for Telegram user ${userId}; register them with POST /api/bot/patient/upsert/.`,
      );
    return patient;
  }
  const patientJson = (patient: NonNullable<Awaited<ReturnType<typeof patients.byChat>>>) => ({
    id: patient.id,
    first_name: patient.first_name,
    last_name: patient.last_name,
    patronymic: patient.patronymic,
    phone: patient.phone,
    sex: patient.sex,
    birth_date: patients.birthDateOf(patient),
    language: patient.language,
    tags: patient.tags,
    osms_status: patient.osms_status,
  });

  app.post(
    '/api/bot/patient/verify-iin/',
    {
      config,
      schema: {
        tags,
        summary: 'Check an IIN (and optionally the birth date and sex it must match)',
        body: z.object({ iin: z.string().max(40), birth_date: day.optional(), sex: z.enum(['M', 'F']).optional() }),
      },
    },
    async (request) => {
      const check = checkIin(request.body.iin, { birthDate: request.body.birth_date, sex: request.body.sex });
      return { valid: check.valid, reason: check.valid ? null : check.reason, birth_date: check.birthDate ?? null, sex: check.sex ?? null };
    },
  );

  app.post(
    '/api/bot/patient/upsert/',
    {
      config,
      schema: {
        tags,
        summary: 'Create or update the patient with this IIN and link the Telegram user to them',
        body: z.object({
          telegram_user_id: telegramUserId,
          iin: z.string().max(40),
          first_name: z.string().trim().min(1).max(60),
          last_name: z.string().trim().min(1).max(60),
          patronymic: z.string().trim().max(60).nullish(),
          phone: z.string().max(40).nullish(),
          birth_date: day,
          sex: z.enum(['M', 'F']),
          language: z.enum(['ru', 'kk']).default('ru'),
          consents: z.object({ personal_data: z.literal(true), medical: z.literal(true), marketing: z.boolean().default(false) }),
        }),
      },
    },
    async (request, reply) => {
      const body = request.body;
      const check = checkIin(body.iin, { birthDate: body.birth_date, sex: body.sex });
      if (!check.valid)
        throw new HttpError(422, 'invalid_input', `iin: refused (${check.reason}); check it with POST /api/bot/patient/verify-iin/.`);
      const phone = body.phone ? normalisePhone(body.phone) : null;
      if (body.phone && !phone)
        throw new HttpError(422, 'invalid_input', 'phone: send a full number with its country code, e.g. +77012345678.');
      const bot = await context.channels.defaultChannel();
      if (!bot)
        throw new HttpError(409, 'no_bot', 'No Telegram bot is connected, so the Telegram user cannot be linked; connect one first.');
      const iin = body.iin.replace(/[\s-]/g, '');
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
      await patients.linkChat(saved.id, { channelId: bot.id, externalUserId: body.telegram_user_id, chatId: body.telegram_user_id });
      for (const [kind, granted] of Object.entries(body.consents) as Array<['personal_data' | 'medical' | 'marketing', boolean]>)
        await patients.recordConsent(saved.id, kind, granted, bot.id);
      await integrations.audit(request, saved.created ? 'patient.created' : 'patient.updated', { patient_id: saved.id });
      const shared = phone ? await patients.samePhone(phone, saved.id) : [];
      reply.status(saved.created ? 201 : 200);
      return {
        ...patientJson((await patients.byChat(bot.id, body.telegram_user_id))!),
        created: saved.created,
        same_phone_patients: shared.map((each) => each.id),
      };
    },
  );

  app.get(
    '/api/bot/patient/by-telegram/:telegram_user_id/',
    {
      config,
      schema: { tags, summary: 'The patient a Telegram user registered as', params: z.object({ telegram_user_id: telegramUserId }) },
    },
    async (request) => patientJson(await patientOf(request.params.telegram_user_id)),
  );

  app.get('/api/bot/branches/', { config, schema: { tags, summary: 'Branches' } }, async () => ({
    results: (await catalogue.branches()).map(({ id: branchId, code, name_ru, name_kk, address }) => ({
      id: branchId,
      code,
      name_ru,
      name_kk,
      address,
    })),
  }));

  app.get(
    '/api/bot/services/',
    { config, schema: { tags, summary: "A branch's services", querystring: z.object({ branch_id: id }) } },
    async (request) => ({ results: await catalogue.services(request.query.branch_id) }),
  );

  app.get(
    '/api/bot/doctors/',
    {
      config,
      schema: {
        tags,
        summary: 'Doctors who perform a service (with free slots that day, when a date is given)',
        querystring: z.object({ service_id: id, date: day.optional() }),
      },
    },
    async (request) => {
      const doctors = await catalogue.doctorsFor(request.query.service_id);
      if (!request.query.date) return { results: doctors };
      const { time_zone: timeZone } = await settings();
      const slots = await catalogue.availability({
        serviceId: request.query.service_id,
        doctorId: null,
        fromDay: request.query.date,
        days: 1,
        timeZone,
        now: clock(),
      });
      return { results: doctors.filter((doctor) => slots.some((slot) => slot.doctorId === doctor.id)) };
    },
  );

  app.get(
    '/api/bot/slots/',
    {
      config,
      schema: {
        tags,
        summary: "A doctor's free slots on a day (clinic time) for a service",
        querystring: z.object({ doctor_id: id, date: day, service_id: id.optional() }),
      },
    },
    async (request) => {
      const { doctor_id: doctorId, date } = request.query;
      let serviceId = request.query.service_id;
      if (!serviceId) {
        const links = await db.selectFrom('clinic_doctor_services').select('service_id').where('doctor_id', '=', doctorId).execute();
        if (links.length !== 1)
          throw new HttpError(
            400,
            'bad_request',
            `service_id: doctor ${doctorId} performs ${links.length} services; say which one the slots are for.`,
          );
        serviceId = links[0]!.service_id;
      }
      const { time_zone: timeZone } = await settings();
      const slots = await catalogue.availability({ serviceId, doctorId, fromDay: date, days: 1, timeZone, now: clock() });
      return { time_zone: timeZone, results: slots.map(slotJson) };
    },
  );

  const appointmentJson = async (appointmentId: number) => {
    const found = await appointments.find(appointmentId);
    if (!found) throw notFound(`Appointment ${appointmentId}`);
    return {
      id: found.id,
      patient_id: found.patient_id,
      doctor_id: found.doctor_id,
      branch_id: found.branch_id,
      service_id: found.service_id,
      starts_at: found.starts_at,
      ends_at: found.ends_at,
      status: found.status,
    };
  };

  async function refuse(
    outcome: { outcome: 'taken' } | { outcome: 'not_bookable'; why: string },
    serviceId: number,
    doctorId: number,
    startsAt: Date,
  ): Promise<never> {
    const { time_zone: timeZone } = await settings();
    if (outcome.outcome === 'taken') {
      const nearest = await appointments.nearest(serviceId, doctorId, startsAt, timeZone);
      throw new HttpError(
        409,
        'slot_taken',
        `This time was just taken. Nearest free: ${nearest.map((slot) => slot.startsAt.toISOString()).join(', ') || 'none in the next 14 days'}.`,
      );
    }
    throw new HttpError(422, 'slot_not_offered', `Nothing bookable there (${outcome.why}): take a start time from GET /api/bot/slots/.`);
  }

  app.post(
    '/api/bot/appointments/',
    {
      config,
      schema: {
        tags,
        summary: 'Book a free slot',
        body: z.object({ telegram_user_id: telegramUserId, service_id: id, doctor_id: id, starts_at: z.iso.datetime({ offset: true }) }),
      },
    },
    async (request, reply) => {
      const patient = await patientOf(request.body.telegram_user_id);
      const startsAt = new Date(request.body.starts_at);
      const { time_zone: timeZone } = await settings();
      const outcome = await appointments.book({
        patientId: patient.id,
        serviceId: request.body.service_id,
        doctorId: request.body.doctor_id,
        startsAt,
        timeZone,
        source: 'api',
      });
      if (outcome.outcome !== 'booked') return refuse(outcome, request.body.service_id, request.body.doctor_id, startsAt);
      await integrations.audit(request, 'appointment.booked', { appointment_id: outcome.id });
      reply.status(201);
      return appointmentJson(outcome.id);
    },
  );

  app.get(
    '/api/bot/appointments/my/',
    { config, schema: { tags, summary: "A patient's upcoming appointments", querystring: z.object({ telegram_user_id: telegramUserId }) } },
    async (request) => {
      const patient = await patientOf(request.query.telegram_user_id);
      const { time_zone: timeZone } = await settings();
      const upcoming = await appointments.upcoming(patient.id);
      return { time_zone: timeZone, results: upcoming.map((each) => ({ ...each, local_day: toLocal(each.starts_at, timeZone).day })) };
    },
  );

  async function ownAppointment(userId: string, appointmentId: number) {
    const patient = await patientOf(userId);
    const found = await appointments.find(appointmentId);
    if (!found || found.patient_id !== patient.id) throw notFound(`Appointment ${appointmentId} of this patient`);
    return found;
  }

  app.patch(
    '/api/bot/appointments/:id/',
    {
      config,
      schema: {
        tags,
        summary: 'Reschedule to another free slot',
        params: z.object({ id }),
        body: z.object({ telegram_user_id: telegramUserId, starts_at: z.iso.datetime({ offset: true }), doctor_id: id.optional() }),
      },
    },
    async (request) => {
      const current = await ownAppointment(request.body.telegram_user_id, request.params.id);
      const doctorId = request.body.doctor_id ?? current.doctor_id;
      const startsAt = new Date(request.body.starts_at);
      const { time_zone: timeZone } = await settings();
      const outcome = await appointments.reschedule(current.id, { doctorId, startsAt }, timeZone);
      if (outcome.outcome !== 'booked') return refuse(outcome, current.service_id, doctorId, startsAt);
      await integrations.audit(request, 'appointment.rescheduled', { appointment_id: current.id });
      return appointmentJson(current.id);
    },
  );

  app.post(
    '/api/bot/appointments/:id/cancel/',
    {
      config,
      schema: {
        tags,
        summary: 'Cancel an appointment (its slot is free at once)',
        params: z.object({ id }),
        body: z.object({ telegram_user_id: telegramUserId, reason: z.string().max(500).optional() }),
      },
    },
    async (request) => {
      const current = await ownAppointment(request.body.telegram_user_id, request.params.id);
      if (!(await appointments.cancel(current.id, request.body.reason ?? null)))
        throw new HttpError(409, 'invalid_transition', `Appointment ${current.id} is ${current.status} and cannot be cancelled.`);
      await integrations.audit(request, 'appointment.cancelled', { appointment_id: current.id });
      return appointmentJson(current.id);
    },
  );

  app.post(
    '/api/bot/feedback/',
    {
      config,
      schema: {
        tags,
        summary: 'Save an NPS score (0–10) for a visit',
        body: z.object({
          telegram_user_id: telegramUserId,
          appointment_id: id,
          score: z.number().int().min(0).max(10),
          comment: z.string().max(2000).optional(),
        }),
      },
    },
    async (request, reply) => {
      const current = await ownAppointment(request.body.telegram_user_id, request.body.appointment_id);
      const saved = await db
        .insertInto('clinic_feedback')
        .values({ appointment_id: current.id, score: request.body.score, comment: request.body.comment ?? null, created_at: clock() })
        .onConflict((oc) => oc.column('appointment_id').doNothing())
        .returning(['appointment_id', 'score', 'comment', 'created_at'])
        .executeTakeFirst();
      if (!saved) throw new HttpError(409, 'conflict', `Appointment ${current.id} has been rated already.`);
      reply.status(201);
      return saved;
    },
  );
}
