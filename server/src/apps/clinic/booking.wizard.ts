// Booking (seed 004): branch → service → doctor (or any) → a day with free slots → time → confirmation
// → ticket (text and an .ics file). Rescheduling runs the same steps from the day. Prompts are synchronous,
// so each answer loads what the next prompt lists into the wizard's data.
import { defineWizard, type FlowEvent, type FlowReply, type StepContext, type StepOutcome, type WizardStep } from '../app.ts';
import type { Appointments } from './appointments.ts';
import { priceText, type Catalogue } from './catalogue.ts';
import { hhmm, toLocal } from './clinic-time.ts';
import type { Slot } from './slots.ts';
import type { PatientLanguage } from './tables.ts';
import { text } from './texts.ts';
import type { Tickets } from './tickets.ts';

interface Option {
  id: number;
  title: string;
}
interface SlotOption {
  at: string;
  doctorId: number;
}

export interface BookingData {
  language: PatientLanguage;
  patientId: number;
  timeZone: string;
  bookingDays: number;
  rescheduleId?: number;
  branches?: Option[];
  branchId?: number;
  services?: Option[];
  serviceId?: number;
  doctors?: Option[];
  doctorId?: number | null;
  days?: string[];
  times?: SlotOption[];
  chosen?: SlotOption;
}

type Outcome = StepOutcome<BookingData>;
const say = (data: BookingData, key: Parameters<typeof text>[1], values?: Record<string, string | number>): FlowReply => ({
  type: 'text',
  text: text(data.language, key, values),
});
const choice = (event: FlowEvent) => (event.type === 'choice' ? event.payload : undefined);
const idFrom = (event: FlowEvent, prefix: string) => {
  const payload = choice(event);
  return payload?.startsWith(prefix) ? Number(payload.slice(prefix.length)) : undefined;
};
const inRows = <T>(items: T[], perRow: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / perRow) }, (_unused, row) => items.slice(row * perRow, row * perRow + perRow));
const dayTitle = (day: string) => `${day.slice(8, 10)}.${day.slice(5, 7)}`;

