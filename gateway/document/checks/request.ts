import Type from 'typebox';
import { Value } from 'typebox/value';
import { CardgateError } from '../../core/errors.js';
import { transliterateName } from '../mrz/transliterate.js';
import { PersonFields } from '../person.js';
import { addDays, isCalendarDate, minusYears, partialDateSpan } from './dates.js';
import { isKnownNationality } from './nationality.js';
import { forbiddenCharacter, nfc } from './text.js';

/** What is wrong with one field, as a code the pages translate (never the value itself). */
export type FieldErrorCode =
  | 'FIELD_INVALID'
  | 'TEXT_CONTROL_CHARACTER'
  | 'MRZ_UNTRANSLITERABLE'
  | 'MRZ_EMPTY_NAME'
  | 'DATE_IMPOSSIBLE'
  | 'DATE_IN_FUTURE'
  | 'DATE_OUT_OF_RANGE'
  | 'DATE_ORDER'
  | 'EXPIRY_BEYOND_VALIDITY'
  | 'NATIONALITY_UNKNOWN'
  | 'DOCUMENT_FIELD_FROM_STATION'
  // the optional vulnerability details (gateway/protection)
  | 'PROTECTION_CHILD_ONLY'
  | 'PROTECTION_FLAGS_CONFLICT';

export interface FieldError {
  field: string;
  code: FieldErrorCode;
}

/** The station's side of the rules: its day, its validity and the nationalities it adds. */
export interface DocumentRules {
  /** Today at the station (its clock), YYYY-MM-DD. */
  today: string;
  /** Days a card is valid (`issuance.validityDays`). */
  validityDays: number;
  /** Nationality codes accepted beside ISO 3166-1 and ICAO's (`issuance.extraNationalities`). */
  extraNationalities?: readonly string[];
  /** Oldest plausible age in years (default 130). */
  maxAgeYears?: number;
}

/** Fields a person reads: every one NFC, none with control or format characters. */
export const TEXT_FIELDS = [
  'surname',
  'givenNames',
  'latinSurname',
  'latinGivenNames',
  'placeOfResidence',
  'personalCode',
] as const;

/** Fields the station sets from its configuration and number ledger, never the request. */
export const STATION_FIELDS = [
  'documentCode',
  'issuingState',
  'documentNumber',
  'dateOfIssue',
  'dateOfExpiry',
  'optionalData',
] as const;

const PersonOnly = Type.Object(PersonFields);
type Rec = Record<string, unknown>;

/** The record with every string field in NFC (the one spelling printed, encoded and signed). */
export function normalisePerson<T extends object>(person: T): T {
  const out = { ...person } as Rec;
  for (const [k, v] of Object.entries(out)) if (typeof v === 'string') out[k] = nfc(v);
  return out as T;
}

function push(errors: FieldError[], field: string, code: FieldErrorCode): void {
  if (!errors.some((e) => e.field === field)) errors.push({ field, code });
}

/** Name fields: printed as typed, and written in the MRZ (the Latin ones instead when given). */
const NAME_FIELDS = ['surname', 'givenNames', 'latinSurname', 'latinGivenNames'] as const;

/**
 * Every name field must be transliterable, not only those the MRZ takes: what the tables cover
 * (Latin, Cyrillic, Arabic script) is also what the card's fonts print. The surname the MRZ
 * takes must keep a letter.
 */
function checkNames(p: Rec, errors: FieldError[]): void {
  const primary = typeof p.latinSurname === 'string' && p.latinSurname.trim() ? 'latinSurname' : 'surname';
  for (const field of NAME_FIELDS) {
    const v = p[field];
    if (typeof v !== 'string' || errors.some((e) => e.field === field)) continue;
    try {
      const written = transliterateName(v);
      if (field === primary && written === '') push(errors, field, 'MRZ_EMPTY_NAME');
    } catch {
      push(errors, field, 'MRZ_UNTRANSLITERABLE');
    }
  }
}

function checkBirth(p: Rec, rules: DocumentRules, errors: FieldError[]): void {
  const v = p.dateOfBirth;
  if (typeof v !== 'string' || errors.some((e) => e.field === 'dateOfBirth')) return;
  const span = partialDateSpan(v);
  if (!span) return push(errors, 'dateOfBirth', 'DATE_IMPOSSIBLE');
  if (span.earliest > rules.today) return push(errors, 'dateOfBirth', 'DATE_IN_FUTURE');
  if (span.latest < minusYears(rules.today, rules.maxAgeYears ?? 130))
    push(errors, 'dateOfBirth', 'DATE_OUT_OF_RANGE');
}

