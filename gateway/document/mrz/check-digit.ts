import { CardgateError } from '../../core/errors.js';

/** Doc 9303 part 3 §4.9: `0–9` → 0–9, `A–Z` → 10–35, `<` → 0. */
export function mrzCharValue(ch: string): number {
  const c = ch.charCodeAt(0);
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 90) return c - 55;
  if (ch === '<') return 0;
  throw new CardgateError(
    'MRZ_BAD_CHARACTER',
    `character U+${c.toString(16).padStart(4, '0')} is not in the MRZ alphabet`,
    {
      status: 400,
    },
  );
}

const WEIGHTS = [7, 3, 1] as const;

/** Modulus 10 over the weights 7, 3, 1 repeating; the result as one digit character. */
export function checkDigit(field: string): string {
  let sum = 0;
  for (let i = 0; i < field.length; i++) sum += mrzCharValue(field[i]!) * WEIGHTS[i % 3]!;
  return String(sum % 10);
}
