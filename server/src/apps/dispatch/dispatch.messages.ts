// What the dispatch bot says, in Russian (seed 003) and English; a crew member's Telegram language picks one.
import type { CrewRole, JobStatus } from './tables.ts';

export type CrewLanguage = 'ru' | 'en';

/** Telegram's language_code → ours: Russian for CIS locales and when Telegram sends none (seed 003 is Russian). */
export function crewLanguageOf(code: string | undefined | null): CrewLanguage {
  const base = (code ?? '').toLowerCase().split('-')[0]!;
  return base === '' || ['ru', 'uk', 'be', 'kk', 'uz', 'ky', 'tg'].includes(base) ? 'ru' : 'en';
}

const ru = {
  card: '📋 Замер #{id} (сделка {lead})\n👤 Клиент: {client}\n📞 Телефон: {phone}\n📍 Адрес: {address}\nСтатус: {status}',
  cardMeasurer: '\n📐 Замерщик: {measurer}',
  unknownValue: 'не указан',
  newJob: '🆕 Новый замер\n\n{card}\n\nВыберите замерщика:',
  newJobNoMeasurers: '🆕 Новый замер\n\n{card}\n\nЗамерщиков пока нет: пригласите их ссылкой из веб-приложения.',
  assignedToYou: '📋 Вам назначен замер\n\n{card}',
  offerTaken: '✅ Замер взят: {measurer}{by}',
  offerCancelled: '❌ Замер отменён{by}',
  offerAssignedBy: ' (назначил(а): {by})',
  offerCancelledBy: ' (отменил(а): {by})',
  unassignedFromYou: 'Замер #{id} передан другому замерщику.',
  cancelledForYou: '❌ Замер #{id} отменён.',
  managerAssigned: '📋 На ваш заказ назначен замерщик {measurer}\n\n{card}',
  managerStarted: '🔄 Замерщик {measurer} начал замер #{id} ({client}).',
  managerCompleted: '✅ Замер #{id} ({client}) выполнен замерщиком {measurer}.',
  managerCancelled: '❌ Замер #{id} ({client}) отменён.',
  adminCompleted: '✅ Замер #{id} ({client}) выполнен: {measurer}.',
  assignedOk: '📋 Замер #{id} назначен: {measurer}.',
  alreadyAssigned: 'Этот замер уже назначен: {measurer}.',
  illegal: 'Нельзя: замер #{id} сейчас в статусе «{status}».',
  notYours: 'Этот замер назначен не вам.',
  noJob: 'Замер не найден.',
  noMeasurer: 'Этот замерщик больше не в бригаде. Выберите другого.',
  startedOk: '🔄 Замер #{id}: в процессе. Когда закончите, нажмите «✅ Завершить».',
  completedOk: '✅ Замер #{id} выполнен. Спасибо!',
  cancelledOk: '❌ Замер #{id} отменён.',
  chooseMeasurer: 'Кому передать замер #{id}?',
  notCrew: 'Вы не в бригаде. Попросите администратора прислать ссылку-приглашение.',
  wrongRole: 'Эта команда для роли «{role}».',
  joined: 'Готово! Вы в бригаде, роль: {role}. Команды: /menu',
  inviteUsed: 'Эта ссылка-приглашение уже использована. Попросите администратора прислать новую.',
  inviteExpired: 'Срок действия приглашения истёк. Попросите администратора прислать новое.',
  inviteUnknown: 'Приглашение не распознано — возможно, ссылка скопирована не полностью.',
  inviteOtherBot: 'Это приглашение для другого бота ({bot}).',
  menu: '{role} {name}, выберите действие:',
  emptyPending: 'Новых замеров нет.',
  emptyAll: 'Замеров пока нет.',
  emptyMy: 'У вас нет активных замеров.',
  emptyOrders: 'По вашим заказам замеров нет.',
  emptyMeasurers: 'Замерщиков пока нет: пригласите их ссылкой из веб-приложения.',
  allTitle: 'Последние замеры:',
  ordersTitle: 'Замеры по вашим заказам:',
  measurersTitle: 'Замерщики (активных замеров):',
  buttonStart: '🔄 Начать выполнение',
  buttonComplete: '✅ Завершить',
  buttonCancel: '❌ Отменить',
  buttonReassign: '🔁 Переназначить',
  menuPending: '⏳ Новые замеры',
  menuAll: '📋 Все замеры',
  menuMeasurers: '👷 Замерщики',
  menuMy: '📐 Мои замеры',
  menuOrders: '📦 Мои заказы',
  note: '\n⚠️ {note}',
};

type Key = keyof typeof ru;

