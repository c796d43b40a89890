import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import type { AuditSink } from '../core/audit-sink.js';
import { systemClock, type Clock } from '../core/clock.js';
import type { EventBus } from '../core/events.js';
import type { DeviceRegistry } from '../core/registry.js';
import type { UserStore } from '../users/store.js';
import { LoginRateLimiter } from './login-rate-limit.js';
import { buildServerBase } from './server-base.js';
import { SessionStore } from './sessions.js';
import { deviceRoutes } from './routes/devices.js';
import { healthRoutes, type Readiness } from './routes/health.js';
import { sessionRoutes } from './routes/session.js';
import { userRoutes } from './routes/users.js';

export const API_PREFIX = '/api/v1';

export type ApiServer = FastifyInstance;

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
  const sessions = new SessionStore({ ttlMinutes: config.api.sessionTtlMinutes, clock });
  const limiter = new LoginRateLimiter({ ...config.api.loginRateLimit, clock });
  const app = await buildServerBase({
    logger: opts.logger,
    component: 'api',
    https: opts.https,
    bodyLimit: 16 * 1024 * 1024,
    allowedOrigins: config.api.allowedOrigins,
    users: opts.users,
    sessions,
    title: 'cardgate station API',
    description:
      'Local API of an ID-card issuing station. Cookie session (POST /api/v1/session) or bearer token.',
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
