import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { AuditSink } from '../../core/audit-sink.js';
import { CardgateError, isCardgateError } from '../../core/errors.js';
import {
  assertNoFieldErrors,
  checkDocumentRecord,
  checkPersonFields,
  documentDates,
  normalisePerson,
  STATION_FIELDS,
  type DocumentRules,
} from '../../document/checks/index.js';
import { composeTd1, parseMrzInput } from '../../document/mrz/index.js';
import { PersonRecord } from '../../document/person.js';
import type { CardSigner, ProduceOptions } from '../../document/render/produce.js';
import { createPreviewGate, type PreviewLimits } from './preview-gate.js';

/** What the station puts on a real card, so a preview shows the same. */
export interface StationDocument extends DocumentRules {
  documentCode: string;
  issuingState: string;
}

export interface PreviewDeps {
  /** `produceCard` of gateway/document (or anything with its shape). */
  produce: (
    input: { person: PersonRecord; photoJpeg: Uint8Array },
    opts: ProduceOptions,
  ) => Promise<{ previews: { front: Buffer; back: Buffer }; mrz: string[]; warnings?: string[] }>;
  /** The station's document code, issuing state, day and validity (configuration and clock). */
  station: () => StationDocument;
  /**
   * The throwaway specimen signer previews are sealed with (never the document signer): by
   * default a fresh in-memory key whose certificate says SPECIMEN, made at the first preview.
   */
  specimenSigner?: () => Promise<CardSigner>;
  /** Where each preview is recorded: who and when, no personal data. */
  audit?: AuditSink;
  limits?: PreviewLimits;
  /** Clock of the rate limit (tests). */
  now?: () => number;
}

/** The document number a preview shows: the real one is taken from the ledger at issue. */
export const SPECIMEN_NUMBER = 'SPECIMEN0';

const MAX_PHOTO_BASE64 = 8 * 1024 * 1024;

/** The document fields the real card will get (the number aside), whatever the request said. */
function stationFields(st: StationDocument): Partial<PersonRecord> {
  return {
    documentCode: st.documentCode,
    issuingState: st.issuingState,
    documentNumber: SPECIMEN_NUMBER,
    ...documentDates(st.today, st.validityDays),
  };
}

function withoutStationFields(person: PersonRecord): PersonRecord {
  const out: Record<string, unknown> = { ...person };
  for (const f of STATION_FIELDS) delete out[f];
  return out as PersonRecord;
}

function decodePhoto(photo: string): Uint8Array {
  const b64 = photo.replace(/^data:image\/(jpeg|png);base64,/, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64))
    throw new CardgateError('PHOTO_INVALID', 'photo must be base64 JPEG or PNG', { status: 400 });
  return new Uint8Array(Buffer.from(b64, 'base64'));
}

const Problem = Type.Object({ code: Type.String() }, { additionalProperties: true });

async function defaultSpecimenSigner(): Promise<CardSigner> {
  const { createSpecimenSigner } = await import('../../document/seal/specimen-signer.js');
  return createSpecimenSigner();
}

/** The operator's preview of a card before issuing it, and the MRZ on its own. */
export const previewRoutes: FastifyPluginAsyncTypebox<PreviewDeps> = async (app, deps) => {
  const gate = createPreviewGate(deps.limits, deps.now);
  let signer: Promise<CardSigner> | null = null;
  const specimenSigner = (): Promise<CardSigner> => {
    signer ??= (deps.specimenSigner ?? defaultSpecimenSigner)().catch((e: unknown) => {
      signer = null;
      throw e;
    });
    return signer;
  };

  app.post(
    '/preview',
    {
      config: { access: ['operator'] },
      bodyLimit: MAX_PHOTO_BASE64 + 64 * 1024,
      schema: {
        tags: ['document'],
        summary:
          'Both sides of a SPECIMEN card from a person record and photo: the document fields are the station’s, the seal a specimen key’s (nothing is stored)',
        body: Type.Object(
          { person: PersonRecord, photo: Type.String({ minLength: 4, maxLength: MAX_PHOTO_BASE64 }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            front: Type.String(),
            back: Type.String(),
            mrz: Type.Array(Type.String()),
            warnings: Type.Array(Type.String()),
            specimen: Type.Literal(true),
            dateOfExpiry: Type.String({ description: 'The expiry the card would get if issued today' }),
          }),
          400: Problem,
        },
      },
    },
    async (req, reply) => {
      const actor = req.principal!.name;
      const audit = (outcome: 'ok' | 'denied', code?: string) =>
        deps.audit?.append({
          actor,
          action: 'preview.render',
          outcome,
          ...(code ? { details: { code } } : {}),
        });
      try {
        const st = deps.station();
        // Document fields in the request are ignored: the preview shows what the station sets.
        const typed = normalisePerson(withoutStationFields(req.body.person));
        assertNoFieldErrors(checkPersonFields(typed, st));
        const person = { ...typed, ...stationFields(st) } as PersonRecord;
        const photoJpeg = decodePhoto(req.body.photo);
        const card = await gate.run(actor, async () =>
          deps.produce({ person, photoJpeg }, { signer: await specimenSigner(), specimen: true }),
        );
        await audit('ok');
        return {
          front: `data:image/png;base64,${card.previews.front.toString('base64')}`,
          back: `data:image/png;base64,${card.previews.back.toString('base64')}`,
          mrz: card.mrz,
          warnings: [...(card.warnings ?? [])],
          specimen: true as const,
          dateOfExpiry: person.dateOfExpiry!,
        };
      } catch (e) {
        if (isCardgateError(e)) {
          await audit('denied', e.code);
          const wait = e.details?.retryAfterS;
          if (typeof wait === 'number') void reply.header('retry-after', String(wait));
        }
        throw e;
      }
    },
  );

  app.post(
    '/mrz',
    {
      config: { access: ['operator'] },
      schema: {
        tags: ['document'],
        summary:
          'The TD1 MRZ of a person record; missing document fields are the station’s (422 FIELDS_INVALID with field codes, 400 for what the MRZ cannot write)',
        body: Type.Object({ person: PersonRecord }, { additionalProperties: false }),
        response: { 200: Type.Object({ lines: Type.Array(Type.String()) }), 400: Problem },
      },
    },
    async (req) => {
      const st = deps.station();
      const given = normalisePerson(req.body.person);
      const record = { ...stationFields(st), ...given };
      assertNoFieldErrors(checkDocumentRecord(record, st));
      return { lines: composeTd1(parseMrzInput(record)) };
    },
  );
};
