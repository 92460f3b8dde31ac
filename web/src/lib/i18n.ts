// Russian and English, remembered in localStorage; <html lang> follows so screen readers and
// hyphenation use the right language.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './locales/en.ts';
import { ru } from './locales/ru.ts';

export const languages = ['ru', 'en'] as const;
export type Language = (typeof languages)[number];
const storageKey = 'sb.language';

function initialLanguage(): Language {
  try {
    const saved = localStorage.getItem(storageKey);
    if (saved === 'ru' || saved === 'en') return saved;
  } catch {
    // storage blocked
  }
  return navigator.language.toLowerCase().startsWith('ru') ? 'ru' : 'en';
}

export function setLanguage(language: Language): void {
  try {
    localStorage.setItem(storageKey, language);
  } catch {
    // storage blocked: this tab still switches
  }
  void i18next.changeLanguage(language);
}

/**
 * The language an account keeps on the server (a portal client's "ru", "kk", "en"): used unless
 * this browser has a language chosen with the switch, and it beats the browser's own language.
 * Kazakh readers get Russian, the app's other language in Kazakhstan.
 */
export function applyAccountLanguage(language: string | null | undefined): void {
  let saved: string | null = null;
  try {
    saved = localStorage.getItem(storageKey);
  } catch {
    // storage blocked: nothing was chosen here
  }
  const wanted: Language | null = language === 'ru' || language === 'kk' ? 'ru' : language === 'en' ? 'en' : null;
  if (saved || !wanted || i18next.language === wanted) return;
  void i18next.changeLanguage(wanted);
}

export function currentLanguage(): Language {
  return i18next.language === 'ru' ? 'ru' : 'en';
}

void i18next.use(initReactI18next).init({
  resources: { en: { translation: en }, ru: { translation: ru } },
  lng: initialLanguage(),
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = i18next.language;
i18next.on('languageChanged', (language) => {
  document.documentElement.lang = language;
});

/** Adds features' strings, each under its key: `addTranslations({ team: { en, ru } })` makes t('team.…') work. */
export function addTranslations(features: Record<string, Record<Language, object>>): void {
  for (const language of languages) {
    const bundle = Object.fromEntries(Object.entries(features).map(([key, strings]) => [key, strings[language]]));
    i18next.addResourceBundle(language, 'translation', bundle, true, false);
  }
}

/**
 * What each API error code means (lib/errors.ts): fetched right after start beside the first page, not inside it.
 * Until it arrives (or if it cannot), a failure reads as the generic text that names its code.
 */
void import('./locales/api-errors.ts').then(
  ({ apiErrorsEn, apiErrorsRu }) => addTranslations({ apiError: { en: apiErrorsEn, ru: apiErrorsRu } }),
  () => undefined,
);

export { i18next };
