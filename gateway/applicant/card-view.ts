import { createHash } from 'node:crypto';
import Type, { type Static } from 'typebox';
import { documentDates } from '../document/checks/index.js';
import { mrzNameField } from '../document/mrz/td1.js';
import type { PersonRecord } from '../document/person.js';

/** Fields an applicant can point at with "Something is wrong". */
export const CONFIRM_FIELDS = [
  'surname',
  'givenNames',
  'sex',
  'dateOfBirth',
  'nationality',
  'placeOfResidence',
  'dateOfExpiry',
  'photo',
] as const;
export const ConfirmField = Type.Enum(CONFIRM_FIELDS);
export type ConfirmField = Static<typeof ConfirmField>;

/**
 * The card's data as the applicant sees it before printing: names as typed (original script)
 * beside the MRZ's transliteration, dates as ISO strings the page spells in the applicant's
 * language, the photo. It lives in memory only, for the one desk, until the card is queued.
 */
export const ApplicantCardView = Type.Object({
  draftId: Type.String(),
  surname: Type.String(),
  givenNames: Type.String(),
  mrzName: Type.String({ description: 'The MRZ name field as printed on line 3 (without filler)' }),
  sex: Type.Union([Type.Literal('M'), Type.Literal('F'), Type.Literal('X')]),
  dateOfBirth: Type.String(),
  nationality: Type.String(),
  placeOfResidence: Type.Union([Type.String(), Type.Null()]),
  dateOfExpiry: Type.String(),
  validityDays: Type.Integer(),
  photo: Type.String({ description: 'base64 JPEG' }),
});
export type ApplicantCardView = Static<typeof ApplicantCardView>;

/** Canonical JSON (sorted keys) so the same person always hashes the same. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

/** What the applicant confirmed, as a hash: the issuance request must carry exactly these data. */
export function confirmationDigest(person: PersonRecord, photoJpeg: Uint8Array): string {
  return createHash('sha256').update(canonical(person)).update('\0').update(photoJpeg).digest('hex');
}

export function cardView(
  draftId: string,
  person: PersonRecord,
  photoJpeg: Uint8Array,
  rules: { today: string; validityDays: number },
): ApplicantCardView {
  return {
    draftId,
    surname: person.surname,
    givenNames: person.givenNames ?? '',
    mrzName: mrzNameField(person).replace(/<+$/, ''),
    sex: person.sex,
    dateOfBirth: person.dateOfBirth,
    nationality: person.nationality,
    placeOfResidence: person.placeOfResidence ?? null,
    dateOfExpiry: documentDates(rules.today, rules.validityDays).dateOfExpiry,
    validityDays: rules.validityDays,
    photo: Buffer.from(photoJpeg).toString('base64'),
  };
}