const en: Record<Key, string> = {
  card: '📋 Job #{id} (deal {lead})\n👤 Client: {client}\n📞 Phone: {phone}\n📍 Address: {address}\nStatus: {status}',
  cardMeasurer: '\n📐 Measurer: {measurer}',
  unknownValue: 'not given',
  newJob: '🆕 New measurement job\n\n{card}\n\nChoose a measurer:',
  newJobNoMeasurers: '🆕 New measurement job\n\n{card}\n\nNo measurers yet: invite them with a link from the web app.',
  assignedToYou: '📋 A job was assigned to you\n\n{card}',
  offerTaken: '✅ Taken: {measurer}{by}',
  offerCancelled: '❌ Job cancelled{by}',
  offerAssignedBy: ' (assigned by {by})',
  offerCancelledBy: ' (cancelled by {by})',
  unassignedFromYou: 'Job #{id} went to another measurer.',
  cancelledForYou: '❌ Job #{id} was cancelled.',
  managerAssigned: '📋 {measurer} will measure your order\n\n{card}',
  managerStarted: '🔄 {measurer} started job #{id} ({client}).',
  managerCompleted: '✅ Job #{id} ({client}) was completed by {measurer}.',
  managerCancelled: '❌ Job #{id} ({client}) was cancelled.',
  adminCompleted: '✅ Job #{id} ({client}) completed: {measurer}.',
  assignedOk: '📋 Job #{id} assigned: {measurer}.',
  alreadyAssigned: 'This job is already assigned to {measurer}.',
  illegal: 'Not possible: job #{id} is "{status}" now.',
  notYours: 'This job is not assigned to you.',
  noJob: 'There is no such job.',
  noMeasurer: 'That measurer is no longer in the crew. Choose another.',
  startedOk: '🔄 Job #{id} is in progress. When you finish, press "✅ Complete".',
  completedOk: '✅ Job #{id} completed. Thank you!',
  cancelledOk: '❌ Job #{id} cancelled.',
  chooseMeasurer: 'Who should take job #{id}?',
  notCrew: 'You are not in the crew. Ask an admin for an invite link.',
  wrongRole: 'This command is for the role "{role}".',
  joined: 'Done! You are in the crew as {role}. Commands: /menu',
  inviteUsed: 'This invite link has already been used. Ask an admin for a new one.',
  inviteExpired: 'This invite has expired. Ask an admin for a new one.',
  inviteUnknown: 'This invite is not recognised — the link may have been copied only in part.',
  inviteOtherBot: 'This invite is meant for another bot ({bot}).',
  menu: '{role} {name}, choose an action:',
  emptyPending: 'No new jobs.',
  emptyAll: 'No jobs yet.',
  emptyMy: 'You have no active jobs.',
  emptyOrders: 'No jobs for your orders.',
  emptyMeasurers: 'No measurers yet: invite them with a link from the web app.',
  allTitle: 'Latest jobs:',
  ordersTitle: 'Jobs for your orders:',
  measurersTitle: 'Measurers (active jobs):',
  buttonStart: '🔄 Start',
  buttonComplete: '✅ Complete',
  buttonCancel: '❌ Cancel',
  buttonReassign: '🔁 Reassign',
  menuPending: '⏳ New jobs',
  menuAll: '📋 All jobs',
  menuMeasurers: '👷 Measurers',
  menuMy: '📐 My jobs',
  menuOrders: '📦 My orders',
  note: '\n⚠️ {note}',
};

const statusNames: Record<CrewLanguage, Record<JobStatus, string>> = {
  ru: {
    pending: '⏳ Ожидает назначения',
    assigned: '📋 Назначен',
    in_progress: '🔄 В процессе',
    completed: '✅ Выполнен',
    cancelled: '❌ Отменен',
  },
  en: {
    pending: '⏳ Awaiting assignment',
    assigned: '📋 Assigned',
    in_progress: '🔄 In progress',
    completed: '✅ Completed',
    cancelled: '❌ Cancelled',
  },
};

const roleNames: Record<CrewLanguage, Record<CrewRole, string>> = {
  ru: { admin: 'Администратор', measurer: 'Замерщик', manager: 'Менеджер' },
  en: { admin: 'Admin', measurer: 'Measurer', manager: 'Manager' },
};

export function text(language: CrewLanguage, key: Key, values: Record<string, string | number> = {}): string {
  return (language === 'en' ? en : ru)[key].replace(/\{(\w+)\}/g, (_match, name: string) => String(values[name] ?? ''));
}

export const statusName = (language: CrewLanguage, status: JobStatus) => statusNames[language][status];
export const roleName = (language: CrewLanguage, role: CrewRole) => roleNames[language][role];
