import { z } from 'zod';
import { messageTemplatesSetting } from '../app.ts';
import { amocrmSettingsFields } from './amocrm.settings.ts';
import { scheduleSettingsFields } from './schedule.settings.ts';

const ids = z.array(z.number().int().positive()).max(50);

/**
 * Which AmoCRM deals become jobs, where the address is, what a completed job writes back, and which bot
 * the crew uses, and the AmoCRM connection (amocrm.settings.ts: secrets sealed; each empty field falls back
 * to its AMOCRM_* variable, as in seed 003). The webhook secret stays in the environment.
 */
/**
 * The messages dispatch starts to the crew and managers (notifier.ts, job-extras.service.ts, reminders.ts) and the
 * values their templates may take; declared per purpose in `message_templates` (apps/business-starts.ts).
 */
export const dispatchBusinessStarts = {
  new_job: ['job', 'client', 'address'],
  assigned: ['job', 'client', 'address'],
  job_update: ['job', 'client', 'measurer', 'status'],
  comment: ['job', 'client', 'author', 'comment'],
  visit_planned: ['job', 'client', 'when'],
  visit_reminder: ['job', 'client', 'address'],
  unassigned_reminder: ['job', 'client'],
} as const;

export const dispatchSettingsSchema = z
  .object({
    ...scheduleSettingsFields,
    ...amocrmSettingsFields,
    channel_id: z
      .number()
      .int()
      .positive()
      .nullable()
      .default(null)
      .meta({
        title: 'Crew bot',
        description: 'Invite links open this bot and the crew hears from it. Empty: the default bot.',
        'x-widget': 'bot',
        'x-ru': {
          title: 'Бот бригады',
          description: 'Ссылки-приглашения открывают этого бота, уведомления приходят от него. Пусто: бот по умолчанию.',
        },
      }),
    pipeline_id: z
      .number()
      .int()
      .positive()
      .nullable()
      .default(null)
      .meta({
        title: 'AmoCRM pipeline',
        description: 'Deals of this pipeline become jobs. Empty: every new deal becomes a job (seed 003).',
        'x-ru': {
          title: 'Воронка AmoCRM',
          description: 'Сделки этой воронки становятся замерами. Пусто: каждая новая сделка (как в исходном боте).',
        },
      }),
    status_ids: ids.default([]).meta({
      title: 'Statuses that mean "measurement needed"',
      description: 'A deal in one of these becomes a job; leaving them cancels its open job. Empty: any status of the pipeline.',
      'x-ru': {
        title: 'Статусы «нужен замер»',
        description: 'Сделка в одном из них становится замером; уход из них отменяет открытый замер. Пусто: любой статус воронки.',
      },
    }),
    address_field_id: z
      .number()
      .int()
      .positive()
      .nullable()
      .default(null)
      .meta({
        title: 'Address field of the deal',
        description: 'The id of the deal custom field holding the measurement address (GET /api/v4/leads/custom_fields).',
        'x-ru': { title: 'Поле адреса в сделке', description: 'Id дополнительного поля сделки с адресом замера.' },
      }),
    completed_status_id: z
      .number()
      .int()
      .positive()
      .nullable()
      .default(null)
      .meta({
        title: 'Status after the measurement',
        description: 'A completed job moves its deal to this status and adds a note. Empty: nothing is written back.',
        'x-ru': {
          title: 'Статус после замера',
          description: 'Выполненный замер переводит сделку в этот статус и добавляет примечание. Пусто: ничего не пишется.',
        },
      }),
  })
  .extend({ message_templates: messageTemplatesSetting(dispatchBusinessStarts) })
  .meta({ title: 'Field dispatch (AmoCRM)', 'x-ru': { title: 'Выездные замеры (AmoCRM)' } });
export type DispatchSettings = z.output<typeof dispatchSettingsSchema>;
