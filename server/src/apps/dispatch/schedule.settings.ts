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
};
