/**
 * Resident identity card number (公民身份号码), GB 11643-1999: 6-digit area code, 8-digit birth
 * date, 3-digit sequence, 1 check character computed with ISO 7064 MOD 11-2.
 * Only the 18-character form is accepted: 15-digit cards stopped being valid in 2013.
 */

// Weight of position i is 2^(17-i) mod 11 (ISO 7064 MOD 11-2).
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
// Index: (sum of weighted digits) mod 11 -> check character.
const CHECK_CHARS = '10X98765432';

/** Upper-cases a trailing x and removes spaces, so 11010519491231002x and the X form compare equal. */
export function normaliseIdNumber(input: string): string {
  return input.replace(/[\s\u3000]/g, '').toUpperCase();
}

/** The check character for the first 17 digits, or null if they are not 17 digits. */
export function idNumberCheckChar(first17: string): string | null {
  if (!/^\d{17}$/.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/**
 * True when the (normalised) number has 18 characters, a real birth date between 1900 and today,
 * and the right check character.
 */
export function isValidIdNumber(input: string, today: Date = new Date()): boolean {
  const id = normaliseIdNumber(input);
  if (!/^[1-9]\d{16}[\dX]$/.test(id)) return false;
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (birth.getUTCFullYear() !== y || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d) return false;
  if (y < 1900 || birth.getTime() > today.getTime()) return false;
  return idNumberCheckChar(id.slice(0, 17)) === id[17];
}
