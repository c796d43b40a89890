import Type from 'typebox';

export const NumberBlock = Type.Object(
  {
    prefix: Type.String({
      pattern: '^[A-Z]{0,3}$',
      default: '',
      description: 'Letters before the serial part',
    }),
    first: Type.Integer({ minimum: 0 }),
    last: Type.Integer({ minimum: 0 }),
    width: Type.Integer({ minimum: 1, maximum: 9, default: 7, description: 'Digits of the serial part' }),
  },
  { additionalProperties: false },
);

export const IssuanceSection = Type.Object(
  {
    documentCode: Type.String({ pattern: '^[A-Z][A-Z<]$', default: 'IR', description: 'TD1 document code' }),
    issuingState: Type.String({ pattern: '^[A-Z]{3}$', default: 'ROU' }),
    validityDays: Type.Integer({ minimum: 1, maximum: 3650, default: 180 }),
    extraNationalities: Type.Array(Type.String({ pattern: '^[A-Z]{3}$' }), {
      default: [],
      description:
        'Nationality codes accepted beside ISO 3166-1 alpha-3 and the ICAO codes XXA, XXB, XXC, XXX, GBD, GBN, GBO, GBP, GBS, UNK (e.g. RKS)',
    }),
    numberBlocks: Type.Array(NumberBlock, {
      default: [{ prefix: 'RT', first: 1, last: 9999, width: 7 }],
      description: 'Blocks of document numbers leased to this station',
    }),
    lowNumbersWarning: Type.Integer({ minimum: 0, default: 200 }),
    maxCardAttempts: Type.Integer({
      minimum: 1,
      maximum: 10,
      default: 3,
      description: 'Blanks tried for one job before it fails',
    }),
    retentionDays: Type.Integer({
      minimum: 0,
      default: 30,
      description: 'Days personal data is kept after a job ends',
    }),
  },
  { additionalProperties: false, default: {} },
);
