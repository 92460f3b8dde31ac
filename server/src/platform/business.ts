import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { AnyDb } from './db/database.ts';
import type { PlatformTables } from './db/tables.ts';
import type { HttpApp } from './http/app.ts';
import { readSetting, writeSetting } from './settings.ts';

/**
 * The business's own details, asked for at first-run setup and kept in one place: every document the
 * business issues (invoices now, a clinic's documents later) prints them from here.
 */
// A logo is small and printed on paper: PNG or JPEG, inline as a data URL, at most 256 KB.
const logoPattern = /^data:image\/(png|jpeg);base64,[A-Za-z0-9+/]+=*$/;
const logoMaxChars = Math.ceil((256 * 1024 * 4) / 3) + 32;

/** The bytes, not the label: a PNG starts with \x89PNG, a JPEG with FF D8 FF. */
function isPngOrJpeg(dataUrl: string): boolean {
  const head = Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1, dataUrl.indexOf(',') + 13), 'base64');
  return head.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47])) || head.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]));
}

const fields = {
  name: z.string().trim().max(200, 'The name is at most 200 characters.'),
  /** BIN/IIN in Kazakhstan, INN in Russia, a VAT or tax number elsewhere. */
  tax_number: z
    .string()
    .trim()
    .max(32, 'The tax number is at most 32 characters.')
    .regex(/^[\p{L}\d\s./-]*$/u, 'The tax number has letters, digits, spaces, dots, slashes and dashes only.'),
  address: z.string().trim().max(500, 'The address is at most 500 characters.'),
  bank_name: z.string().trim().max(200, 'The bank name is at most 200 characters.'),
  /** BIC/SWIFT. */
  bank_code: z.string().trim().max(32, 'The bank code (BIC) is at most 32 characters.'),
  /** IBAN or account number. */
  account: z.string().trim().max(64, 'The account number (IBAN) is at most 64 characters.'),
  logo: z
    .string()
    .max(logoMaxChars, 'The logo is at most 256 KB: use a smaller PNG or JPEG.')
    .regex(logoPattern, 'The logo must be a PNG or JPEG image (a data:image/png;base64,… URL).')
    .refine(isPngOrJpeg, 'The logo is not a PNG or JPEG image inside: export it again as PNG or JPEG.')
    .nullable(),
};

export const businessDetailsSchema = z.object({
  name: fields.name.default(''),
  tax_number: fields.tax_number.default(''),
  address: fields.address.default(''),
  bank_name: fields.bank_name.default(''),
  bank_code: fields.bank_code.default(''),
  account: fields.account.default(''),
  logo: fields.logo.default(null),
});
/** What PUT takes: any of the fields; the ones left out stay as they are. */
export const businessDetailsPatch = z.object(fields).partial().strict();
export type BusinessDetails = z.output<typeof businessDetailsSchema>;

const settingsKey = 'business';

export async function readBusinessDetails(db: AnyDb): Promise<BusinessDetails> {
  const parsed = businessDetailsSchema.safeParse((await readSetting<unknown>(db as Kysely<PlatformTables>, settingsKey)) ?? {});
  return parsed.success ? parsed.data : businessDetailsSchema.parse({});
}

/** Whether an admin has saved the details, or chosen "Later" (which saves them empty): first-run setup's second step is done. */
export async function businessDetailsSaved(db: AnyDb): Promise<boolean> {
  return (await readSetting<unknown>(db as Kysely<PlatformTables>, settingsKey)) !== undefined;
}

export async function writeBusinessDetails(db: AnyDb, patch: Partial<BusinessDetails>): Promise<BusinessDetails> {
  const next = businessDetailsSchema.parse({ ...(await readBusinessDetails(db)), ...patch });
  await writeSetting(db as Kysely<PlatformTables>, settingsKey, next);
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
export function registerBusinessRoutes(app: HttpApp, options: { db: AnyDb }): void {
  const tags = ['settings'];
  app.get(
    '/api/settings/business',
    { config: { access: 'staff' }, schema: { tags, summary: "The business's details every document prints" } },
    async () => readBusinessDetails(options.db),
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
    async (request) => writeBusinessDetails(options.db, request.body),
  );
}
