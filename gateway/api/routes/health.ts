import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type, { type Static } from 'typebox';

export interface HealthDeps {
  readiness: () => Readiness | Promise<Readiness>;
}

export const PartReadiness = Type.Object({
  name: Type.String({
    description: '`storage`, a component (`printer`, `board`, …) or a device id (`printer-1`)',
  }),
  kind: Type.Union([Type.Literal('storage'), Type.Literal('component'), Type.Literal('device')]),
  state: Type.Union([Type.Literal('up'), Type.Literal('degraded'), Type.Literal('down')], {
    description: 'up: working; degraded: working with less; down: not working',
  }),
  emulated: Type.Boolean({ description: 'an emulator stands in for the real device' }),
  reason: Type.Union([Type.String(), Type.Null()], {
    description: 'why it is degraded, down or emulated; null when it is the real thing and up',
  }),
});
export type PartReadiness = Static<typeof PartReadiness>;

export const ReadinessReply = Type.Object({
  ready: Type.Boolean({ description: 'storage and every component started (devices may still be down)' }),
  checks: Type.Record(Type.String(), Type.Boolean(), {
    description: 'one entry per part the station waits for (storage, each component): true when ready',
  }),
  parts: Type.Array(PartReadiness, { description: 'every part, with its state and why' }),
});
export type Readiness = Static<typeof ReadinessReply>;

/** Liveness and readiness: public, cheap, no personal data. */
export const healthRoutes: FastifyPluginAsyncTypebox<HealthDeps> = async (app, deps) => {
  app.get(
    '/health',
    {
      config: { access: 'public' },
      schema: {
        tags: ['station'],
        summary: 'Liveness: the process answers',
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/ready',
    {
      config: { access: 'public' },
      schema: {
        tags: ['station'],
        summary:
          'Readiness of storage and components (503 until ready), and every part that runs emulated, degraded or down, with why',
        response: { 200: ReadinessReply, 503: ReadinessReply },
      },
    },
    async (_req, reply) => {
      const r = await deps.readiness();
      return reply.code(r.ready ? 200 : 503).send(r);
    },
  );
};
