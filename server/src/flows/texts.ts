// What the flow runtime itself says, in the three bot languages.
import type { FlowLanguage } from './app-flows.ts';

export const defaultWelcomeText =
  'Здравствуйте! Напишите ваш вопрос — мы ответим здесь.\nHello! Write your question and we will answer here.';

const catalogue = {
  cancelled: {
    ru: 'Отменено. Напишите, если понадобится что-то ещё.',
    kk: 'Болдырылмады. Тағы бірдеңе керек болса, жазыңыз.',
    en: 'Cancelled. Write if you need anything else.',
  },
  timedOut: {
    ru: 'Время ожидания ответа истекло — начните заново, когда будет удобно.',
    kk: 'Жауап күту уақыты өтті — ыңғайлы кезде қайта бастаңыз.',
    en: 'This form timed out; start again whenever it suits you.',
  },
  menuGone: {
    ru: 'Это меню устарело. Откройте его заново.',
    kk: 'Бұл мәзір ескірген. Оны қайта ашыңыз.',
    en: 'This menu is out of date. Please open it again.',
  },
} as const;

export function flowText(language: FlowLanguage, key: keyof typeof catalogue): string {
  return catalogue[key][language];
}

/** A messenger's language code → ours; Russian for CIS locales and when none is given. */
export function flowLanguageOf(code: string | undefined | null): FlowLanguage {
  const base = (code ?? '').toLowerCase().split('-')[0]!;
  if (base === 'kk') return 'kk';
  if (base === '' || ['ru', 'uk', 'be', 'uz', 'ky', 'tg'].includes(base)) return 'ru';
  return 'en';
}
