import { checkDigit } from './check-digit.js';

/** The fields of a TD1 MRZ as printed (dates as YYMMDD, `<` filler removed). */
export interface Td1Fields {
  documentCode: string;
  issuingState: string;
  documentNumber: string;
  dateOfBirth: string;
  sex: 'M' | 'F' | '<';
  dateOfExpiry: string;
  nationality: string;
  primaryIdentifier: string;
  secondaryIdentifier: string;
  /** Every check digit (number, birth, expiry, composite) holds. */
  checkDigitsHold: boolean;
}

const clean = (s: string): string => s.replace(/<+$/, '').replace(/^<+/, '');

/**
 * Reads the three 30-character lines of a TD1 MRZ (Doc 9303 part 5 §4.2), the reverse of
 * composeTd1: a number longer than 9 characters continues in line 1's optional data, the check
 * digit position then holding `<`. Browser-safe (the verify page shows what a seal carries).
 * Null when the lines are not a TD1 MRZ.
 */
export function readTd1(lines: readonly string[]): Td1Fields | null {
  const [l1, l2, l3] = lines;
  if (lines.length !== 3 || !l1 || !l2 || !l3) return null;
  if (![l1, l2, l3].every((l) => l.length === 30 && /^[A-Z0-9<]+$/.test(l))) return null;
  let documentNumber = clean(l1.slice(5, 14));
  let numberOk = checkDigit(l1.slice(5, 14)) === l1[14];
  if (l1[14] === '<') {
    const overflow = l1.slice(15).split('<')[0] ?? '';
    documentNumber = l1.slice(5, 14) + overflow.slice(0, -1);
    numberOk = overflow.length > 0 && checkDigit(documentNumber) === overflow.slice(-1);
  }
  const birth = l2.slice(0, 6);
  const expiry = l2.slice(8, 14);
  const composite = l1.slice(5, 30) + l2.slice(0, 7) + l2.slice(8, 15) + l2.slice(18, 29);
  const birthOk = birth.includes('<') || checkDigit(birth) === l2[6];
  const checkDigitsHold =
    numberOk && birthOk && checkDigit(expiry) === l2[14] && checkDigit(composite) === l2[29];
  const [primary = '', secondary = ''] = l3.split('<<');
  const sex = l2[7];
  return {
    documentCode: clean(l1.slice(0, 2)),
    issuingState: clean(l1.slice(2, 5)),
    documentNumber,
    dateOfBirth: birth,
    sex: sex === 'M' || sex === 'F' ? sex : '<',
    dateOfExpiry: expiry,
    nationality: clean(l2.slice(15, 18)),
    primaryIdentifier: primary.replaceAll('<', ' ').trim(),
    secondaryIdentifier: secondary.replace(/<+$/, '').replaceAll('<', ' ').trim(),
    checkDigitsHold,
  };
}

/** `YYMMDD` of an expiry date → `YYYY-MM-DD` (documents expire in this century). */
export const expiryIso = (yymmdd: string): string =>
  `20${yymmdd.slice(0, 2)}-${yymmdd.slice(2, 4)}-${yymmdd.slice(4, 6)}`;
