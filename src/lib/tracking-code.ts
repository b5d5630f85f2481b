/**
 * Tracking codes (查询码): 11 random symbols + 1 check symbol, shown as three groups of four
 * (e.g. 7KQ3-M9XA-HT2C).
 *
 * Alphabet: 2-9 and A-Z without I, L, O (look-alikes of 1 and 0; 0 and 1 are left out too).
 * That leaves 31 symbols, and 31 is prime, which the check symbol relies on.
 *
 * Entropy: 11 symbols x log2(31) = 54.5 bits, drawn with crypto.getRandomValues and rejection
 * sampling (no modulo bias).
 *
 * Check symbol: with values v0..v11 (v11 the check symbol) and weights w_i = 12 - i (12, 11, ..., 1),
 * a code is valid when  sum(w_i * v_i) ≡ 0 (mod 31).
 *   - Single substitution at position i, v -> v' (v' ≠ v): the sum changes by w_i (v' - v). Both
 *     factors lie in 1..30 in absolute value, and 31 is prime, so the product is not ≡ 0: detected.
 *   - Adjacent transposition at i, i+1 (v_i ≠ v_{i+1}): the sum changes by
 *     (w_i - w_{i+1})(v_{i+1} - v_i) = 1 · (v_{i+1} - v_i) ≢ 0: detected. This covers swapping the
 *     last data symbol with the check symbol too.
 * tests/unit/tracking-code.test.ts checks both claims exhaustively over many random codes.
 */

export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const P = CODE_ALPHABET.length; // 31, prime
export const CODE_DATA_LENGTH = 11;
export const CODE_LENGTH = CODE_DATA_LENGTH + 1;

const VALUE = new Map([...CODE_ALPHABET].map((c, i) => [c, i]));

function weight(i: number): number {
  return CODE_LENGTH - i;
}

/** The check symbol for 11 data symbols from the alphabet. */
export function checkSymbol(data: string): string {
  if (data.length !== CODE_DATA_LENGTH) throw new Error(`tracking code data must be ${CODE_DATA_LENGTH} symbols`);
  let sum = 0;
  for (let i = 0; i < data.length; i++) {
    const v = VALUE.get(data[i]!);
    if (v === undefined) throw new Error(`not a tracking code symbol: ${data[i]}`);
    sum += weight(i) * v;
  }
  // The check symbol has weight 1, so it must bring the total to 0 mod P.
  return CODE_ALPHABET[(P - (sum % P)) % P]!;
}

/** A fresh code in compact form (12 symbols, no separators). */
export function generateCode(
  random: (bytes: Uint8Array<ArrayBuffer>) => Uint8Array = (b) => crypto.getRandomValues(b),
): string {
  let data = '';
  // 248 = 8 x 31: bytes at or above it are discarded so every symbol is equally likely.
  while (data.length < CODE_DATA_LENGTH) {
    for (const b of random(new Uint8Array(16))) {
      if (b < 248 && data.length < CODE_DATA_LENGTH) data += CODE_ALPHABET[b % P];
    }
  }
  return data + checkSymbol(data);
}

/**
 * What a person typed, in compact form: full-width characters folded, upper-cased, spaces and any
 * kind of hyphen or dash removed. Does not check validity.
 */
export function normaliseCode(input: string): string {
  return input
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-\u2010-\u2015\u2212\u30FC\uFF0D_.·]/g, '');
}

/** True when the input, once normalised, is a well-formed code with a correct check symbol. */
export function isValidCode(input: string): boolean {
  const code = normaliseCode(input);
  if (code.length !== CODE_LENGTH) return false;
  let sum = 0;
  for (let i = 0; i < CODE_LENGTH; i++) {
    const v = VALUE.get(code[i]!);
    if (v === undefined) return false;
    sum += weight(i) * v;
  }
  return sum % P === 0;
}

/** The code in groups of four for reading aloud and printing, e.g. 7KQ3-M9XA-HT2C. */
export function formatCode(input: string, separator = '-'): string {
  const code = normaliseCode(input);
  return (code.match(/.{1,4}/g) ?? []).join(separator);
}
