// The clinic bot's words: Russian and Kazakh, from the reviewed files in locales/.
import { kk } from './locales/kk.ts';
import { ru, type ClinicTextKey } from './locales/ru.ts';
import type { PatientLanguage } from './tables.ts';

export type { ClinicTextKey };

export function text(language: PatientLanguage, key: ClinicTextKey, values: Record<string, string | number> = {}): string {
  const template: string = (language === 'kk' ? kk : ru)[key];
  return template.replace(/\{(\w+)\}/g, (_match, name: string) => String(values[name] ?? ''));
}

/** The patient's language, else the messenger's (Kazakh only when it says so; Russian otherwise). */
export const patientLanguage = (code: string | null | undefined): PatientLanguage => (code === 'kk' ? 'kk' : 'ru');

/** Typed answers to reminders, in both languages. */
export function typedAnswer(raw: string): 'yes' | 'no' | 'reschedule' | undefined {
  const word = raw
    .trim()
    .toLowerCase()
    .replace(/[.!?]+$/, '');
  if (['да', 'иә', 'ия', 'приду', 'келемін', 'yes', 'подтверждаю'].includes(word)) return 'yes';
  if (['нет', 'жоқ', 'не приду', 'келмеймін', 'no'].includes(word)) return 'no';
  if (['перенести', 'ауыстыру', 'перенос'].includes(word)) return 'reschedule';
  return undefined;
}
