// Notification texts in the three languages bots speak; plain text, so nothing needs escaping.
import type { InvoiceStatus, NotificationKind, PartyKind, TicketStatus } from './tables.ts';

export const languages = ['ru', 'kk', 'en'] as const;
export type Language = (typeof languages)[number];

export function languageOf(code: string | null | undefined): Language {
  return (languages as readonly string[]).includes(code ?? '') ? (code as Language) : 'ru';
}

export interface NotificationFacts {
  ticketId?: number;
  subject?: string;
  clientName?: string;
  authorName?: string;
  comment?: string;
  status?: TicketStatus;
  invoiceNumber?: string;
  amount?: string;
  dueDate?: string | null;
}

const statusLabels: Record<Language, Record<TicketStatus, string>> = {
  ru: { open: 'открыта', in_progress: 'в работе', resolved: 'решена', closed: 'закрыта' },
  kk: { open: 'ашық', in_progress: 'жұмыста', resolved: 'шешілді', closed: 'жабық' },
  en: { open: 'open', in_progress: 'in progress', resolved: 'resolved', closed: 'closed' },
};

export const invoiceStatusLabels: Record<Language, Record<InvoiceStatus, string>> = {
  ru: { issued: 'выставлен', paid: 'оплачен', void: 'аннулирован' },
  kk: { issued: 'шығарылды', paid: 'төленді', void: 'жойылды' },
  en: { issued: 'issued', paid: 'paid', void: 'void' },
};

type Template = (facts: NotificationFacts, audience: PartyKind) => string;

const templates: Record<Language, Record<NotificationKind, Template>> = {
  ru: {
    ticket_created: (f, to) =>
      to === 'staff'
        ? `🆕 Новая заявка #${f.ticketId} от ${f.clientName}: «${f.subject}»`
        : `🆕 Создана заявка #${f.ticketId}: «${f.subject}». Мы сообщим о ходе работы здесь.`,
    ticket_comment: (f) => `💬 Новый комментарий к заявке #${f.ticketId} «${f.subject}» от ${f.authorName}:\n${f.comment}`,
    ticket_status: (f) => `🔄 Заявка #${f.ticketId} «${f.subject}»: статус — ${statusLabels.ru[f.status!]}.`,
    invoice_issued: (f, to) =>
      `🧾 ${to === 'staff' ? `Клиенту ${f.clientName} выставлен` : 'Выставлен'} счёт ${f.invoiceNumber} на сумму ${f.amount}${f.dueDate ? `, оплатить до ${f.dueDate}` : ''}.`,
  },
  kk: {
    ticket_created: (f, to) =>
      to === 'staff'
        ? `🆕 ${f.clientName} жаңа өтінім #${f.ticketId} жіберді: «${f.subject}»`
        : `🆕 #${f.ticketId} өтінім жасалды: «${f.subject}». Жұмыс барысы туралы осында хабарлаймыз.`,
    ticket_comment: (f) => `💬 #${f.ticketId} «${f.subject}» өтініміне ${f.authorName} жаңа пікір қалдырды:\n${f.comment}`,
    ticket_status: (f) => `🔄 #${f.ticketId} «${f.subject}» өтінімі: мәртебесі — ${statusLabels.kk[f.status!]}.`,
    invoice_issued: (f, to) =>
      `🧾 ${to === 'staff' ? `${f.clientName} клиентіне ` : ''}${f.invoiceNumber} шоты шығарылды, сомасы ${f.amount}${f.dueDate ? `, төлеу мерзімі ${f.dueDate} дейін` : ''}.`,
  },
  en: {
    ticket_created: (f, to) =>
      to === 'staff'
        ? `🆕 New ticket #${f.ticketId} from ${f.clientName}: “${f.subject}”`
        : `🆕 Ticket #${f.ticketId} created: “${f.subject}”. We will keep you posted here.`,
    ticket_comment: (f) => `💬 New comment on ticket #${f.ticketId} “${f.subject}” from ${f.authorName}:\n${f.comment}`,
    ticket_status: (f) => `🔄 Ticket #${f.ticketId} “${f.subject}” is now ${statusLabels.en[f.status!]}.`,
    invoice_issued: (f, to) =>
      `🧾 Invoice ${f.invoiceNumber} for ${f.amount} issued${to === 'staff' ? ` to ${f.clientName}` : ''}${f.dueDate ? `, due ${f.dueDate}` : ''}.`,
  },
};

const buttonLabels: Record<Language, { ticket: string; invoice: string }> = {
  ru: { ticket: 'Открыть заявку', invoice: 'Открыть счёт' },
  kk: { ticket: 'Өтінімді ашу', invoice: 'Шотты ашу' },
  en: { ticket: 'Open the ticket', invoice: 'Open the invoice' },
};

/**
 * The notification in the recipient's language, cut to `maxLength` (what the recipient's account sends, less room
 * for the link that may follow): a long comment is cut, the portal shows it whole.
 */
export function notificationText(
  language: Language,
  kind: NotificationKind,
  audience: PartyKind,
  facts: NotificationFacts,
  maxLength: number,
): string {
  const text = templates[language][kind](facts, audience);
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

export function buttonLabel(language: Language, reference: 'ticket' | 'invoice'): string {
  return buttonLabels[language][reference];
}

export function ticketStatusLabel(language: Language, status: TicketStatus): string {
  return statusLabels[language][status];
}
