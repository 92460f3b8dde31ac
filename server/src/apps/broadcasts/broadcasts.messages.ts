// What the bot says about subscriptions, in the bot's languages (ru, kk, en).
export type BotLanguage = 'ru' | 'kk' | 'en';

export function languageOf(code: string | null | undefined): BotLanguage {
  const base = (code ?? '').toLowerCase().split(/[-_]/)[0];
  if (base === 'kk') return 'kk';
  if (base === 'en') return 'en';
  return 'ru';
}

const texts = {
  unsubscribeButton: { ru: 'Отписаться', kk: 'Жазылымнан бас тарту', en: 'Unsubscribe' },
  unsubscribed: {
    ru: 'Вы отписались от рассылок. Мы больше не будем присылать рекламные сообщения. Чтобы снова подписаться, напишите «подписаться».',
    kk: 'Сіз таратылымнан бас тарттыңыз. Бұдан былай жарнамалық хабарламалар жібермейміз. Қайта жазылу үшін «жазылу» деп жазыңыз.',
    en: 'You have unsubscribed. We will not send you marketing messages any more. To subscribe again, write "subscribe".',
  },
  alreadyUnsubscribed: {
    ru: 'Вы уже отписаны от рассылок.',
    kk: 'Сіз таратылымнан бұрын бас тарттыңыз.',
    en: 'You are already unsubscribed.',
  },
  subscribed: {
    ru: 'Готово! Вы подписались на новости и предложения. Отписаться можно в любой момент: напишите «отписаться».',
    kk: 'Дайын! Сіз жаңалықтар мен ұсыныстарға жазылдыңыз. Кез келген уақытта бас тартуға болады: «отписаться» деп жазыңыз.',
    en: 'Done! You have subscribed to news and offers. You can unsubscribe at any time: write "unsubscribe".',
  },
} as const satisfies Record<string, Record<BotLanguage, string>>;

export const botText = (language: BotLanguage, key: keyof typeof texts): string => texts[key][language];

const unsubscribeWords = new Set(['отписаться', 'отписка', 'unsubscribe', 'stop', 'стоп', 'жазылымнан бас тарту']);
const subscribeWords = new Set(['подписаться', 'subscribe', 'жазылу']);

const normalized = (text: string) =>
  text
    .trim()
    .toLowerCase()
    .replace(/[.!]+$/, '');

/** The typed words that withdraw consent; "/stop" is a command (the linking app's), never this. */
export const isUnsubscribeWord = (text: string): boolean => unsubscribeWords.has(normalized(text));
export const isSubscribeWord = (text: string): boolean => subscribeWords.has(normalized(text));
