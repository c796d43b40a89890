import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { CardEncoder } from '../../../drivers/encoder/interface.js';
import { isDeviceError } from '../../../drivers/device/errors.js';
import { CardgateError, isCardgateError } from '../../core/errors.js';

export interface EncoderRouteDeps {
  /** The station's encoders by id. */
  encoders: ReadonlyMap<string, CardEncoder>;
}

const EncoderStateReply = Type.Object({
  id: Type.String(),
  driver: Type.String(),
  emulated: Type.Boolean(),
  available: Type.Boolean(),
  readers: Type.Array(Type.String()),
  cardPresent: Type.Boolean(),
  reason: Type.Optional(Type.String()),
});

const ReadReply = Type.Object({
  files: Type.Record(Type.String(), Type.Integer({ minimum: 0 })),
  verify: Type.Object({ ok: Type.Boolean(), failures: Type.Array(Type.String()) }),
});

const Params = Type.Object({ id: Type.String({ maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' }) });

/** A failure the driver did not type (a bug or a library error) still names the encoder. */
function untyped(e: unknown): unknown {
  if (isCardgateError(e) || isDeviceError(e)) return e;
  return new CardgateError('ENCODER_FAILED', (e as Error)?.message ?? String(e), { cause: e });
}

/**
 * Technician routes for the encoder: its state, and a read of the card in it that answers file
 * sizes and the verify result only; the card's personal data never leaves through here.
 */
export const encoderRoutes: FastifyPluginAsyncTypebox<EncoderRouteDeps> = async (app, deps) => {
  const find = (id: string): CardEncoder => {
    const e = deps.encoders.get(id);
    if (!e) throw new CardgateError('ENCODER_NOT_FOUND', `no encoder "${id}"`, { status: 404 });
    return e;
  };

  app.get(
    '/encoders/:id',
    {
      config: { access: ['technician'] },
      schema: {
        tags: ['encoder'],
        summary: 'Encoder state: stack available, readers, card present, emulated',
        params: Params,
        response: { 200: EncoderStateReply },
      },
    },
    async (req) => {
      const e = find(req.params.id);
      return { id: e.id, driver: e.driver, emulated: e.emulated, ...e.state() };
    },
  );

  app.post(
    '/encoders/:id/read',
    {
      config: { access: ['technician'] },
      schema: {
        tags: ['encoder'],
        summary: 'Read the card in the encoder: file sizes and the verify result (no personal data)',
        params: Params,
        response: { 200: ReadReply },
      },
    },
    async (req) => {
      const e = find(req.params.id);
      try {
        const contents = await e.readBack();
        const files = Object.fromEntries(Object.entries(contents.files).map(([n, b]) => [n, b.length]));
        const verify = e.verifyContents(contents);
        return { files, verify };
      } catch (err) {
        req.log.warn({ encoder: e.id, code: (err as { code?: string }).code }, 'encoder read failed');
        throw untyped(err);
      }
    },
  );
};
