import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';

export interface Readiness {
  ready: boolean;
  /** One entry per part the station waits for (storage, each component): true when ready. */
  checks: Record<string, boolean>;
}

export interface HealthDeps {
  readiness: () => Readiness | Promise<Readiness>;
}

const ReadinessReply = Type.Object({
  ready: Type.Boolean(),
  checks: Type.Record(Type.String(), Type.Boolean()),
});

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
        summary: 'Readiness of storage and devices: 503 until ready',
        response: { 200: ReadinessReply, 503: ReadinessReply },
      },
    },
    async (_req, reply) => {
      const r = await deps.readiness();
      return reply.code(r.ready ? 200 : 503).send(r);
    },
  );
};