/**
 * The person fields as an operator types them: schema, text, MRZ transliteration, date of birth
 * (a possible day, not in the future, at most 130 years ago), nationality. Field errors, first
 * per field; an empty list means the MRZ, the card and the seal can all be made from them.
 */
export function checkPersonFields(person: unknown, rules: DocumentRules): FieldError[] {
  const errors: FieldError[] = [];
  if (typeof person !== 'object' || person === null) return [{ field: '', code: 'FIELD_INVALID' }];
  const p = person as Rec;
  for (const f of TEXT_FIELDS) {
    const v = p[f];
    if (typeof v === 'string' && forbiddenCharacter(v)) push(errors, f, 'TEXT_CONTROL_CHARACTER');
  }
  for (const e of Value.Errors(PersonOnly, p)) {
    const field = e.instancePath.split('/')[1] ?? '';
    // `required` names the missing property in its params, not in the path.
    const missing = (e.params as { requiredProperties?: string[] } | undefined)?.requiredProperties;
    for (const f of field ? [field] : (missing ?? [''])) push(errors, f, 'FIELD_INVALID');
  }
  checkNames(p, errors);
  checkBirth(p, rules, errors);
  const nat = p.nationality;
  if (typeof nat === 'string' && !errors.some((e) => e.field === 'nationality'))
    if (!isKnownNationality(nat, rules.extraNationalities))
      push(errors, 'nationality', 'NATIONALITY_UNKNOWN');
  return errors;
}

/**
 * An issuance (or preview) request's person: normalised to NFC first, then checked; any document
 * field it carries is refused, since the station alone sets them (a re-issue and an extension
 * get theirs from the station too, like a new card).
 */
export function checkIssuanceRequest<T extends object>(
  person: T,
  rules: DocumentRules,
): { person: T; errors: FieldError[] } {
  const normalised = normalisePerson(person);
  const errors: FieldError[] = [];
  for (const f of STATION_FIELDS)
    if ((normalised as Rec)[f] !== undefined) push(errors, f, 'DOCUMENT_FIELD_FROM_STATION');
  return { person: normalised, errors: [...errors, ...checkPersonFields(normalised, rules)] };
}

/**
 * A complete record with document fields (POST /mrz): the person checks, and the document's
 * dates possible and in order: birth ≤ issue < expiry ≤ issue + validity.
 */
export function checkDocumentRecord(record: object, rules: DocumentRules): FieldError[] {
  const p = normalisePerson(record) as Rec;
  const errors = checkPersonFields(p, rules);
  const issue = typeof p.dateOfIssue === 'string' ? p.dateOfIssue : rules.today;
  if (!isCalendarDate(issue)) push(errors, 'dateOfIssue', 'DATE_IMPOSSIBLE');
  const expiry = p.dateOfExpiry;
  if (typeof expiry === 'string') {
    if (!isCalendarDate(expiry)) push(errors, 'dateOfExpiry', 'DATE_IMPOSSIBLE');
    else if (isCalendarDate(issue)) {
      if (expiry <= issue) push(errors, 'dateOfExpiry', 'DATE_ORDER');
      else if (expiry > addDays(issue, rules.validityDays))
        push(errors, 'dateOfExpiry', 'EXPIRY_BEYOND_VALIDITY');
    }
  }
  const birth = typeof p.dateOfBirth === 'string' ? partialDateSpan(p.dateOfBirth) : null;
  if (birth && isCalendarDate(issue) && birth.earliest > issue) push(errors, 'dateOfBirth', 'DATE_ORDER');
  return errors;
}

/** 422 FIELDS_INVALID with the field errors (codes and field names only, never values). */
export class FieldsInvalidError extends CardgateError {
  constructor(readonly errors: FieldError[]) {
    super(
      'FIELDS_INVALID',
      `fields to correct: ${errors.map((e) => `${e.field || '(record)'} ${e.code}`).join(', ')}`,
      { status: 422, details: { errors } },
    );
    this.name = 'FieldsInvalidError';
  }
}

/** Throws FieldsInvalidError when there is anything to correct. */
export function assertNoFieldErrors(errors: FieldError[]): void {
  if (errors.length) throw new FieldsInvalidError(errors);
}
