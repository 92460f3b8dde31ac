// The business's own details (GET|PUT /api/settings/business), asked for at first-run setup and kept in one place:
// every document the business issues (invoices, a clinic's documents) prints them.
import { z } from 'zod';

// A logo is small and printed on paper: PNG or JPEG, inline as a data URL, at most 256 KB.
const logoPattern = /^data:image\/(png|jpeg);base64,[A-Za-z0-9+/]+=*$/;
const logoMaxChars = Math.ceil((256 * 1024 * 4) / 3) + 32;

/** The bytes, not the label: a PNG starts with \x89PNG, a JPEG with FF D8 FF (atob: the server's and the browser's). */
function isPngOrJpeg(dataUrl: string): boolean {
  const comma = dataUrl.indexOf(',');
  let head: number[];
  try {
    head = [...atob(dataUrl.slice(comma + 1, comma + 13))].map((char) => char.charCodeAt(0));
  } catch {
    return false;
  }
  const startsWith = (bytes: number[]) => bytes.every((byte, index) => head[index] === byte);
  return startsWith([0x89, 0x50, 0x4e, 0x47]) || startsWith([0xff, 0xd8, 0xff]);
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
  /** A PNG or JPEG data URL, or null. */
  logo: z
    .string()
    .max(logoMaxChars, 'The logo is at most 256 KB: use a smaller PNG or JPEG.')
    .regex(logoPattern, 'The logo must be a PNG or JPEG image (a data:image/png;base64,… URL).')
    .refine(isPngOrJpeg, 'The logo is not a PNG or JPEG image inside: export it again as PNG or JPEG.')
    .nullable(),
};

/** The stored details, every field filled (empty when not given). */
export const businessDetailsSchema = z.object({
  name: fields.name.default(''),
  tax_number: fields.tax_number.default(''),
  address: fields.address.default(''),
  bank_name: fields.bank_name.default(''),
  bank_code: fields.bank_code.default(''),
  account: fields.account.default(''),
  logo: fields.logo.default(null),
});
/** GET /api/settings/business, and the answer of PUT. */
export type BusinessDetails = z.output<typeof businessDetailsSchema>;

/** PUT /api/settings/business: any of the fields; the ones left out stay as they are. */
export const businessDetailsPatch = z.object(fields).partial().strict();
export type BusinessDetailsPatch = z.input<typeof businessDetailsPatch>;
