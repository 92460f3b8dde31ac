import { z } from 'zod';
import { messageTemplatesSetting } from '../app.ts';

/**
 * The notifications tickets starts (to clients and staff in their linked chats), one purpose per kind, and the
 * values their templates may take: on an account that takes such messages only as templates outside the reply
 * window they go as the template declared in `message_templates`.
 */
export const ticketsBusinessStarts = {
  ticket_created: ['ticket', 'subject', 'client'],
  ticket_comment: ['ticket', 'subject', 'author', 'comment'],
  ticket_status: ['ticket', 'subject', 'status'],
  invoice_issued: ['invoice', 'amount', 'due_date', 'link'],
} as const;

/**
 * Who issues the invoices, as printed at the top of each PDF. The titles (English, and Russian under
 * `x-ru`) label the fields of the generic settings form in the web app.
 */
export const ticketsSettingsSchema = z
  .object({
    business_name: z
      .string()
      .trim()
      .max(200)
      .default('Switchboard')
      .meta({
        title: 'Issuer name',
        description: 'Printed at the top of every invoice PDF.',
        'x-ru': { title: 'Название организации', description: 'Печатается вверху каждого PDF-счёта.' },
      }),
    business_details: z
      .string()
      .trim()
      .max(1000)
      .default('')
      .meta({
        title: 'Issuer details',
        description: 'Address, tax number, bank details: printed under the name.',
        'x-ru': { title: 'Реквизиты', description: 'Адрес, БИН/ИНН, банковские реквизиты: печатаются под названием.' },
      }),
    message_templates: messageTemplatesSetting(ticketsBusinessStarts),
  })
  .meta({ title: 'Invoices', 'x-ru': { title: 'Счета' } });
export type TicketsSettings = z.output<typeof ticketsSettingsSchema>;
