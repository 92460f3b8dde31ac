import { z } from 'zod';

/**
 * Which bot the portal's links open (the default bot when null) and how long a link lives. The titles
 * (English, and Russian under `x-ru`) label the fields of the generic settings form in the web app.
 */
export const linkingSettingsSchema = z
  .object({
    channel_id: z
      .number()
      .int()
      .positive()
      .nullable()
      .default(null)
      .meta({
        title: 'Bot that portal links open',
        description: 'Clients and staff link their Telegram through this bot, and hear from it. Empty: the default bot.',
        'x-widget': 'bot',
        'x-ru': {
          title: 'Бот для ссылок портала',
          description: 'Через этого бота клиенты и сотрудники привязывают Telegram и получают уведомления. Пусто: бот по умолчанию.',
        },
      }),
    token_ttl_minutes: z
      .number()
      .int()
      .min(1)
      .max(1440)
      .default(15)
      .meta({
        title: 'Link lifetime, minutes',
        description: 'How long a deep link or QR code stays valid (1–1440).',
        'x-ru': { title: 'Срок действия ссылки, минут', description: 'Сколько действует ссылка или QR-код (1–1440).' },
      }),
  })
  .meta({ title: 'Telegram linking', 'x-ru': { title: 'Привязка Telegram' } });
export type LinkingSettings = z.output<typeof linkingSettingsSchema>;
