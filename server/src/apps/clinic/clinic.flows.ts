// What the clinic bot answers outside a running wizard: /start (registration or the menu), the menu,
// and the buttons (or typed answers) of reminders, the arrival check and NPS. It runs only on bots
// whose `apps` setting names "clinic" explicitly: it answers /start and every menu, which a bot that
// runs all apps by default should not do.
import type { AppContext, AppFlows, FlowContext } from '../app.ts';
import type { Appointments } from './appointments.ts';
import type { Catalogue } from './catalogue.ts';
import type { ClinicSettings } from './clinic.settings.ts';
import { toLocal } from './clinic-time.ts';
import { mainMenu, menuPayloadOf } from './menu.ts';
import type { Patients } from './patients.ts';
import type { PaymentFlows } from './payments.flows.ts';
import type { ClinicTables, PatientLanguage } from './tables.ts';
import { patientLanguage, text, typedAnswer } from './texts.ts';
import type { Tickets } from './tickets.ts';
import { privacyButtons, type Section } from './part-two.flows.ts';
import type { Kysely } from 'kysely';

type Patient = NonNullable<Awaited<ReturnType<Patients['byChat']>>>;
const personWords = new Set(['оператор', 'администратор', 'человек', 'адам', 'әкімші', 'operator']);

export function createClinicFlows(deps: {
  db: Kysely<ClinicTables>;
  context: Pick<AppContext<ClinicTables, ClinicSettings>, 'settings' | 'conversations'>;
  patients: Patients;
  catalogue: Catalogue;
  appointments: Appointments;
  tickets: Tickets;
  payments: PaymentFlows;
  clock(): Date;
  /** Sections built elsewhere (part 2's documents, support, privacy): each may take a payload first. */
  sections?: Section[];
}): Omit<AppFlows, 'wizards'> {
  const { db, patients, appointments, catalogue } = deps;

  /** A typed "да" / "иә" / "нет" / "перенести" answers the latest reminder; a number 0–10 the open NPS question. */
  async function typedPayload(patient: Patient, typed: string): Promise<string | undefined> {
    const answer = typedAnswer(typed);
    if (answer) {
      const reminded = await db
        .selectFrom('clinic_reminders as r')
        .innerJoin('clinic_appointments as a', 'a.id', 'r.appointment_id')
        .select('a.id')
        .where('a.patient_id', '=', patient.id)
        .where('r.stage', 'in', ['d1', 'h3', 'h1'])
        .where('r.outcome', '=', 'sent')
        .where('a.status', 'in', ['booked', 'confirmed'])
        .where('a.starts_at', '>', deps.clock())
        .orderBy('r.at', 'desc')
        .executeTakeFirst();
      return reminded ? `r:${{ yes: 'yes', no: 'no', reschedule: 'move' }[answer]}:${reminded.id}` : undefined;
    }
    if (!/^(10|[0-9])$/.test(typed.trim())) return undefined;
    const asked = await db
      .selectFrom('clinic_reminders as r')
      .innerJoin('clinic_appointments as a', 'a.id', 'r.appointment_id')
      .leftJoin('clinic_feedback as f', 'f.appointment_id', 'a.id')
      .select('a.id')
      .where('a.patient_id', '=', patient.id)
      .where('r.stage', '=', 'nps')
      .where('f.appointment_id', 'is', null)
      .orderBy('r.at', 'desc')
      .executeTakeFirst();
    return asked ? `nps:${asked.id}:${typed.trim()}` : undefined;
  }

  async function ownAppointment(patient: Patient, id: number) {
    const found = await appointments.find(id);
    return found && found.patient_id === patient.id ? found : undefined;
  }

  async function startReschedule(flow: FlowContext, patient: Patient, id: number): Promise<void> {
    const language = patient.language;
    const appointment = await ownAppointment(patient, id);
    if (!appointment || !['booked', 'confirmed'].includes(appointment.status))
      return flow.reply({ type: 'text', text: text(language, 'nothingHere') });
    const settings = await deps.context.settings.read();
    const [service, doctor] = await Promise.all([catalogue.service(appointment.service_id), catalogue.doctor(appointment.doctor_id)]);
    const today = toLocal(deps.clock(), settings.time_zone).day;
    const slots = await catalogue.availability({
      serviceId: appointment.service_id,
      doctorId: appointment.doctor_id,
      fromDay: today,
      days: settings.booking_days,
      timeZone: settings.time_zone,
      now: deps.clock(),
    });
    const days = [...new Set(slots.map((slot) => toLocal(slot.startsAt, settings.time_zone).day))];
    if (days.length === 0) return flow.reply({ type: 'text', text: text(language, 'noSlots', { days: settings.booking_days }) });
    await flow.startWizard('reschedule', {
      language,
      patientId: patient.id,
      timeZone: settings.time_zone,
      bookingDays: settings.booking_days,
      rescheduleId: appointment.id,
      serviceId: appointment.service_id,
      services: [{ id: appointment.service_id, title: language === 'kk' ? service!.name_kk : service!.name_ru }],
      doctorId: appointment.doctor_id,
      doctors: [{ id: appointment.doctor_id, title: doctor!.full_name }],
      days,
    });
  }

  async function myAppointments(flow: FlowContext, patient: Patient): Promise<void> {
    const language = patient.language;
    const settings = await deps.context.settings.read();
    const upcoming = await appointments.upcoming(patient.id);
    if (upcoming.length === 0) return flow.reply({ type: 'text', text: text(language, 'mineNone') });
    const rows = [];
    for (const appointment of upcoming.slice(0, 10)) {
      const details = await deps.tickets.details(appointment.id);
      if (details)
        rows.push([
          {
            title: text(language, 'mineItem', deps.tickets.describe(details, language, settings.time_zone)),
            payload: `a:${appointment.id}`,
          },
        ]);
    }
    flow.reply({ type: 'choices', text: text(language, 'mineChoose'), rows });
  }

  async function rate(flow: FlowContext, patient: Patient, id: number, score: number): Promise<void> {
    const language = patient.language;
    const appointment = await ownAppointment(patient, id);
    if (!appointment || score < 0 || score > 10) return flow.reply({ type: 'text', text: text(language, 'nothingHere') });
    const saved = await db
      .insertInto('clinic_feedback')
      .values({ appointment_id: id, score, created_at: deps.clock() })
      .onConflict((oc) => oc.column('appointment_id').doNothing())
      .returning('score')
      .executeTakeFirst();
    if (!saved) return flow.reply({ type: 'text', text: text(language, 'npsThanks') });
    const low = score <= 6;
    if (low) {
      const details = await deps.tickets.details(id);
      await deps.context.conversations.post(flow.conversationId, {
        kind: 'service',
        text: `NPS ${score}/10 — ${patient.last_name} ${patient.first_name}, ${details?.doctor ?? ''} (appointment ${id}): the patient needs a call back.`,
      });
    }
    await flow.startWizard('nps_comment', { language, appointmentId: id, low });
  }

  async function profile(flow: FlowContext, patient: Patient): Promise<void> {
    const language = patient.language;
    const marketing = (await patients.consents(patient.id)).marketing === true;
    flow.reply({
      type: 'choices',
      text: text(language, 'profile', {
        name: [patient.last_name, patient.first_name, patient.patronymic].filter(Boolean).join(' '),
        phone: patient.phone ?? '—',
        marketing: text(language, marketing ? 'marketingOn' : 'marketingOff'),
      }),
      rows: [
        [{ title: text(language, 'switchLanguage'), payload: 'p:lang' }],
        [{ title: text(language, marketing ? 'withdrawMarketing' : 'grantMarketing'), payload: marketing ? 'p:mkt:off' : 'p:mkt:on' }],
        privacyButtons(language),
      ],
    });
  }

  async function act(flow: FlowContext, patient: Patient, payload: string): Promise<boolean> {
    for (const section of deps.sections ?? []) if (await section(flow, patient, payload)) return true;
    const language: PatientLanguage = patient.language;
    const say = (key: Parameters<typeof text>[1]) => flow.reply({ type: 'text', text: text(language, key) });
    const [kind, second, third] = payload.split(':');
    const id = Number(third ?? second);
    switch (kind === 'menu' || kind === 'p' || kind === 'r' || kind === 'arr' ? `${kind}:${second}` : kind) {
      case 'menu:book': {
        const settings = await deps.context.settings.read();
        const branches = (await catalogue.branches()).map((branch) => ({
          id: branch.id,
          title: language === 'kk' ? branch.name_kk : branch.name_ru,
        }));
        if (branches.length === 0) return (say('nothingHere'), true);
        await flow.startWizard('booking', {
          language,
          patientId: patient.id,
          timeZone: settings.time_zone,
          bookingDays: settings.booking_days,
          branches,
        });
        return true;
      }
      case 'menu:mine':
        return (await myAppointments(flow, patient), true);
      case 'menu:profile':
        return (await profile(flow, patient), true);
      case 'menu:documents':
        return (say('notYet'), true);
      case 'menu:payments':
        return (await deps.payments.menu(flow, patient), true);
      case 'menu:support':
        return (say('support'), true);
      case 'a':
        if (!(await ownAppointment(patient, id))) return (say('nothingHere'), true);
        flow.reply({
          type: 'choices',
          text: text(language, 'mineChoose'),
          rows: [
            [
              { title: text(language, 'reschedule'), payload: `mv:${id}` },
              { title: text(language, 'cancelAppointment'), payload: `cx:${id}` },
            ],
          ],
        });
        return true;
      case 'mv':
      case 'r:move':
        return (await startReschedule(flow, patient, id), true);
      case 'cx':
      case 'r:no':
        if (!(await ownAppointment(patient, id))) return (say('nothingHere'), true);
        await flow.startWizard('cancel', { language, appointmentId: id });
        return true;
      case 'r:yes':
        if (!(await ownAppointment(patient, id))) return (say('nothingHere'), true);
        await appointments.setStatus(id, 'confirmed', ['booked']);
        return (say('confirmedVisit'), true);
      case 'arr:yes':
      case 'arr:late': {
        if (!(await ownAppointment(patient, id))) return (say('nothingHere'), true);
        if (second === 'yes') await appointments.setStatus(id, 'arrived', ['booked', 'confirmed']);
        else
          await deps.context.conversations.post(flow.conversationId, {
            kind: 'service',
            text: `The patient is running late (appointment ${id}).`,
          });
        return (say(second === 'yes' ? 'arrivedThanks' : 'lateThanks'), true);
      }
      case 'nps':
        return (await rate(flow, patient, Number(second), Number(third)), true);
      case 'p:lang': {
        const other: PatientLanguage = language === 'kk' ? 'ru' : 'kk';
        await patients.setLanguage(patient.id, other);
        flow.reply({ type: 'text', text: text(other, 'languageSwitched') }, ...mainMenu(other));
        return true;
      }
      case 'p:mkt':
        await patients.recordConsent(patient.id, 'marketing', third === 'on', flow.origin.channel.id);
        return (say(third === 'on' ? 'marketingGranted' : 'marketingWithdrawn'), true);
      default:
        return deps.payments.act(flow, patient, payload);
    }
  }

  return {
    async handle(flow) {
      const { origin, event } = flow;
      if (!origin.channel.settings.apps?.includes('clinic') || origin.chatType !== 'private' || !origin.sender) return false;
      const patient = await patients.byChat(origin.channel.id, origin.sender.externalId);
      if (event.type === 'command' && event.command === 'start') {
        if (!patient) await flow.startWizard('registration', { language: patientLanguage(flow.language) });
        else flow.reply(...mainMenu(patient.language));
        return true;
      }
      if (!patient) {
        if (event.type !== 'choice') return false;
        flow.reply({ type: 'text', text: text(patientLanguage(flow.language), 'needRegistration') });
        return true;
      }
      if (event.type === 'message' && personWords.has(event.text.trim().toLowerCase())) {
        await deps.context.conversations.post(flow.conversationId, { kind: 'service', text: 'The patient asked for a person.' });
        flow.reply({ type: 'text', text: text(patient.language, 'operatorCalled') });
        return true;
      }
      if (event.type === 'payment') return deps.payments.paid(flow, patient, event);
      const payload =
        event.type === 'choice'
          ? event.payload
          : event.type === 'message'
            ? (menuPayloadOf(event.text) ?? (await typedPayload(patient, event.text)))
            : undefined;
      return payload ? act(flow, patient, payload) : false;
    },
  };
}
