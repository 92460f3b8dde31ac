// Messages an app starts (a reminder, a notification to a client or to the crew), one mechanism for every app
// (issue 23). The app names its purposes and, per purpose, the values a template's {{1}}, {{2}} … may take
// (AppDefinition.businessStarts); admins declare, in the app's setting `message_templates`, which approved template
// goes for each purpose: its name, language and which named values fill its variables, in order. The app marks
// each such message through `context.businessStarts.mark`; a channel that takes business-started messages only
// as templates outside the customer's reply window (AppChannel.businessInitiated 'template') sends the declared
// template then, or refuses the message with the reason before the platform sees it when none is declared.
// `templatesReport` is what system health shows: the accounts that need templates and the purposes that have none.
import { declaredTemplateSchema } from '@switchboard/contract';
import { z } from 'zod';
import type { BusinessStart } from '../channels/channel.ts';
import type { AppTransaction } from './app.ts';

/** An app's purposes: each purpose's name → the names of the values its template's variables may take. */
export type BusinessStartPurposes = Readonly<Record<string, readonly string[]>>;

export interface DeclaredTemplate {
  name: string;
  /** The template's language code; absent: the recipient's language. */
  language?: string;
  parameters: string[];
}

export type DeclaredTemplates = Partial<Record<string, DeclaredTemplate>>;

export { declaredTemplateSchema };

/**
 * The `message_templates` setting for an app's purposes: add it to the app's settings schema under that name.
 * Its metadata (`x-purposes`) tells the settings form each purpose and the values it may take.
 */
export function messageTemplatesSetting(purposes: BusinessStartPurposes) {
  const shape = Object.fromEntries(
    Object.entries(purposes).map(([purpose, parameters]) => [purpose, declaredTemplateSchema(parameters).optional()]),
  );
  const listed = Object.entries(purposes)
    .map(([purpose, parameters]) => `${purpose} (${parameters.join(', ') || '—'})`)
    .join('; ');
  return z
    .object(shape)
    .default({})
    .meta({
      title: 'Templates for messages the app starts',
      description: `Per message the app starts: the approved template { name, language?, parameters } that goes when the person has not written within the account's reply window; parameters name the values for {{1}}, {{2}} … Messages and their values: ${listed}. Without one, such a message goes only while the window is open.`,
      'x-ru': {
        title: 'Шаблоны для сообщений, которые начинает приложение',
        description: `Для каждого сообщения, которое начинает приложение: одобренный шаблон { name, language?, parameters }, который уходит, если человек не писал в пределах окна ответа аккаунта; parameters называют значения для {{1}}, {{2}} … Сообщения и их значения: ${listed}. Без шаблона такое сообщение уходит только при открытом окне.`,
      },
      'x-purposes': purposes,
    }) as unknown as z.ZodType<DeclaredTemplates>;
}

/**
 * The values of a template's variables, in its parameters' order. Meta refuses a variable with a line break or an
 * empty value: values go on one line, an absent one as a dash.
 */
export function templateValuesOf(parameters: readonly string[], values: Readonly<Record<string, string | number | null | undefined>>) {
  return parameters.map(
    (name) =>
      String(values[name] ?? '')
        .replace(/\s*\n\s*/g, ' · ')
        .trim() || '—',
  );
}

/** The port an app marks the messages it starts through (AppContext.businessStarts). */
export interface BusinessStartsPort {
  /**
   * The mark for a message the app starts for `purpose`, with the template declared for it, its variables filled
   * from `values` by the declared parameter names; `language` is the recipient's, used when the declaration names none.
   * Inside a transaction of the app's, pass it (`trx`): the setting is read through it.
   */
  mark(
    purpose: string,
    language: string,
    values: Readonly<Record<string, string | number | null | undefined>>,
    trx?: AppTransaction,
  ): Promise<BusinessStart>;
}

export function createBusinessStartsPort(options: {
  app: string;
  purposes: BusinessStartPurposes | undefined;
  declared(trx?: AppTransaction): Promise<DeclaredTemplates>;
}): BusinessStartsPort {
  return {
    async mark(purpose, language, values, trx) {
      const parameters = options.purposes?.[purpose];
      if (!parameters) throw new Error(`The app ${options.app} declares no purpose “${purpose}” in AppDefinition.businessStarts.`);
      const named = `${options.app}.${purpose}`;
      const declared = (await options.declared(trx))[purpose];
      if (!declared) return { purpose: named };
      const body = templateValuesOf(declared.parameters, values);
      return {
        purpose: named,
        template: { name: declared.name, language: declared.language ?? language, variables: { header: [], body } },
      };
    },
  };
}

/** One app's purposes without a template, and the accounts running it that need templates; null: nothing missing. */
export interface TemplatesGap {
  app: string;
  purposes_without_template: string[];
  accounts: Array<{ id: number; name: string; kind: string }>;
}

export function templatesGap(
  app: string,
  purposes: BusinessStartPurposes,
  declared: DeclaredTemplates,
  channels: ReadonlyArray<{ id: number; name: string; kind: string; isEnabled: boolean; apps: string[] | null; businessInitiated: string }>,
): TemplatesGap | null {
  const missing = Object.keys(purposes).filter((purpose) => !declared[purpose]);
  const accounts = channels
    .filter(
      (channel) => channel.isEnabled && channel.businessInitiated === 'template' && (channel.apps === null || channel.apps.includes(app)),
    )
    .map(({ id, name, kind }) => ({ id, name, kind }));
  return missing.length > 0 && accounts.length > 0 ? { app, purposes_without_template: missing, accounts } : null;
}
