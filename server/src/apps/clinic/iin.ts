// Kazakhstan's individual identification number (IIN): 12 digits, YYMMDD, a century-and-sex digit,
// four serial digits and a check digit (weights 1…11 mod 11; on 10, weights 3…11,1,2; a second 10 is invalid).

export type IinProblem = 'length' | 'digits' | 'century' | 'date' | 'checksum' | 'birth_date_mismatch' | 'sex_mismatch';

export type IinCheck =
  { valid: true; birthDate: string; sex: 'M' | 'F' } | { valid: false; reason: IinProblem; birthDate?: string; sex?: 'M' | 'F' };

const firstWeights = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const secondWeights = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

/** The check digit of the first 11 digits; null when both weightings give 10 (no valid IIN has these 11 digits). */
export function iinCheckDigit(first11: string): number | null {
  const sum = (weights: number[]) => weights.reduce((total, weight, index) => total + weight * Number(first11[index]), 0) % 11;
  const first = sum(firstWeights);
  if (first !== 10) return first;
  const second = sum(secondWeights);
  return second === 10 ? null : second;
}

/** A real calendar date as YYYY-MM-DD, or null (31 February, month 13). */
export function calendarDate(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Checks an IIN on its own, and against the birth date and sex the patient entered when they are given. */
export function checkIin(raw: string, entered: { birthDate?: string; sex?: 'M' | 'F' } = {}): IinCheck {
  const iin = raw.replace(/[\s-]/g, '');
  if (!/^\d+$/.test(iin)) return { valid: false, reason: 'digits' };
  if (iin.length !== 12) return { valid: false, reason: 'length' };
  const centuryDigit = Number(iin[6]);
  if (centuryDigit < 1 || centuryDigit > 6) return { valid: false, reason: 'century' };
  const century = 1800 + 100 * Math.floor((centuryDigit - 1) / 2);
  const birthDate = calendarDate(century + Number(iin.slice(0, 2)), Number(iin.slice(2, 4)), Number(iin.slice(4, 6)));
  if (!birthDate) return { valid: false, reason: 'date' };
  const sex = centuryDigit % 2 === 1 ? 'M' : 'F';
  if (iinCheckDigit(iin.slice(0, 11)) !== Number(iin[11])) return { valid: false, reason: 'checksum', birthDate, sex };
  if (entered.birthDate && entered.birthDate !== birthDate) return { valid: false, reason: 'birth_date_mismatch', birthDate, sex };
  if (entered.sex && entered.sex !== sex) return { valid: false, reason: 'sex_mismatch', birthDate, sex };
  return { valid: true, birthDate, sex };
}

/** A valid IIN for that birth date and sex (tests and demo data); `serial` picks among the many valid ones. */
export function makeIin(birthDate: string, sex: 'M' | 'F', serial = 1): string {
  const [year, month, day] = birthDate.split('-').map(Number) as [number, number, number];
  const centuryDigit = 2 * Math.floor((year - 1800) / 100) + (sex === 'M' ? 1 : 2);
  for (let attempt = serial; attempt < serial + 100; attempt += 1) {
    const first11 = `${String(year % 100).padStart(2, '0')}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${centuryDigit}${String(attempt % 10_000).padStart(4, '0')}`;
    const check = iinCheckDigit(first11);
    if (check !== null) return `${first11}${check}`;
  }
  throw new Error('no valid IIN found');
}
