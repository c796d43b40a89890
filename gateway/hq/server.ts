import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { ChildLoggerOptions, Logger } from 'pino';
import { authPlugin, declareDefaultAccess } from '../api/auth.js';
import { lazySchemaCompilers } from '../api/lazy-schema-compilers.js';
import { installProblemHandlers } from '../api/problem.js';
import { requestGuard } from '../api/request-guard.js';
import { healthRoutes, type Readiness } from '../api/routes/health.js';
import { lazyChildLogger } from '../log/lazy-child.js';
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
 * HQ's Fastify server, built from the station's API pieces: problem+json errors, the request
 * guard (same-origin state changes, JSON bodies), access control on every route (cookie session
 * or bearer token, HQ roles), OpenAPI at /api/docs, /api/v1/health and /ready. Then every HQ
 * plugin. Not listening yet.
 */
export async function buildHqServer(opts: BuildHqServerOptions): Promise<FastifyInstance> {
  const { ctx } = opts;
  const schemas = lazySchemaCompilers({ coerceBodies: false });
  const app = Fastify({
    loggerInstance: ctx.logger.child({ component: 'hq-api' }),
    ...(opts.https ? { https: { cert: opts.https.cert, key: opts.https.key } } : {}),
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(given) ? given : randomUUID();
    },
    logController: new LogController({ disableRequestLogging: true }),
    childLoggerFactory: (logger, bindings, childOpts) =>
      lazyChildLogger(logger as Logger, bindings, childOpts as ChildLoggerOptions),
    // Records are refused above 1 MB by their own route; nothing else takes more.
    bodyLimit: 2 * 1024 * 1024,
    ajv: { customOptions: { allErrors: false } },
    schemaController: { compilersFactory: schemas.compilersFactory },
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as FastifyInstance;
  app.decorate('compileSchemas', () => schemas.compileAll());

  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  app.addHook('onResponse', async (req, reply) => {
    if (reply.statusCode < 400) return;
    req.log.info(
      {
        req: { method: req.method, url: req.url.split('?')[0] },
        res: { statusCode: reply.statusCode },
        ms: Math.round(reply.elapsedTime),
        user: req.principal?.name,
      },
      'request',
    );
  });

  installProblemHandlers(app);
  await app.register(requestGuard, {
    https: opts.https !== undefined,
    allowedOrigins: ctx.config.allowedOrigins,
  });
  await app.register(cookie);
  await app.register(authPlugin, { users: ctx.accounts, sessions: ctx.sessions });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'cardgate HQ API',
        version: '1',
        description:
          'Headquarters: the national registry of issued documents, station enrolment and hand-off, the fleet. Cookie session (POST /api/v1/session) or bearer token.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'cardgate_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
  });
  await app.register(async (docs) => {
    declareDefaultAccess(docs, 'public');
    await docs.register(swaggerUi, { routePrefix: '/api/docs' });
  });
  await app.register(healthRoutes, { prefix: HQ_API_PREFIX, readiness: opts.readiness });

  for (const p of opts.plugins) {
    await app.register(p.plugin, ctx);
  }
  return app;
}
