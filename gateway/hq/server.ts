import type { FastifyInstance } from 'fastify';
import { healthRoutes, type Readiness } from '../api/routes/health.js';
import { buildServerBase } from '../api/server-base.js';
import type { HqContext } from './context.js';
import type { HqPlugin } from './plugins.js';

export const HQ_API_PREFIX = '/api/v1';

export interface BuildHqServerOptions {
  ctx: HqContext;
  plugins: readonly HqPlugin[];
  https?: { cert: string | Buffer; key: string | Buffer };
  readiness: () => Promise<Readiness>;
}

/**
 * HQ's Fastify server: the station's server base (problem+json, request guard, access control with
 * HQ roles, OpenAPI at /api/docs), /api/v1/health and /ready, then every HQ plugin. Not listening.
 */
export async function buildHqServer(opts: BuildHqServerOptions): Promise<FastifyInstance> {
  const { ctx } = opts;
  const app = await buildServerBase({
    logger: ctx.logger,
    component: 'hq-api',
    https: opts.https,
    // Records are refused above 1 MB by their own route; nothing else takes more.
    bodyLimit: 2 * 1024 * 1024,
    allowedOrigins: ctx.config.allowedOrigins,
    users: ctx.accounts,
    sessions: ctx.sessions,
    title: 'cardgate HQ API',
    description:
      'Headquarters: the national registry of issued documents, station enrolment and hand-off, the fleet. Cookie session (POST /api/v1/session) or bearer token.',
  });
  await app.register(healthRoutes, { prefix: HQ_API_PREFIX, readiness: opts.readiness });

  for (const p of opts.plugins) {
    await app.register(p.plugin, ctx);
  }
  return app;
}
