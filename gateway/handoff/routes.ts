import type { FastifyPluginAsync } from 'fastify';
import Type from 'typebox';
import type { HandoffStatus } from './handoff.js';

export interface HandoffRoutesDeps extends Record<string, unknown> {
  status(): HandoffStatus | { enrolled: false; reason: string };
}

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const HandoffStatusSchema = Type.Object({
  enrolled: Type.Boolean(),
  reason: Type.Optional(
    Type.String({ description: 'Why records are not handed off (not enrolled, disabled)' }),
  ),
  hq: Type.Optional(Type.String()),
  pending: Type.Optional(Type.Integer({ minimum: 0, description: 'Records waiting for HQ' })),
  oldestPendingAgeSeconds: Type.Optional(Nullable(Type.Integer({ minimum: 0 }))),
  lastAckAt: Type.Optional(Nullable(Type.String({ format: 'date-time' }))),
  lastError: Type.Optional(
    Nullable(
      Type.Object({ code: Type.String(), message: Type.String(), at: Type.String({ format: 'date-time' }) }),
    ),
  ),
  awaitingPurge: Type.Optional(
    Type.Integer({
      minimum: 0,
      description: 'Jobs acknowledged by HQ whose personal data waits for the grace period',
    }),
  ),
});

/** GET /handoff: is HQ getting the records, how many wait and since when (ids and counts only). */
export const handoffRoutes: FastifyPluginAsync<HandoffRoutesDeps> = async (app, opts) => {
  app.get(
    '/handoff',
    {
      config: { access: ['technician'] },
      schema: { tags: ['hand-off'], response: { 200: HandoffStatusSchema } },
    },
    async () => opts.status(),
  );
};
