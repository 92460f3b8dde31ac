// What the dispatch bot says about comments, history, visits, calendars and statistics (issue 19), ru and en.
import type { CrewLanguage } from './dispatch.messages.ts';

const ru = {
  commentFrom: '💬 {author} о замере #{id} ({client}):\n{text}',
  commentSaved: '💬 Комментарий к замеру #{id} отправлен.',
  commentUsage: 'Напишите так: /comment <номер замера> <текст>',
  historyUsage: 'Напишите так: /history <номер замера>',
  historyTitle: '🕓 История замера #{id}:',
  visitUsage: 'Напишите так: /visit <номер замера> ГГГГ-ММ-ДД ЧЧ:ММ [минут], например /visit 12 2026-12-04 10:30 90',
  visitSet: '📅 Визит по замеру #{id}: {when} ({minutes} мин).',
  visitSetForYou: '📅 Визит по замеру #{id} ({client}) назначен на {when} ({minutes} мин).',
  visitConflict: 'Время занято: у замерщика уже визит по замеру #{other} ({when}).',
  visitClosed: 'Нельзя: замер #{id} уже закрыт.',
  notParticipant: 'Вы не участвуете в этом замере.',
  calendarLink: '📅 Ваш календарь визитов (подпишитесь в телефоне, ссылку никому не передавайте):\n{url}',
  calendarNoUrl: 'Адрес сервера не задан (PUBLIC_URL): попросите администратора выдать ссылку на календарь из веб-приложения.',
  statsTitle: '📊 Статистика за 30 дней:',
  statsLine: '{name}: выполнено {completed}, медиана {median}, вовремя {onTime}, отмен {cancelled}',
  statsEmpty: 'За 30 дней закрытых замеров нет.',
  noValue: '—',
  visitCleared: 'визит снят',
  buttonHistory: '🕓 История',
  remindEvening: '⏰ Завтра визит по замеру #{id}: {when}\n👤 {client}, 📞 {phone}\n📍 {address}',
  remindHour: '⏰ Через час визит по замеру #{id}: {when}\n👤 {client}, 📞 {phone}\n📍 {address}',
  remindUnassigned: '⚠️ Замер #{id} ({client}) ждёт назначения с {since}. Назначьте замерщика: /pending',
  hours: '{h} ч {m} мин',
};

type Key = keyof typeof ru;

const en: Record<Key, string> = {
  commentFrom: '💬 {author} on job #{id} ({client}):\n{text}',
  commentSaved: '💬 Comment on job #{id} sent.',
  commentUsage: 'Write: /comment <job number> <text>',
  historyUsage: 'Write: /history <job number>',
  historyTitle: '🕓 History of job #{id}:',
  visitUsage: 'Write: /visit <job number> YYYY-MM-DD HH:MM [minutes], e.g. /visit 12 2026-12-04 10:30 90',
  visitSet: '📅 Visit for job #{id}: {when} ({minutes} min).',
  visitSetForYou: '📅 Your visit for job #{id} ({client}) is planned for {when} ({minutes} min).',
  visitConflict: 'That time is taken: the measurer already has a visit for job #{other} ({when}).',
  visitClosed: 'Not possible: job #{id} is closed.',
  notParticipant: 'You take no part in this job.',
  calendarLink: '📅 Your visit calendar (subscribe on your phone; keep the link to yourself):\n{url}',
  calendarNoUrl: 'The server address (PUBLIC_URL) is not set: ask an admin for your calendar link from the web app.',
  statsTitle: '📊 Statistics for 30 days:',
  statsLine: '{name}: completed {completed}, median {median}, on time {onTime}, cancelled {cancelled}',
  statsEmpty: 'No jobs were closed in 30 days.',
  noValue: '—',
  visitCleared: 'visit cleared',
  buttonHistory: '🕓 History',
  remindEvening: '⏰ Tomorrow: visit for job #{id} at {when}\n👤 {client}, 📞 {phone}\n📍 {address}',
  remindHour: '⏰ In an hour: visit for job #{id} at {when}\n👤 {client}, 📞 {phone}\n📍 {address}',
  remindUnassigned: '⚠️ Job #{id} ({client}) has waited for a measurer since {since}. Assign one: /pending',
  hours: '{h}h {m}m',
};

export function extraText(language: CrewLanguage, key: Key, values: Record<string, string | number> = {}): string {
  return (language === 'en' ? en : ru)[key].replace(/\{(\w+)\}/g, (_match, name: string) => String(values[name] ?? ''));
}

const eventNames: Record<CrewLanguage, Record<string, string>> = {
  ru: {
    created: 'создан',
    reopened: 'открыт снова',
    assign: 'назначен',
    reassign: 'переназначен',
    start: 'начат',
    complete: 'выполнен',
    cancel: 'отменён',
    cancelled: 'отменён',
    note: 'заметка',
    written_back: 'записан в AmoCRM',
    comment: 'комментарий',
    planned: 'визит',
  },
  en: {
    created: 'created',
    reopened: 'reopened',
    assign: 'assigned',
    reassign: 'reassigned',
    start: 'started',
    complete: 'completed',
    cancel: 'cancelled',
    cancelled: 'cancelled',
    note: 'note',
    written_back: 'written to AmoCRM',
    comment: 'comment',
    planned: 'visit',
  },
};

export const eventName = (language: CrewLanguage, event: string) => eventNames[language][event] ?? event;
