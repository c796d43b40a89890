import type { FastifyInstance, FastifyPluginAsync, FastifyRequest, RouteOptions } from 'fastify';
import type {} from '@fastify/cookie';
import { CardgateError } from '../core/errors.js';
import { allows, type Access, type Principal } from './access.js';
import type { OpenStreams } from './open-streams.js';
import { SESSION_COOKIE, sessionCredential, tokenCredential } from './sessions.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set on the session and password routes: reachable while the caller must still change a one-time password. */
    allowDuringPasswordChange?: boolean;
  }
  interface FastifyInstance {
    /** Every route with its declared access, in registration order (the access test walks it). */
    routeAccess: RouteAccessEntry[];
  }
}

export interface RouteAccessEntry {
  method: string;
  url: string;
  access: Access;
}

const kDefaultAccess = Symbol.for('cardgate.defaultAccess');

/**
 * For third-party plugins that register their own routes (swagger-ui, @fastify/static): every
 * route registered inside `scope` (and its children) without a declaration gets `access`.
 * Use only inside an encapsulated plugin that wraps such a third-party plugin.
 */
export function declareDefaultAccess(scope: FastifyInstance, access: Access): void {
  (scope as unknown as Record<symbol, Access>)[kDefaultAccess] = access;
}

type MaybePromise<T> = T | Promise<T>;

/** An account as access control sees it: the station's users.json entry or an HQ account row. */
export interface AuthUser {
  id: string;
  name: string;
  role: string;
  mustChangePassword: boolean;
  permissions?: readonly string[];
}

/**
 * Where accounts and sessions are looked up: the station's UserStore and in-memory SessionStore
 * answer at once; HQ's database-backed stores (shared by its replicas) answer with promises.
 */
export interface AuthDeps {
  users: {
    tokenOwner(token: string): MaybePromise<{ user: AuthUser; tokenId: string } | null>;
    getById(id: string): MaybePromise<AuthUser | undefined>;
  };
  sessions: {
    /** The account id of a live session (extending it), or null. */
    touch(id: string): MaybePromise<string | null>;
    streams: OpenStreams;
  };
}

export function principalOf(user: AuthUser, via: Principal['via']): Principal {
  return {
    userId: user.id,
    name: user.name,
    role: user.role,
    ...(user.permissions ? { permissions: user.permissions } : {}),
    via,
    mustChangePassword: user.mustChangePassword,
  };
}

/**
 * Access control for the whole API. A route without `config.access` is refused when it is
 * registered (so `ready()` fails), callers are identified by the session cookie or a bearer
 * token, and each request is checked against its route's declaration before any body is parsed.
 */
export const authPlugin: FastifyPluginAsync<AuthDeps> = async (app, deps) => {
  app.decorateRequest('principal', null);
  app.decorate('routeAccess', [] as RouteAccessEntry[]);

  app.addHook('onRoute', function (this: FastifyInstance, opts: RouteOptions) {
    const declared =
      opts.config?.access ?? (this as unknown as Record<symbol, Access | undefined>)[kDefaultAccess];
    const methods = Array.isArray(opts.method) ? opts.method : [opts.method];
    if (declared === undefined) {
      throw new CardgateError(
        'ACCESS_UNDECLARED',
        `route ${methods.join(',')} ${opts.url} declares no config.access ('public' | 'authenticated' | roles)`,
      );
    }
    opts.config = { ...opts.config, access: declared };
    for (const method of methods) app.routeAccess.push({ method, url: opts.url, access: declared });
  });

  app.addHook('onRequest', async (req, reply) => {
    const who = await identify(req, deps);
    req.principal = who?.principal ?? null;
    // Streams are GETs: enter them so that ending the session ends them (see OpenStreams).
    if (who && req.method === 'GET') deps.sessions.streams.track(who.principal.userId, who.credential, reply);
    const config = req.routeOptions.config;
    const access = config.access;
    // No declaration at request time means no route matched: the not-found handler answers.
    if (access === undefined || access === 'public') return;
    const principal = req.principal;
    if (!principal)
      throw new CardgateError('UNAUTHENTICATED', 'log in or present an API token', { status: 401 });
    if (principal.mustChangePassword && !config.allowDuringPasswordChange) {
      throw new CardgateError('PASSWORD_CHANGE_REQUIRED', 'change the one-time password first', {
        status: 403,
      });
    }
    if (!allows(access, principal)) {
      throw new CardgateError('FORBIDDEN', `role ${principal.role} may not call this route`, { status: 403 });
    }
  });
};
// Like fastify-plugin: the hooks apply to the whole server, not an encapsulated child.
(authPlugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;

async function identify(
  req: FastifyRequest,
  deps: AuthDeps,
): Promise<{ principal: Principal; credential: string } | null> {
  const header = req.headers.authorization;
  if (header !== undefined) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    const hit = m ? await deps.users.tokenOwner(m[1]!) : null;
    return hit
      ? { principal: principalOf(hit.user, 'token'), credential: tokenCredential(hit.tokenId) }
      : null;
  }
  const sid = req.cookies?.[SESSION_COOKIE];
  if (sid) {
    const userId = await deps.sessions.touch(sid);
    const user = userId ? await deps.users.getById(userId) : undefined;
    if (user) return { principal: principalOf(user, 'session'), credential: sessionCredential(sid) };
  }
  return null;
}
