// What the bot says about linking, in the three languages bots speak (DESIGN "Conventions").
export const botLanguages = ['ru', 'kk', 'en'] as const;
export type BotLanguage = (typeof botLanguages)[number];

/** Telegram's language_code → ours; Russian for CIS locales and when Telegram sends none. */
export function languageOf(code: string | undefined | null): BotLanguage {
  const base = (code ?? '').toLowerCase().split('-')[0]!;
  if (base === 'kk') return 'kk';
  if (base === '' || ['ru', 'uk', 'be', 'uz', 'ky', 'tg'].includes(base)) return 'ru';
  return 'en';
}

type Key = 'linkedClient' | 'linkedStaff' | 'used' | 'expired' | 'unknown' | 'otherBot' | 'privateOnly' | 'stopped' | 'notLinked';

const catalogue: Record<BotLanguage, Record<Key, string>> = {
  ru: {
    linkedClient:
      'Готово! Telegram привязан к вашему аккаунту в клиентском портале. Сюда будут приходить уведомления о заявках и счетах. Отключить: /stop',
    linkedStaff:
      'Готово! Telegram привязан к вашей учётной записи сотрудника. Сюда будут приходить уведомления о новых заявках. Отключить: /stop',
    used: 'Эта ссылка уже использована и ничего не привязала. Создайте новую в портале (раздел Telegram) и откройте её.',
    expired: 'Срок действия ссылки истёк. Создайте новую в портале (раздел Telegram) и сразу откройте её.',
    unknown: 'Ссылка не распознана — возможно, она скопирована не полностью. Создайте новую в портале (раздел Telegram) и откройте её.',
    otherBot: 'Эта ссылка предназначена для другого бота ({bot}). Откройте её из портала ещё раз.',
    privateOnly: 'Откройте ссылку в личном чате с ботом, а не в группе.',
    stopped: 'Telegram отвязан: уведомления больше не придут. Привязать снова можно в портале.',
    notLinked: 'Этот Telegram не привязан ни к одному аккаунту — отключать нечего.',
  },
  kk: {
    linkedClient:
      'Дайын! Telegram клиент порталындағы аккаунтыңызға байланыстырылды. Өтінімдер мен шоттар туралы хабарламалар осында келеді. Өшіру: /stop',
    linkedStaff: 'Дайын! Telegram қызметкер тіркелгіңізге байланыстырылды. Жаңа өтінімдер туралы хабарламалар осында келеді. Өшіру: /stop',
    used: 'Бұл сілтеме бұрын қолданылған, ештеңе байланыстырылмады. Порталда (Telegram бөлімі) жаңасын жасап, ашыңыз.',
    expired: 'Сілтеменің мерзімі өтіп кетті. Порталда (Telegram бөлімі) жаңасын жасап, бірден ашыңыз.',
    unknown: 'Сілтеме танылмады — толық көшірілмеген болуы мүмкін. Порталда (Telegram бөлімі) жаңасын жасап, ашыңыз.',
    otherBot: 'Бұл сілтеме басқа ботқа арналған ({bot}). Оны порталдан қайта ашыңыз.',
    privateOnly: 'Сілтемені топта емес, ботпен жеке чатта ашыңыз.',
    stopped: 'Telegram ажыратылды: хабарламалар енді келмейді. Порталда қайта байланыстыруға болады.',
    notLinked: 'Бұл Telegram ешбір аккаунтқа байланыстырылмаған — ажырататын ештеңе жоқ.',
  },
  en: {
    linkedClient:
      'Done! This Telegram is now linked to your client portal account. Ticket and invoice notifications will arrive here. To stop them: /stop',
    linkedStaff: 'Done! This Telegram is now linked to your staff account. New ticket notifications will arrive here. To stop them: /stop',
    used: 'This link has already been used and linked nothing. Create a new one in the portal (Telegram section) and open it.',
    expired: 'This link has expired. Create a new one in the portal (Telegram section) and open it right away.',
    unknown:
      'This link is not recognised — it may have been copied only in part. Create a new one in the portal (Telegram section) and open it.',
    otherBot: 'This link is meant for another bot ({bot}). Open it from the portal again.',
    privateOnly: 'Open the link in a private chat with the bot, not in a group.',
    stopped: 'Telegram unlinked: no more notifications will arrive. You can link it again in the portal.',
    notLinked: 'This Telegram is not linked to any account, so there is nothing to disconnect.',
  },
};

export function botText(language: BotLanguage, key: Key, values: Record<string, string> = {}): string {
  return catalogue[language][key].replace(/\{(\w+)\}/g, (_match, name: string) => values[name] ?? '');
}
