import { z } from 'zod';

const validTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/** Dispatch's calendar and statistics settings (issue 19), spread into the app's settings schema. */
export const scheduleSettingsFields = {
  time_zone: z
    .string()
    .refine(validTimeZone, { message: 'an IANA time zone such as Asia/Almaty' })
    .default('Asia/Almaty')
    .meta({
      title: 'Time zone',
      description: 'Visit times typed in the bot, statistics days and reminders follow it (IANA name, e.g. Asia/Almaty).',
      'x-ru': {
        title: 'Часовой пояс',
        description: 'Время визитов в боте, дни статистики и напоминания (имя IANA, например Asia/Almaty).',
      },
    }),
  visit_minutes: z
    .number()
    .int()
    .min(5)
    .max(720)
    .default(60)
    .meta({
      title: 'Visit duration, minutes',
      description: 'A planned visit lasts this long unless its duration is given.',
      'x-ru': { title: 'Длительность визита, минут', description: 'Сколько длится визит, если длительность не указана.' },
    }),
  grace_minutes: z
    .number()
    .int()
    .min(0)
    .max(1440)
    .default(30)
    .meta({
      title: 'Grace period, minutes',
      description: 'A job completed within this time after its planned visit ends counts as on time in the statistics.',
      'x-ru': {
        title: 'Допуск, минут',
        description: 'Замер, выполненный в пределах допуска после планового окончания визита, считается вовремя.',
      },
    }),
  reminder_evening_hour: z
    .number()
    .int()
    .min(0)
    .max(23)
    .default(19)
    .meta({
      title: 'Evening reminder hour',
      description: 'The measurer is reminded of the next day’s visits at this hour (the business’s time zone).',
      'x-ru': { title: 'Час вечернего напоминания', description: 'В этот час замерщику напоминают о визитах следующего дня.' },
    }),
  unassigned_alert_minutes: z
    .number()
    .int()
    .min(5)
    .max(10080)
    .default(60)
    .meta({
      title: 'Alert on an unassigned job after, minutes',
      description: 'Admins are told once when a new job has waited this long without a measurer.',
      'x-ru': {
        title: 'Сигнал о неназначенном замере через, минут',
        description: 'Администраторам сообщают один раз, если замер ждёт назначения дольше.',
      },
    }),
  work_start_hour: z
    .number()
    .int()
    .min(0)
    .max(23)
    .default(8)
    .meta({
      title: 'Working hours start',
      description: 'Reminders go only within working hours; one due outside them waits (or lapses once its visit began).',
      'x-ru': { title: 'Начало рабочего дня', description: 'Напоминания уходят только в рабочие часы.' },
    }),
  work_end_hour: z
    .number()
    .int()
    .min(1)
    .max(24)
    .default(21)
    .meta({
      title: 'Working hours end',
      description: 'The hour after the last one reminders may go in.',
      'x-ru': { title: 'Конец рабочего дня', description: 'Час, после которого напоминания не уходят.' },
    }),
};
