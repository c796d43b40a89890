import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { Camera } from '../../../drivers/camera/interface.js';
import { isDeviceError } from '../../../drivers/device/errors.js';
import { CardgateError, isCardgateError } from '../../core/errors.js';
import type { PhotoOptions } from '../../photo/index.js';

export interface CameraRouteDeps {
  cameras: ReadonlyMap<string, Camera>;
  photo?: PhotoOptions;
}

const Params = Type.Object({ id: Type.String({ maxLength: 64, pattern: '^[a-z0-9-]+$' }) });

/** `child=young`: the person is a child under six (the operator recorded it), so the checks relax. */
const CaptureQuery = Type.Object(
  { child: Type.Optional(Type.Literal('young')) },
  { additionalProperties: false },
);

const Health = Type.Object({
  online: Type.Boolean(),
  lastFrameAt: Type.Union([Type.Number(), Type.Null()]),
  width: Type.Union([Type.Integer(), Type.Null()]),
  height: Type.Union([Type.Integer(), Type.Null()]),
  lastError: Type.Union([Type.Object({ code: Type.String(), message: Type.String() }), Type.Null()]),
});

export const CameraList = Type.Object({
  items: Type.Array(Type.Object({ id: Type.String(), driver: Type.String(), health: Health })),
});

/** A failure the driver did not type (a bug or a library error) still names the camera. */
function untyped(e: unknown): unknown {
  if (isCardgateError(e) || isDeviceError(e)) return e;
  return new CardgateError('CAMERA_FAILED', (e as Error)?.message ?? String(e), { cause: e });
}

/**
 * Cameras for operators: the list with health, and a capture that answers the card portrait
 * (35×45 crop) with the photo checks in `x-photo-checks`. The picture is personal data: it is
 * streamed to the caller and neither stored nor logged here.
 */
export const cameraRoutes: FastifyPluginAsyncTypebox<CameraRouteDeps> = async (app, deps) => {
  app.get(
    '/cameras',
    {
      config: { access: ['operator', 'technician'] },
      schema: { tags: ['cameras'], summary: 'Cameras with their health', response: { 200: CameraList } },
    },
    async () => ({
      items: [...deps.cameras.values()].map((c) => ({ id: c.id, driver: c.driver, health: c.health() })),
    }),
  );

  app.post(
    '/cameras/:id/capture',
    {
      config: { access: ['operator'] },
      schema: {
        tags: ['cameras'],
        summary: 'Take a photo: image/jpeg of the 35×45 card portrait, checks in the x-photo-checks header',
        params: Params,
        querystring: CaptureQuery,
      },
    },
    async (req, reply) => {
      const camera = deps.cameras.get(req.params.id);
      if (!camera)
        throw new CardgateError('CAMERA_NOT_FOUND', `no camera "${req.params.id}"`, { status: 404 });
      const ctrl = new AbortController();
      // The response's socket closing before we answered means the operator gave up: stop waiting.
      // (The request's own 'close' fires as soon as its body is read, so it cannot tell.)
      const onClose = (): void => {
        if (!reply.raw.writableFinished) ctrl.abort();
      };
      reply.raw.once('close', onClose);
      let photo;
      try {
        const frame = await camera.capture({ signal: ctrl.signal });
        // Photo processing loads the canvas library: at the first capture, not at start.
        const { processPhoto } = await import('../../photo/index.js');
        photo = await processPhoto(frame.jpeg, {
          ...deps.photo,
          ...(req.query.child === 'young' ? { youngChild: true } : {}),
        });
      } catch (e) {
        throw untyped(e);
      }
      const checks = photo.checks.map(({ code, ok, value, limit, message }) => ({
        code,
        ok,
        value,
        limit,
        message,
      }));
      reply
        .header('content-type', 'image/jpeg')
        .header('cache-control', 'no-store')
        // Header values must be Latin-1: escape everything else in the JSON.
        .header(
          'x-photo-checks',
          JSON.stringify(checks).replace(
            /[\u007f-\uffff]/g,
            (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
          ),
        )
        .header('x-photo-ok', String(photo.ok));
      return reply.send(photo.cardJpeg);
    },
  );
};