export function createBookingWizards(deps: {
  catalogue: Catalogue;
  appointments: Appointments;
  tickets: Tickets;
  clock(): Date;
  /** Replies after a new booking's ticket (the optional prepayment offer). */
  afterBooking?(appointmentId: number, data: BookingData): Promise<FlowReply[]>;
  /** The patient asked to wait for a slot (waitlist.ts): the doctor in `data`, or any; replies to end with. */
  joinWaitlist?(data: BookingData): Promise<FlowReply[]>;
  /** Text typed where a button is expected goes to an operator, with the step (support.ts); replies to stay with. */
  toOperator?(context: StepContext<BookingData>, text: string, step: string): Promise<FlowReply[]>;
}) {
  const { catalogue, appointments } = deps;

  async function slotsOf(data: BookingData, doctorId: number | null): Promise<Slot[]> {
    const today = toLocal(deps.clock(), data.timeZone).day;
    return catalogue.availability({
      serviceId: data.serviceId!,
      doctorId,
      fromDay: today,
      days: data.bookingDays,
      timeZone: data.timeZone,
      now: deps.clock(),
    });
  }

  /** One option per start time: with "any doctor", the first doctor free then. */
  const asOptions = (slots: Slot[]): SlotOption[] => {
    const seen = new Set<string>();
    return slots.flatMap((slot) => {
      const at = slot.startsAt.toISOString();
      if (seen.has(at)) return [];
      seen.add(at);
      return [{ at, doctorId: slot.doctorId }];
    });
  };

  async function toDays(data: BookingData, doctorId: number | null): Promise<Outcome> {
    const slots = await slotsOf({ ...data, doctorId }, doctorId);
    const days = [...new Set(slots.map((slot) => toLocal(slot.startsAt, data.timeZone).day))];
    if (days.length === 0) {
      if (!deps.joinWaitlist || data.rescheduleId) return { stay: [say(data, 'noSlots', { days: data.bookingDays })] };
      return {
        stay: [
          {
            type: 'choices',
            text: `${text(data.language, 'noSlots', { days: data.bookingDays })}\n${text(data.language, 'waitlistAsk')}`,
            rows: [[{ title: text(data.language, 'waitlistJoin'), payload: 'wl:join' }]],
          },
        ],
        data: { ...data, doctorId },
      };
    }
    return { next: 'day', data: { ...data, doctorId, days } };
  }

  const slotButtons = (data: BookingData, options: SlotOption[]) =>
    inRows(
      options.map((option) => ({
        title: hhmm(toLocal(new Date(option.at), data.timeZone).minute),
        payload: `t:${option.at}|${option.doctorId}`,
      })),
      4,
    );

  const parseSlot = (event: FlowEvent): SlotOption | undefined => {
    const payload = choice(event);
    if (!payload?.startsWith('t:')) return undefined;
    const [at, doctor] = payload.slice(2).split('|');
    return at && !Number.isNaN(Date.parse(at)) && Number(doctor) > 0 ? { at, doctorId: Number(doctor) } : undefined;
  };

  const steps: Record<string, WizardStep<BookingData>> = {
    branch: {
      prompt: ({ data }) => [
        {
          type: 'choices',
          text: text(data.language, 'chooseBranch'),
          rows: inRows(
            (data.branches ?? []).map((b) => ({ title: b.title, payload: `b:${b.id}` })),
            1,
          ),
        },
      ],
      answer: async ({ event, data }) => {
        const branchId = idFrom(event, 'b:');
        if (!branchId || !data.branches?.some((b) => b.id === branchId)) return { stay: [say(data, 'useButtons')] };
        const services = (await catalogue.services(branchId)).map((s) => ({
          id: s.id,
          title: `${data.language === 'kk' ? s.name_kk : s.name_ru} — ${priceText(s.price_minor)} ₸`,
        }));
        if (services.length === 0) return { stay: [say(data, 'nothingHere')] };
        return { next: 'service', data: { ...data, branchId, services } };
      },
    },
    service: {
      prompt: ({ data }) => [
        {
          type: 'choices',
          text: text(data.language, 'chooseService'),
          rows: inRows(
            (data.services ?? []).map((s) => ({ title: s.title, payload: `s:${s.id}` })),
            1,
          ),
        },
      ],
      answer: async ({ event, data }) => {
        const serviceId = idFrom(event, 's:');
        if (!serviceId || !data.services?.some((s) => s.id === serviceId)) return { stay: [say(data, 'useButtons')] };
        const doctors = (await catalogue.doctorsFor(serviceId)).map((d) => ({ id: d.id, title: d.full_name }));
        if (doctors.length === 0) return { stay: [say(data, 'nothingHere')] };
        return { next: 'doctor', data: { ...data, serviceId, doctors } };
      },
    },
    doctor: {
      prompt: ({ data }) => [
        {
          type: 'choices',
          text: text(data.language, 'chooseDoctor'),
          rows: [
            [{ title: text(data.language, 'anyDoctor'), payload: 'd:any' }],
            ...inRows(
              (data.doctors ?? []).map((d) => ({ title: d.title, payload: `d:${d.id}` })),
              1,
            ),
          ],
        },
      ],
      answer: async ({ event, data }) => {
        if (choice(event) === 'd:any') return toDays(data, null);
        const doctorId = idFrom(event, 'd:');
        if (!doctorId || !data.doctors?.some((d) => d.id === doctorId)) return { stay: [say(data, 'useButtons')] };
        return toDays(data, doctorId);
      },
    },
    day: {
      prompt: ({ data }) => [
        {
          type: 'choices',
          text: text(data.language, 'chooseDay'),
          rows: [
            ...inRows(
              (data.days ?? []).map((day) => ({ title: dayTitle(day), payload: `day:${day}` })),
              4,
            ),
            // Nothing early enough: wait for an earlier slot to free up.
            ...(deps.joinWaitlist && !data.rescheduleId ? [[{ title: text(data.language, 'waitlistEarlier'), payload: 'wl:join' }]] : []),
          ],
        },
      ],
      answer: async ({ event, data }) => {
        const payload = choice(event);
        const day = payload?.startsWith('day:') ? payload.slice(4) : undefined;
        if (!day || !data.days?.includes(day)) return { stay: [say(data, 'useButtons')] };
        const times = asOptions(
          (await slotsOf(data, data.doctorId ?? null)).filter((slot) => toLocal(slot.startsAt, data.timeZone).day === day),
        );
        if (times.length === 0) return toDays(data, data.doctorId ?? null);
        return { next: 'time', data: { ...data, times } };
      },
    },
    time: {
      prompt: ({ data }) => [
        {
          type: 'choices',
          text: text(data.language, 'chooseTime', {
            day: data.times?.[0] ? dayTitle(toLocal(new Date(data.times[0].at), data.timeZone).day) : '',
          }),
          rows: slotButtons(data, data.times ?? []),
        },
      ],
      answer: async ({ event, data }) => {
        const chosen = parseSlot(event);
        if (!chosen || !data.times?.some((t) => t.at === chosen.at && t.doctorId === chosen.doctorId))
          return { stay: [say(data, 'useButtons')] };
        return { next: 'confirm', data: { ...data, chosen }, replies: [] };
      },
    },
    confirm: {
      prompt: ({ data }) => [
        {
          type: 'choices',
          text: text(data.language, 'confirmBooking', { summary: deps.tickets.pendingSummary(data) }),
          rows: [
            [
              { title: text(data.language, 'confirm'), payload: 'ok' },
              { title: text(data.language, 'back'), payload: 'back' },
            ],
          ],
        },
      ],
      answer: async ({ event, data }) => {
        const other = parseSlot(event);
        if (other) return { next: 'confirm', data: { ...data, chosen: other } };
        if (choice(event) === 'back') return toDays(data, data.doctorId ?? null);
        if (choice(event) !== 'ok' || !data.chosen) return { stay: [say(data, 'useButtons')] };
        const startsAt = new Date(data.chosen.at);
        const outcome = data.rescheduleId
          ? await appointments.reschedule(data.rescheduleId, { doctorId: data.chosen.doctorId, startsAt }, data.timeZone)
          : await appointments.book({
              patientId: data.patientId,
              serviceId: data.serviceId!,
              doctorId: data.chosen.doctorId,
              startsAt,
              timeZone: data.timeZone,
              source: 'bot',
            });
        if (outcome.outcome === 'booked')
          return {
            finish: [
              ...(await deps.tickets.ticketReplies(outcome.id, data.language, Boolean(data.rescheduleId))),
              ...((!data.rescheduleId && (await deps.afterBooking?.(outcome.id, data))) || []),
            ],
          };
        const nearest = asOptions(await appointments.nearest(data.serviceId!, data.doctorId ?? null, startsAt, data.timeZone));
        if (nearest.length === 0) return { finish: [say(data, 'slotTaken'), say(data, 'noSlots', { days: data.bookingDays })] };
        return {
          stay: [
            {
              type: 'choices',
              text: text(data.language, outcome.outcome === 'taken' ? 'slotTaken' : 'slotGone'),
              rows: slotButtons(data, nearest),
            },
          ],
          data,
        };
      },
    },
  };

  /** Every step: the waitlist button, and typed text (the steps take buttons only) to an operator. */
  const guarded = Object.fromEntries(
    Object.entries(steps).map(([name, step]): [string, WizardStep<BookingData>] => [
      name,
      {
        prompt: step.prompt,
        answer: async (context) => {
          const { event, data } = context;
          if (choice(event) === 'wl:join' && deps.joinWaitlist && data.serviceId && !data.rescheduleId)
            return { finish: await deps.joinWaitlist(data) };
          if (event.type === 'message' && event.text.trim() && deps.toOperator)
            return { stay: await deps.toOperator(context, event.text.trim(), `${data.rescheduleId ? 'reschedule' : 'booking'} → ${name}`) };
          return step.answer(context);
        },
      },
    ]),
  );

  return [
    defineWizard<BookingData>({ name: 'booking', timeoutMs: 30 * 60_000, firstStep: 'branch', steps: guarded }),
    defineWizard<BookingData>({ name: 'reschedule', timeoutMs: 30 * 60_000, firstStep: 'day', steps: guarded }),
  ];
}
