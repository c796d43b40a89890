import type { FastifyPluginAsync } from 'fastify';
import Type from 'typebox';
import type { TelemetryStatus } from '../../telemetry/types.js';

export interface TelemetryRoutesDeps extends Record<string, unknown> {
  telemetry: { status(): TelemetryStatus };
}

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const TelemetryStatusSchema = Type.Object({
  enabled: Type.Boolean(),
  connected: Type.Boolean(),
  broker: Type.String(),
  protocolVersion: Type.Union([Type.Literal(4), Type.Literal(5), Type.Null()]),
  bootId: Type.String(),
  outboxDepth: Type.Integer({ minimum: 0 }),
  outboxOverLimit: Type.Boolean(),
  lastPublishedAt: Nullable(Type.String()),
  lastError: Nullable(Type.String()),
  healthIntervalSeconds: Type.Integer(),
});

/** GET /telemetry: is the data centre hearing us, and how much waits in the outbox. */
export const telemetryRoutes: FastifyPluginAsync<TelemetryRoutesDeps> = async (app, opts) => {
  app.get(
    '/telemetry',
    {
      config: { access: ['technician'] },
      schema: { response: { 200: TelemetryStatusSchema } },
    },
    async () => opts.telemetry.status(),
  );
};
