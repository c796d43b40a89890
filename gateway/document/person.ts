import Type, { type Static } from 'typebox';

/**
 * The person and document fields, flat, as operators type them and as `cardgate mrz`,
 * `cardgate issue` and the API take them. One schema gives validation and the type.
 * Names are as spoken, in any script; the MRZ transliterates them, the visual zone keeps them.
 */
export const PartialDate = Type.String({
  pattern: '^([0-9]{4}|[0-9]{3}X|[0-9]{2}XX|[0-9]XXX|XXXX)-(0[1-9]|1[0-2]|XX)-(0[1-9]|[12][0-9]|3[01]|XX)$',
  description:
    'YYYY-MM-DD; unknown parts written X (e.g. 1990-XX-XX, 19XX-XX-XX when only the century is known)',
});
export const FullDate = Type.String({
  pattern: '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$',
  description: 'YYYY-MM-DD',
});

export const NationalityCode = Type.String({
  pattern: '^[A-Z]{3}$',
  description: 'ISO 3166-1 alpha-3, or XXA stateless, XXB refugee, XXC other refugee, XXX unspecified',
});

export const PersonFields = {
  surname: Type.String({ minLength: 1, maxLength: 120 }),
  givenNames: Type.String({ maxLength: 120, default: '' }),
  latinSurname: Type.Optional(
    Type.String({ maxLength: 120, description: 'Latin spelling as written in a passport' }),
  ),
  latinGivenNames: Type.Optional(Type.String({ maxLength: 120 })),
  sex: Type.Union([Type.Literal('M'), Type.Literal('F'), Type.Literal('X')]),
  dateOfBirth: PartialDate,
  nationality: NationalityCode,
  personalCode: Type.Optional(Type.String({ pattern: '^[0-9]{6,16}$' })),
  placeOfResidence: Type.Optional(Type.String({ maxLength: 200 })),
  identityDeclared: Type.Optional(
    Type.Boolean({ description: 'Identity declared by the person, without papers', default: false }),
  ),
};

/**
 * The person fields' names, from the schema itself: the hand-off record copies exactly these and
 * the operator page marks exactly these as touched, so a field added here reaches both.
 */
export const PERSON_KEYS = Object.keys(PersonFields) as Array<keyof typeof PersonFields>;

export const DocumentFields = {
  documentCode: Type.Optional(Type.String({ pattern: '^[A-Z][A-Z<]?$' })),
  issuingState: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
  documentNumber: Type.Optional(Type.String({ pattern: '^[A-Z0-9]{1,20}$' })),
  dateOfIssue: Type.Optional(FullDate),
  dateOfExpiry: Type.Optional(FullDate),
  optionalData: Type.Optional(Type.String({ pattern: '^[A-Z0-9<]{0,26}$' })),
};

export const PersonRecord = Type.Object(
  { ...PersonFields, ...DocumentFields },
  { additionalProperties: false },
);
export type PersonRecord = Static<typeof PersonRecord>;

/** Keys of a person record that are personal data: redacted from logs, encrypted at rest, never published. */
export const PERSONAL_FIELDS = [
  'surname',
  'givenNames',
  'latinSurname',
  'latinGivenNames',
  'dateOfBirth',
  'personalCode',
  'placeOfResidence',
  'photo',
  'photoJpeg',
  'person',
  // vulnerability details (gateway/protection): special-category data, wherever they ride
  'protection',
  'legalRepresentative',
] as const;
