import Type, { type Static } from 'typebox';

/** POST /api/v1/records body: one compact JWE (JWS inside) of an IssuanceRecord. */
export const RecordsRequest = Type.Object(
  {
    jwe: Type.String({
      pattern: '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$',
      maxLength: 1_000_000,
      description: 'Compact JWE (ECDH-ES+A256KW, A256GCM) of a compact JWS (ES256)',
    }),
  },
  { additionalProperties: false, title: 'RecordsRequest' },
);
export type RecordsRequest = Static<typeof RecordsRequest>;

/** POST /api/v1/records answer: 201 created (committed), 200 duplicate (stored before). */
export const RecordsResponse = Type.Object(
  {
    recordId: Type.String(),
    result: Type.Union([Type.Literal('created'), Type.Literal('duplicate')]),
  },
  { additionalProperties: false, title: 'RecordsResponse' },
);
export type RecordsResponse = Static<typeof RecordsResponse>;

/** The request body limit of POST /api/v1/records. */
export const RECORD_BODY_LIMIT = 1_048_576;
