// The main menu (seed 004's six entries) and the typed forms of its buttons.
import type { FlowReply } from '../app.ts';
import type { PatientLanguage } from './tables.ts';
import { text, type ClinicTextKey } from './texts.ts';

const entries: Array<[ClinicTextKey, string]> = [
  ['menuBook', 'menu:book'],
  ['menuMine', 'menu:mine'],
  ['menuDocuments', 'menu:documents'],
  ['menuPayments', 'menu:payments'],
  ['menuProfile', 'menu:profile'],
  ['menuSupport', 'menu:support'],
];

export function mainMenu(language: PatientLanguage): FlowReply[] {
  const buttons = entries.map(([key, payload]) => ({ title: text(language, key), payload }));
  return [{ type: 'choices', text: text(language, 'menu'), rows: [buttons.slice(0, 2), buttons.slice(2, 4), buttons.slice(4, 6)] }];
}

/** A menu button's title typed (or sent by a keyboard) in either language → its payload. */
export function menuPayloadOf(typed: string): string | undefined {
  const wanted = typed.trim().toLowerCase();
  for (const language of ['ru', 'kk'] as const)
    for (const [key, payload] of entries) {
      const title = text(language, key).toLowerCase();
      if (wanted === title || wanted === title.replace(/^\S+\s/, '')) return payload;
    }
  return undefined;
}
