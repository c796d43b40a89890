import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { ChildLoggerOptions, Logger } from 'pino';
import { authPlugin, declareDefaultAccess, type AuthDeps } from './auth.js';
import { lazyChildLogger } from '../log/lazy-child.js';
import { lazySchemaCompilers } from './lazy-schema-compilers.js';
import { requestGuard } from './request-guard.js';
import { installProblemHandlers } from './problem.js';

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Compiles every route schema not compiled yet (they compile on first use) and returns how
     * many; throws for a bad one.
     */
    compileSchemas(): number;
  }
}

export interface ServerBaseOptions {
  logger: Logger;
  /** The `component` field of every log line of this server. */
  component: string;
  /** TLS material; absent means plain HTTP (the `--http` development mode). */
  https?: { cert: string | Buffer; key: string | Buffer } | undefined;
  bodyLimit: number;
  allowedOrigins: string[];
  /** Who may log in: the station's users or HQ's accounts, and where their sessions live. */
  users: AuthDeps['users'];
  sessions: AuthDeps['sessions'];
  /** OpenAPI title and description at /api/docs. */
  title: string;
  description: string;
}

/**
 * What the station's and HQ's servers share: request ids, one log line per failed request,
 * problem+json errors, the request guard (same-origin state changes, JSON bodies), cookie session
 * or bearer token on every route, OpenAPI at /api/docs. Routes are the caller's.
 */
export async function buildServerBase(opts: ServerBaseOptions): Promise<FastifyInstance> {
  // Bodies are validated as sent (no "5" for 5); query strings and params still coerce.
  const schemas = lazySchemaCompilers({ coerceBodies: false });
  const app = Fastify({
    loggerInstance: opts.logger.child({ component: opts.component }),
    ...(opts.https ? { https: { cert: opts.https.cert, key: opts.https.key } } : {}),
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(given) ? given : randomUUID();
    },
    logController: new LogController({ disableRequestLogging: true }),
    childLoggerFactory: (logger, bindings, childOpts) =>
      lazyChildLogger(logger as Logger, bindings, childOpts as ChildLoggerOptions),
    bodyLimit: opts.bodyLimit,
    ajv: { customOptions: { allErrors: false } },
    schemaController: { compilersFactory: schemas.compilersFactory },
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as FastifyInstance;
  app.decorate('compileSchemas', () => schemas.compileAll());

  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  // One line per request; routine successes only at debug so a busy server's log stays readable.
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
    allowedOrigins: opts.allowedOrigins,
  });
  await app.register(cookie);
  await app.register(authPlugin, { users: opts.users, sessions: opts.sessions });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: opts.title, version: '1', description: opts.description },
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
  return app;
}
