// The words of documents, support and privacy in the bot, on the link pages and in generated PDFs (ru, kk).
import type { DocumentType } from './documents.tables.ts';
import type { PatientLanguage } from './tables.ts';

const ru = {
  docsNone: 'У вас пока нет документов. Когда клиника их добавит, мы сообщим.',
  docsChooseType: 'Выберите тип документа.',
  docsChooseDocument: 'Выберите документ.',
  type_visit_summary: 'Заключения',
  type_lab_result: 'Анализы',
  type_certificate: 'Справки',
  type_invoice: 'Счета',
  type_other: 'Другие документы',
  docLink: '🔗 Ссылка для скачивания (действует 48 часов): {url}',
  docNew: '📄 В разделе «Документы» новый документ: {title}',
  docOpen: 'Открыть',
  linkExpiredTitle: 'Срок действия ссылки истёк',
  linkExpired: 'Ссылка действовала 48 часов. Получите новую в боте клиники: «📄 Документы».',
  linkRevokedTitle: 'Ссылка отозвана',
  linkRevoked: 'Клиника отозвала эту ссылку. Откройте документ в боте («📄 Документы») или напишите администратору.',
  linkUnknownTitle: 'Ссылка недействительна',
  linkUnknown: 'Такой ссылки нет. Откройте документ в боте клиники: «📄 Документы».',
  supportIntro: 'Частые вопросы — выберите тему или задайте вопрос администратору.',
  faqChooseQuestion: 'Выберите вопрос.',
  askPerson: '🙋 Спросить администратора',
  back: '↩️ Назад',
  supportTicketOpened: 'Обращение №{id} создано. Напишите ваш вопрос здесь — администратор клиники ответит в этом чате.',
  privacyCopy: '📦 Копия моих данных',
  privacyDelete: '🗑 Удалить мои данные',
  privacyRequested: 'Запрос №{id} принят. Администратор клиники ответит до {due}.',
  privacyAlready: 'Такой запрос уже принят (№{id}), ответ — до {due}.',
  certificateTitle: 'Справка о посещении',
  summaryTitle: 'Заключение по приёму',
  patient: 'Пациент',
  birthDate: 'Дата рождения',
  visit: 'Приём',
  doctor: 'Врач',
  service: 'Услуга',
  branch: 'Филиал',
  issued: 'Дата выдачи',
  certificateBody:
    'Настоящим подтверждается, что {name} был(а) на приёме в клинике {date}. Справка выдана для предъявления по месту требования.',
};

const kk: Record<keyof typeof ru, string> = {
  docsNone: 'Сізде әзірге құжат жоқ. Клиника құжат қосқанда, хабарлаймыз.',
  docsChooseType: 'Құжат түрін таңдаңыз.',
  docsChooseDocument: 'Құжатты таңдаңыз.',
  type_visit_summary: 'Қорытындылар',
  type_lab_result: 'Талдаулар',
  type_certificate: 'Анықтамалар',
  type_invoice: 'Шоттар',
  type_other: 'Басқа құжаттар',
  docLink: '🔗 Жүктеп алу сілтемесі (48 сағат жарамды): {url}',
  docNew: '📄 «Құжаттар» бөлімінде жаңа құжат бар: {title}',
  docOpen: 'Ашу',
  linkExpiredTitle: 'Сілтеменің мерзімі өтті',
  linkExpired: 'Сілтеме 48 сағат жарамды болды. Жаңасын клиника ботынан алыңыз: «📄 Құжаттар».',
  linkRevokedTitle: 'Сілтеме кері қайтарылды',
  linkRevoked: 'Клиника бұл сілтемені кері қайтарды. Құжатты ботта ашыңыз («📄 Құжаттар») немесе әкімшіге жазыңыз.',
  linkUnknownTitle: 'Сілтеме жарамсыз',
  linkUnknown: 'Мұндай сілтеме жоқ. Құжатты клиника ботында ашыңыз: «📄 Құжаттар».',
  supportIntro: 'Жиі қойылатын сұрақтар — тақырыпты таңдаңыз немесе әкімшіден сұраңыз.',
  faqChooseQuestion: 'Сұрақты таңдаңыз.',
  askPerson: '🙋 Әкімшіден сұрау',
  back: '↩️ Артқа',
  supportTicketOpened: '№{id} өтініш ашылды. Сұрағыңызды осында жазыңыз — клиника әкімшісі осы чатта жауап береді.',
  privacyCopy: '📦 Деректерімнің көшірмесі',
  privacyDelete: '🗑 Деректерімді жою',
  privacyRequested: '№{id} сұрау қабылданды. Клиника әкімшісі {due} дейін жауап береді.',
  privacyAlready: 'Мұндай сұрау бұрыннан бар (№{id}), жауап — {due} дейін.',
  certificateTitle: 'Қаралу туралы анықтама',
  summaryTitle: 'Қабылдау қорытындысы',
  patient: 'Пациент',
  birthDate: 'Туған күні',
  visit: 'Қабылдау',
  doctor: 'Дәрігер',
  service: 'Қызмет',
  branch: 'Филиал',
  issued: 'Берілген күні',
  certificateBody: '{name} {date} күні клиникада қабылдауда болғаны расталады. Анықтама талап етілетін жерге ұсыну үшін берілді.',
};

export type DocumentTextKey = keyof typeof ru;

export function docText(language: PatientLanguage, key: DocumentTextKey, values: Record<string, string | number> = {}): string {
  return (language === 'kk' ? kk : ru)[key].replace(/\{(\w+)\}/g, (_match, name: string) => String(values[name] ?? ''));
}

export const typeTitle = (language: PatientLanguage, type: DocumentType) => docText(language, `type_${type}`);
