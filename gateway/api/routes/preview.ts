import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { CardgateError } from '../../core/errors.js';
import { composeTd1, parseMrzInput } from '../../document/mrz/index.js';
import { PersonRecord } from '../../document/person.js';
import type { CardSigner, ProduceOptions } from '../../document/render/produce.js';

export interface PreviewDeps {
  /** `produceCard` of gateway/document (or anything with its shape). */
  produce: (
    input: { person: PersonRecord; photoJpeg: Uint8Array },
    opts: ProduceOptions,
  ) => Promise<{ previews: { front: Buffer; back: Buffer }; mrz: string[]; warnings?: string[] }>;
  signer: CardSigner;
  /**
   * Document fields a preview uses while the person has none yet (the number is assigned at
   * issuance). Default: ID, ROU, number `PREVIEW00`, issued today, valid six months.
   */
  previewDefaults?: () => Partial<PersonRecord>;
}

const MAX_PHOTO_BASE64 = 8 * 1024 * 1024;

function defaultDocumentFields(): Partial<PersonRecord> {
  const today = new Date();
  const expiry = new Date(today);
  expiry.setUTCMonth(expiry.getUTCMonth() + 6);
  return {
    documentCode: 'ID',
    issuingState: 'ROU',
    documentNumber: 'PREVIEW00',
    dateOfIssue: today.toISOString().slice(0, 10),
    dateOfExpiry: expiry.toISOString().slice(0, 10),
  };
}

/** Fills only the document fields the person lacks; says which ones are placeholders. */
function withDefaults(
  person: PersonRecord,
  defaults: Partial<PersonRecord>,
): { person: PersonRecord; filled: string[] } {
  const out: Record<string, unknown> = { ...person };
  const filled: string[] = [];
  for (const key of [
    'documentCode',
    'issuingState',
    'documentNumber',
    'dateOfIssue',
    'dateOfExpiry',
  ] as const) {
    if (out[key] === undefined && defaults[key] !== undefined) {
      out[key] = defaults[key];
      filled.push(key);
    }
  }
  return { person: out as PersonRecord, filled };
}

function decodePhoto(photo: string): Uint8Array {
  const b64 = photo.replace(/^data:image\/(jpeg|png);base64,/, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64))
    throw new CardgateError('PHOTO_INVALID', 'photo must be base64 JPEG or PNG', { status: 400 });
  return new Uint8Array(Buffer.from(b64, 'base64'));
}

const Problem = Type.Object({ code: Type.String() }, { additionalProperties: true });

/** The operator's preview of a card before issuing it, and the MRZ on its own. */
export const previewRoutes: FastifyPluginAsyncTypebox<PreviewDeps> = async (app, deps) => {
  const defaults = deps.previewDefaults ?? defaultDocumentFields;

  app.post(
    '/preview',
    {
      config: { access: ['operator'] },
      bodyLimit: MAX_PHOTO_BASE64 + 64 * 1024,
      schema: {
        tags: ['document'],
        summary: 'Render both sides of a card from a person record and photo (nothing is stored)',
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
          }),
          400: Problem,
        },
      },
    },
    async (req) => {
      const { person, filled } = withDefaults(req.body.person, defaults());
      const card = await deps.produce(
        { person, photoJpeg: decodePhoto(req.body.photo) },
        { signer: deps.signer },
      );
      const warnings = [...(card.warnings ?? [])];
      if (filled.length) warnings.push(`preview placeholders: ${filled.join(', ')}`);
      return {
        front: `data:image/png;base64,${card.previews.front.toString('base64')}`,
        back: `data:image/png;base64,${card.previews.back.toString('base64')}`,
        mrz: card.mrz,
        warnings,
      };
    },
  );

  app.post(
    '/mrz',
    {
      config: { access: ['operator'] },
      schema: {
        tags: ['document'],
        summary: 'The TD1 MRZ of a person record (400 with a code for what cannot be written)',
        body: Type.Object({ person: PersonRecord }, { additionalProperties: false }),
        response: { 200: Type.Object({ lines: Type.Array(Type.String()) }), 400: Problem },
      },
    },
    async (req) => {
      const { person } = withDefaults(req.body.person, defaults());
      return { lines: composeTd1(parseMrzInput(person)) };
    },
  );
};
