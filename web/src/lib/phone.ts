/**
 * A phone number in any format as international digits, for click-to-chat links (seed 000): digits only. "00"
 * prefixes are dropped and a Russian/Kazakh trunk "8" becomes "7"; null when it cannot be a number.
 */
export function phoneDigits(phone: string | null | undefined): string | null {
  if (!phone) return null;
  let digits = phone.replace(/\D/g, '');
  if (digits.startsWith('00')) digits = digits.slice(2);
  if (digits.length === 11 && digits.startsWith('8') && !phone.trim().startsWith('+')) digits = `7${digits.slice(1)}`;
  if (digits.length < 7 || digits.length > 15) return null;
  return digits;
}
