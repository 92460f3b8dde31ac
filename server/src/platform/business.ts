import type { Kysely } from 'kysely';
import { businessDetailsPatch, businessDetailsSchema, type BusinessDetails } from '@switchboard/contract';
import { platformTables, type Db, type PlatformTables } from './db/tables.ts';
import type { HttpApp } from './http/app.ts';
import { readSetting, writeSetting } from './settings.ts';

// The business's own details, asked for at first-run setup and kept in one place: every document the business
// issues (invoices now, a clinic's documents later) prints them from here. Their schemas are the API contract's.

export type { BusinessDetails };

const settingsKey = 'business';

export async function readBusinessDetails<DB extends PlatformTables>(db: Kysely<DB>): Promise<BusinessDetails> {
  const parsed = businessDetailsSchema.safeParse((await readSetting<unknown>(platformTables(db), settingsKey)) ?? {});
  return parsed.success ? parsed.data : businessDetailsSchema.parse({});
}

/** Whether an admin has saved the details, or chosen "Later" (which saves them empty): first-run setup's second step is done. */
export async function businessDetailsSaved<DB extends PlatformTables>(db: Kysely<DB>): Promise<boolean> {
  return (await readSetting<unknown>(platformTables(db), settingsKey)) !== undefined;
}

export async function writeBusinessDetails<DB extends PlatformTables>(
  db: Kysely<DB>,
  patch: Partial<BusinessDetails>,
): Promise<BusinessDetails> {
  const next = businessDetailsSchema.parse({ ...(await readBusinessDetails(db)), ...patch });
  await writeSetting(platformTables(db), settingsKey, next);
  return next;
}

type DocumentLanguage = 'ru' | 'kk' | 'en';
const headerLabels: Record<DocumentLanguage, Record<'tax' | 'bank' | 'code' | 'account', string>> = {
  ru: { tax: 'БИН/ИИН', bank: 'Банк', code: 'БИК', account: 'Счёт (IBAN)' },
  kk: { tax: 'БСН/ЖСН', bank: 'Банк', code: 'БСК', account: 'Шот (IBAN)' },
  en: { tax: 'Tax number (BIN)', bank: 'Bank', code: 'BIC', account: 'Account (IBAN)' },
};

/** The issuer's block of a document: the name, then one labelled line per detail that is filled in. */
export function documentHeader(details: BusinessDetails, language: DocumentLanguage): { name: string; lines: string[] } {
  const label = headerLabels[language];
  const bank = [
    details.bank_name && `${label.bank}: ${details.bank_name}`,
    details.bank_code && `${label.code}: ${details.bank_code}`,
  ].filter(Boolean);
  return {
    name: details.name,
    lines: [
      details.tax_number && `${label.tax}: ${details.tax_number}`,
      details.address,
      bank.join(', '),
      details.account && `${label.account}: ${details.account}`,
    ].filter((line): line is string => Boolean(line)),
  };
}

/** GET for any staff member (documents show them), PUT for admins (first-run setup and Settings). */
export function registerBusinessRoutes(app: HttpApp, options: { db: Db }): void {
  const tags = ['settings'];
  app.get(
    '/api/settings/business',
    { config: { access: 'staff' }, schema: { tags, summary: "The business's details every document prints" } },
    async (): Promise<BusinessDetails> => readBusinessDetails(options.db),
  );
  app.put(
    '/api/settings/business',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: "Change the business's details (name, tax number, address, bank, account, logo); fields left out stay",
        body: businessDetailsPatch,
      },
    },
    async (request): Promise<BusinessDetails> => writeBusinessDetails(options.db, request.body),
  );
}
