import { ProtectionDetails } from '../../protection/protection-details.js';
import Type, { type Static } from 'typebox';
import { FullDate, PersonFields } from '../../document/person.js';

/** Version of the issuance record contract; bumped on any incompatible change. */
export const RECORD_VERSION = 1;

const opts = { additionalProperties: false };
const Id = (description: string) => Type.String({ pattern: '^[A-Za-z0-9._:-]{1,64}$', description });
const Base64 = (description: string, maxLength: number) =>
  Type.String({ pattern: '^[A-Za-z0-9+/]*={0,2}$', maxLength, description });
const Hex = (description: string) => Type.String({ pattern: '^[0-9a-f]{64}$', description });
const Instant = (description: string) => Type.String({ format: 'date-time', description });

/**
 * What became of the card: `issued` (job done: a new card, a re-issue or an extension, see
 * `jobKind`), `voided` (an issued card declared invalid at the station), `spoiled` (the job ended
 * failed or cancelled after its document number was taken: the number is dead, no card exists).
 */
export const FinalState = Type.Union(
  [Type.Literal('issued'), Type.Literal('voided'), Type.Literal('spoiled')],
  {
    description: 'issued | voided | spoiled (number taken, no card made)',
  },
);
export type FinalState = Static<typeof FinalState>;

export const JobKindSchema = Type.Union([
  Type.Literal('new'),
  Type.Literal('reissue'),
  Type.Literal('extension'),
]);

/** The person's data exactly as printed in the visual zone (names as spoken, any script). */
export const PrintedPerson = Type.Object(PersonFields, { ...opts, description: 'The person as printed' });

/**
 * The vulnerability details the operator recorded (issue 20): the one schema of
 * gateway/protection, special-category data, never printed, never in MQTT.
 */
export const Protection = ProtectionDetails;

export const Devices = Type.Object(
  {
    printerSerial: Type.Union([Type.String({ maxLength: 64 }), Type.Null()]),
    encoderSerial: Type.Union([Type.String({ maxLength: 64 }), Type.Null()]),
  },
  { ...opts, description: 'Serials of the devices that made the card, null when unknown' },
);

/**
 * The issuance record a station hands to HQ for every card that reaches a final state. This is
 * the JWS payload (signed by the station identity key, then encrypted to HQ's record key).
 * `recordId` is deterministic (`<station>:<jobId>:<finalState>`) so a record rebuilt after a
 * crash is the same record and HQ stores it once.
 */
export const IssuanceRecord = Type.Object(
  {
    v: Type.Literal(RECORD_VERSION),
    recordId: Id('<station>:<jobId>:<finalState>, the idempotency key at HQ'),
    finalState: FinalState,
    jobKind: JobKindSchema,
    jobId: Id('The station job id'),
    siteId: Id('Site of the station'),
    stationId: Id('Station that issued the card'),
    training: Type.Boolean({ description: 'Made in training mode (issue 20): never a real document' }),
    document: Type.Object(
      {
        number: Type.String({ pattern: '^[A-Z0-9]{1,20}$' }),
        documentCode: Type.String({ pattern: '^[A-Z][A-Z<]?$' }),
        issuingState: Type.String({ pattern: '^[A-Z]{3}$' }),
        dateOfIssue: FullDate,
        dateOfExpiry: FullDate,
        previousNumber: Type.Union([Type.String({ pattern: '^[A-Z0-9]{1,20}$' }), Type.Null()], {
          description: 'The document this one re-issues or extends (it becomes replaced)',
        }),
      },
      opts,
    ),
    person: Type.Union([PrintedPerson, Type.Null()], { description: 'Null for a spoiled number' }),
    photoJpeg: Type.Union([
      Base64('The photo as printed, JPEG, base64 (the 1 MB request limit leaves room for ~400 KB)', 560_000),
      Type.Null(),
    ]),
    mrz: Type.Union(
      [Type.Array(Type.String({ pattern: '^[A-Z0-9<]{30}$' }), { minItems: 3, maxItems: 3 }), Type.Null()],
      {
        description: 'The three TD1 lines as printed',
      },
    ),
    seal: Type.Union([
      Base64('The Visible Digital Seal bytes (as in the 2D code), base64', 8_000),
      Type.Null(),
    ]),
    chipSecurityObject: Type.Union([Base64('EF.SOD bytes of the chip, base64', 40_000), Type.Null()]),
    cardStockSerial: Type.Union([Type.String({ maxLength: 64 }), Type.Null()], {
      description: 'Serial of the card blank (stock) the card was printed on',
    }),
    spoiledBlanks: Type.Integer({
      minimum: 0,
      description: 'Blanks spoiled for this job and replaced by the next',
    }),
    operatorId: Type.String({ minLength: 1, maxLength: 64 }),
    devices: Devices,
    voidReason: Type.Union([Type.String({ maxLength: 500 }), Type.Null()]),
    timestamps: Type.Object(
      {
        createdAt: Instant('Job created'),
        finalAt: Instant('Job reached this final state'),
        recordedAt: Instant('Record built at the station'),
      },
      opts,
    ),
    auditHead: Hex('Head hash of the station audit chain when the record was built'),
    protection: Type.Optional(Protection),
  },
  {
    ...opts,
    title: 'IssuanceRecord',
    description: 'The issuance record a station hands to HQ (JWS payload)',
  },
);
export type IssuanceRecord = Static<typeof IssuanceRecord>;

/** `recordId` of a job's final state. */
export const recordIdOf = (stationId: string, jobId: string, state: FinalState): string =>
  `${stationId}:${jobId}:${state}`;
