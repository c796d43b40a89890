import { CardgateError } from '../../core/errors.js';
import { checkDigit } from './check-digit.js';
import { mrzDate } from './dates.js';
import type { MrzInput } from './input.js';
import { composeNameField } from './name-field.js';
import { transliterateName } from './transliterate.js';

export const TD1_LINE = 30;

const bad = (code: string, message: string, details?: Record<string, unknown>): CardgateError =>
  new CardgateError(code, message, details === undefined ? { status: 400 } : { status: 400, details });

function field(value: string, length: number, name: string): string {
  if (!/^[A-Z0-9<]*$/.test(value))
    throw bad('MRZ_BAD_FIELD', `${name} holds characters outside A–Z 0–9 <`, { field: name });
  if (value.length > length)
    throw bad('MRZ_FIELD_TOO_LONG', `${name} is longer than ${length}`, { field: name });
  return value.padEnd(length, '<');
}

/** The name field of line 3: the Latin passport spelling when given, else the transliterated name. */
export function mrzNameField(
  input: Pick<MrzInput, 'surname' | 'givenNames' | 'latinSurname' | 'latinGivenNames'>,
): string {
  const primary = transliterateName(input.latinSurname?.trim() ? input.latinSurname : input.surname);
  const secondary = transliterateName(
    input.latinSurname?.trim() || input.latinGivenNames?.trim()
      ? (input.latinGivenNames ?? input.givenNames)
      : input.givenNames,
  );
  if (primary === '') throw bad('MRZ_EMPTY_NAME', 'the surname has no letter the MRZ can write');
  return composeNameField(primary, secondary, TD1_LINE);
}

/**
 * The three lines of a TD1 MRZ (Doc 9303 part 5 §4.2). A document number longer than 9
 * characters continues in the optional data of line 1, followed by its check digit, and the
 * check digit position holds `<` (part 5 note j). Other optional data fills what is left of
 * line 1, then line 2.
 */
export function composeTd1(input: MrzInput): [string, string, string] {
  const docCode = field(input.documentCode, 2, 'documentCode');
  const state = field(input.issuingState, 3, 'issuingState');
  const nationality = field(input.nationality, 3, 'nationality');
  const number = input.documentNumber;
  if (!/^[A-Z0-9]{1,20}$/.test(number))
    throw bad('MRZ_BAD_FIELD', 'documentNumber must be 1–20 characters A–Z 0–9', { field: 'documentNumber' });

  let numberField: string;
  let numberCheck: string;
  let overflow = '';
  if (number.length <= 9) {
    numberField = number.padEnd(9, '<');
    numberCheck = checkDigit(numberField);
  } else {
    numberField = number.slice(0, 9);
    numberCheck = '<';
    overflow = number.slice(9) + checkDigit(number) + '<';
  }
  const optional = (input.optionalData ?? '').replace(/<+$/, '');
  if (!/^[A-Z0-9<]*$/.test(optional))
    throw bad('MRZ_BAD_FIELD', 'optionalData holds characters outside A–Z 0–9 <', { field: 'optionalData' });
  const room1 = 15 - overflow.length;
  const optional1 = overflow + optional.slice(0, room1);
  const optional2 = optional.slice(room1);
  if (optional2.length > 11)
    throw bad('MRZ_FIELD_TOO_LONG', 'optionalData does not fit in lines 1 and 2', { field: 'optionalData' });

  const birth = mrzDate(input.dateOfBirth, 'dateOfBirth', true);
  const expiry = mrzDate(input.dateOfExpiry, 'dateOfExpiry', false);
  const sex = input.sex === 'M' || input.sex === 'F' ? input.sex : '<';

  const line1 = docCode + state + numberField + numberCheck + field(optional1, 15, 'optionalData');
  const line2Head =
    birth +
    checkDigit(birth) +
    sex +
    expiry +
    checkDigit(expiry) +
    nationality +
    field(optional2, 11, 'optionalData');
  const composite = checkDigit(
    line1.slice(5, 30) + line2Head.slice(0, 7) + line2Head.slice(8, 15) + line2Head.slice(18, 29),
  );
  const line2 = line2Head + composite;
  const line3 = mrzNameField(input);
  return [line1, line2, line3];
}
