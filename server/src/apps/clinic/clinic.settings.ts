import { z } from 'zod';
import { messageTemplatesSetting } from '../app.ts';
import { isValidTimeZone } from './clinic-time.ts';

/** The visit's details a reminder's template variables take, by name (tickets.describe). */
const visitDetails = ['day', 'time', 'doctor', 'service', 'branch', 'address'] as const;
/**
 * The messages the clinic starts (reminders.ts, documents.service.ts) and the values their templates may take:
 * the three reminders share one template; a new document's notice names the document.
 */
export const clinicBusinessStarts = { reminder: visitDetails, arrival: visitDetails, nps: visitDetails, document: ['title'] } as const;

const hourMinute = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, 24-hour');

/**
 * The clinic's clock and its reminder rules. Reminders go D-1 (24 h), H-3 and H-1 before a visit.
 * One that would fall inside quiet hours is sent at the last allowed minute before they begin instead,
 * unless another reminder of that appointment went (or is due) within the 2 hours before that minute:
 * then it is skipped. (An 08:30 visit: D-1 at 08:30 the day before; H-3 (05:30) moves to 20:59 the evening
 * before; H-1 (07:30) would land on the same 20:59, so it is skipped.)
 */
export const clinicSettingsSchema = z
  .object({
    time_zone: z
      .string()
      .refine(isValidTimeZone, 'an IANA time zone such as Asia/Almaty')
      .default('Asia/Almaty')
      .meta({
        title: 'Clinic time zone',
        description: 'Schedules are in this time; patients see times in it (IANA name, e.g. Asia/Almaty).',
        'x-ru': { title: 'Часовой пояс клиники', description: 'Расписание и время для пациентов — в этом поясе (например, Asia/Almaty).' },
      }),
    quiet_hours_start: hourMinute.default('21:00').meta({
      title: 'Quiet hours start',
      description:
        'No reminders from this time until the end of quiet hours; one due inside them goes at the last minute before they start, or is skipped when another reminder of that visit went within 2 hours.',
      'x-ru': {
        title: 'Начало тихих часов',
        description:
          'С этого времени напоминания не отправляются; попавшее в тихие часы уходит в последнюю минуту до них или пропускается, если другое напоминание о визите ушло в пределах 2 часов.',
      },
    }),
    quiet_hours_end: hourMinute.default('08:00').meta({
      title: 'Quiet hours end',
      description: 'Reminders may go again from this time.',
      'x-ru': { title: 'Конец тихих часов', description: 'С этого времени напоминания снова отправляются.' },
    }),
    // Reminders go through the delivery port (reminders-delivery.ts): a patient reachable on several accounts
    // (one person across messengers) gets a cascade, tried in this order; on one account, an outbox message with retries.
    reminder_channel_ids: z
      .array(z.number().int().positive())
      .max(5)
      .default([])
      .meta({
        title: 'Accounts reminders try first',
        description:
          "Account ids in the order reminders try them when a patient is reachable on several; the patient's other accounts follow, the one they wrote in last first. Empty: the one they wrote in last first. Up to 5.",
        'x-ru': {
          title: 'Аккаунты для напоминаний — по порядку',
          description:
            'Номера аккаунтов в порядке, в котором напоминание пробует их, если пациент доступен в нескольких; остальные аккаунты пациента — после, начиная с того, где он писал последним. Пусто: сначала тот, где он писал последним. До 5.',
        },
      }),
    // Reminders, the arrival check, the NPS question and a new document's notice are started by the clinic: on an
    // account that takes such messages only as approved templates outside the patient's reply window, they go as
    // the template declared here (apps/business-starts.ts).
    message_templates: messageTemplatesSetting(clinicBusinessStarts),
    booking_days: z
      .number()
      .int()
      .min(1)
      .max(90)
      .default(14)
      .meta({
        title: 'Days open for booking',
        description: 'How many days ahead the bot offers (1–90).',
        'x-ru': { title: 'Дней для записи', description: 'На сколько дней вперёд бот предлагает запись (1–90).' },
      }),
    // waitlist.ts: a freed slot offered to a waiting patient is held for them this long, then goes to the next.
    waitlist_hold_minutes: z
      .number()
      .int()
      .min(5)
      .max(1440)
      .default(30)
      .meta({
        title: 'Hold a freed slot for a waiting patient (minutes)',
        description:
          'A slot freed by a cancel or a reschedule is offered to the first fitting patient on the waitlist and kept for them this long (5–1440); then it goes to the next.',
        'x-ru': {
          title: 'Держать освободившееся время для ожидающего (минут)',
          description:
            'Время, освободившееся после отмены или переноса, предлагается первому подходящему пациенту из листа ожидания и держится для него столько минут (5–1440); потом переходит к следующему.',
        },
      }),
    booking_prepayment: z
      .boolean()
      .default(false)
      .meta({
        title: 'Offer prepayment after booking',
        description: 'After a booking the bot issues an invoice for the service and offers to pay it.',
        'x-ru': { title: 'Предоплата после записи', description: 'После записи бот выставляет счёт за услугу и предлагает оплатить его.' },
      }),
    payment_expiry_hours: z
      .number()
      .int()
      .min(1)
      .max(720)
      .default(24)
      .meta({
        title: 'Hours an invoice stays payable',
        description: 'A pending invoice expires after this many hours (1–720).',
        'x-ru': { title: 'Часов на оплату счёта', description: 'Неоплаченный счёт истекает через столько часов (1–720).' },
      }),
    // Part 2 (documents.ts, privacy requests): how long files are kept, and by when admins answer a patient's request.
    document_retention_days: z
      .number()
      .int()
      .min(1)
      .max(36_500)
      .default(1825)
      .meta({
        title: 'Keep documents (days)',
        description: "A patient's documents are deleted (file and links) this many days after they were added.",
        'x-ru': {
          title: 'Хранить документы (дней)',
          description: 'Документы пациента (файл и ссылки) удаляются через столько дней после добавления.',
        },
      }),
    privacy_request_days: z
      .number()
      .int()
      .min(1)
      .max(90)
      .default(10)
      .meta({
        title: 'Answer privacy requests within (days)',
        description: "A patient's request for a copy of their data or its deletion is due this many days after it was made.",
        'x-ru': {
          title: 'Срок ответа на запросы о данных (дней)',
          description: 'Запрос пациента на копию или удаление его данных нужно выполнить за столько дней.',
        },
      }),
  })
  .meta({ title: 'Clinic assistant', 'x-ru': { title: 'Ассистент клиники' } });
export type ClinicSettings = z.output<typeof clinicSettingsSchema>;
