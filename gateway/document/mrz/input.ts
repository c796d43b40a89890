import Type, { type Static } from 'typebox';
import { FullDate, NationalityCode, PartialDate } from '../person.js';

/** What the MRZ needs: the fields of `cardgate mrz FILE.json` and of POST /mrz. */
export const MrzInput = Type.Object(
  {
    documentCode: Type.String({ pattern: '^[A-Z][A-Z<]?$' }),
    issuingState: Type.String({ pattern: '^[A-Z<]{3}$' }),
    documentNumber: Type.String({ pattern: '^[A-Z0-9]{1,20}$' }),
    surname: Type.String({ minLength: 1, maxLength: 120 }),
    givenNames: Type.String({ maxLength: 120 }),
    latinSurname: Type.Optional(Type.String({ maxLength: 120 })),
    latinGivenNames: Type.Optional(Type.String({ maxLength: 120 })),
    sex: Type.Union([Type.Literal('M'), Type.Literal('F'), Type.Literal('X'), Type.Literal('<')]),
    dateOfBirth: PartialDate,
    dateOfExpiry: FullDate,
    nationality: NationalityCode,
    optionalData: Type.Optional(Type.String({ pattern: '^[A-Z0-9<]{0,26}$' })),
  },
  { additionalProperties: true },
);
export type MrzInput = Static<typeof MrzInput>;
