import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { ChildLoggerOptions, Logger } from 'pino';
import type { Config } from '../config/schema.js';
import type { AuditSink } from '../core/audit-sink.js';
import { systemClock, type Clock } from '../core/clock.js';
import type { EventBus } from '../core/events.js';
import type { DeviceRegistry } from '../core/registry.js';
import type { UserStore } from '../users/store.js';
import { authPlugin, declareDefaultAccess } from './auth.js';
import { lazyChildLogger } from '../log/lazy-child.js';
import { lazySchemaCompilers } from './lazy-schema-compilers.js';
import { LoginRateLimiter } from './login-rate-limit.js';
import { requestGuard } from './request-guard.js';
import { installProblemHandlers } from './problem.js';
import { SessionStore } from './sessions.js';
import { deviceRoutes } from './routes/devices.js';
import { healthRoutes, type Readiness } from './routes/health.js';
import { sessionRoutes } from './routes/session.js';
import { userRoutes } from './routes/users.js';

export const API_PREFIX = '/api/v1';

export type ApiServer = FastifyInstance;

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Compiles every route schema not compiled yet (they compile on first use) and returns how
     * many; throws for a bad one.
     */
    compileSchemas(): number;
  }
}

export interface BuildApiServerOptions {
  config: Config;
  registry: DeviceRegistry;
  bus: EventBus;
  users: UserStore;
  audit: AuditSink;
  logger: Logger;
  /** TLS material; absent means plain HTTP (the `--http` development mode). */
  https?: { cert: string | Buffer; key: string | Buffer };
  /** Readiness of storage and devices for GET /ready (default: always ready). */
  readiness?: () => Readiness | Promise<Readiness>;
  clock?: Clock;
}

/**
 * The station's Fastify server with access control, problem+json errors, OpenAPI and the core
 * routes (health, ready, session, devices, users) under /api/v1. Not listening yet: the caller
 * registers further route plugins, e.g. `await app.register(printerRoutes, { prefix: API_PREFIX, … })`,
 * then calls `listen()`. Every route must declare `config.access` or registration fails.
 */
export async function buildApiServer(opts: BuildApiServerOptions): Promise<ApiServer> {
  const { config } = opts;
  const clock = opts.clock ?? systemClock;
  // Bodies are validated as sent (no "5" for 5); query strings and params still coerce.
  const schemas = lazySchemaCompilers({ coerceBodies: false });
  const app = Fastify({
    loggerInstance: opts.logger.child({ component: 'api' }),
    ...(opts.https ? { https: { cert: opts.https.cert, key: opts.https.key } } : {}),
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(given) ? given : randomUUID();
    },
    logController: new LogController({ disableRequestLogging: true }),
    childLoggerFactory: (logger, bindings, childOpts) =>
      lazyChildLogger(logger as Logger, bindings, childOpts as ChildLoggerOptions),
    bodyLimit: 16 * 1024 * 1024,
    ajv: { customOptions: { allErrors: false } },
    schemaController: { compilersFactory: schemas.compilersFactory },
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as FastifyInstance;
  app.decorate('compileSchemas', () => schemas.compileAll());

  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  // One line per request; routine successes only at debug so a busy station's log stays readable.
  app.addHook('onResponse', async (req, reply) => {
    const failed = reply.statusCode >= 400;
    if (!failed && req.log.level !== 'debug' && req.log.level !== 'trace') return;
    const line = {
      req: { method: req.method, url: req.url.split('?')[0] },
      res: { statusCode: reply.statusCode },
      ms: Math.round(reply.elapsedTime),
      user: req.principal?.name,
    };
    if (failed) req.log.info(line, 'request');
    else req.log.debug(line, 'request');
  });

  installProblemHandlers(app);
  await app.register(requestGuard, {
    https: opts.https !== undefined,
    allowedOrigins: config.api.allowedOrigins,
  });
  await app.register(cookie);

  const sessions = new SessionStore({ ttlMinutes: config.api.sessionTtlMinutes, clock });
  const limiter = new LoginRateLimiter({ ...config.api.loginRateLimit, clock });
  await app.register(authPlugin, { users: opts.users, sessions });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'cardgate station API',
        version: '1',
        description:
          'Local API of an ID-card issuing station. Cookie session (POST /api/v1/session) or bearer token.',
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

  await app.register(
    async (api) => {
      await api.register(healthRoutes, {
        readiness: opts.readiness ?? (() => ({ ready: true, checks: {}, parts: [] })),
      });
      await api.register(sessionRoutes, {
        users: opts.users,
        sessions,
        limiter,
        audit: opts.audit,
        secureCookies: !config.api.http,
      });
      await api.register(deviceRoutes, { registry: opts.registry });
      await api.register(userRoutes, { users: opts.users, sessions, audit: opts.audit });
    },
    { prefix: API_PREFIX },
  );
  return app;
}
