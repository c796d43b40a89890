import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type {} from '@fastify/cookie';
import Type, { type Static, type TSchema } from 'typebox';
import { CardgateError } from '../../core/errors.js';
import type { AuditSink } from '../../core/audit-sink.js';
import { RoleSchema } from '../../users/store.js';
import type { AuthUser } from '../auth.js';
import type { LoginRateLimiter } from '../login-rate-limit.js';
import type { FastifyReply } from 'fastify';
import type { StreamEndReason } from '../open-streams.js';
import { SESSION_COOKIE } from '../sessions.js';

type MaybePromise<T> = T | Promise<T>;

/**
 * What the session routes need: the station's UserStore and SessionStore, or HQ's
 * database-backed accounts and sessions (gateway/hq/accounts), which answer with promises.
 */
export interface SessionDeps {
  users: {
    /** The account when the password is right (same work for an unknown name), else null. */
    verify(name: string, password: string): Promise<AuthUser | null>;
    /** Sets a new password (checked against the policy; revokes the account's tokens). */
    setPassword(name: string, password: string): Promise<void>;
  };
  sessions: {
    readonly ttlSeconds: number;
    create(userId: string): MaybePromise<string>;
    end(id: string, reason?: StreamEndReason): MaybePromise<void>;
    endUser(userId: string, reason: StreamEndReason, keep?: string): MaybePromise<void>;
  };
  limiter: LoginRateLimiter;
  audit: AuditSink;
  /** Secure cookie flag: true unless the station serves plain HTTP for development. */
  secureCookies: boolean;
  /** The roles a session may carry, for the answers' schema (default: the station's). */
  roleSchema?: TSchema;
}

/** The session answers' schemas for a set of roles (the station's, or HQ's). */
export function sessionSchemas<R extends TSchema>(role: R) {
  const user = Type.Object({ name: Type.String(), role, mustChangePassword: Type.Boolean() });
  return {
    user,
    reply: Type.Object({ user }),
    /**
     * What the login page asks on every load: 200 either way, so a browser logs no error for the
     * plain fact that nobody has logged in yet. `user` is null when anonymous (a typed union).
     */
    probe: Type.Union([
      Type.Object({ authenticated: Type.Literal(true), user }),
      Type.Object({ authenticated: Type.Literal(false), user: Type.Null() }),
    ]),
  };
}

const stationSchemas = sessionSchemas(RoleSchema);
export const SessionUser = stationSchemas.user;
/** What the login page asks on every load (see sessionSchemas). */
export const SessionProbe = stationSchemas.probe;

interface SessionView {
  name: string;
  role: string;
  mustChangePassword: boolean;
}
// The role's schema is the caller's: answers are typed by shape, the schema checks the value.
type Reply = never;
const answer = (user: SessionView): Reply => ({ user }) as unknown as Reply;

/** Login, logout, who am I, and changing one's own password. */
export const sessionRoutes: FastifyPluginAsyncTypebox<SessionDeps> = async (app, deps) => {
  const schemas = sessionSchemas(deps.roleSchema ?? RoleSchema);
  const SessionReply = schemas.reply;
  const SessionProbe = schemas.probe;
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: deps.secureCookies,
  };

  app.post(
    '/session',
    {
      config: { access: 'public' },
      schema: {
        tags: ['session'],
        summary: 'Log in with name and password; sets the HttpOnly session cookie',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 64 }),
            password: Type.String({ minLength: 1, maxLength: 256 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: SessionReply },
      },
    },
    async (req, reply) => {
      const { name, password } = req.body;
      // Counted before the (slow) check, so parallel guesses cannot pass the count together.
      const admission = deps.limiter.admit(name, req.ip);
      if (!admission.admitted) {
        await deps.audit.append({
          actor: name,
          action: 'session.login',
          outcome: 'denied',
          details: { reason: 'rate-limited', ip: req.ip },
        });
        throw rateLimited(reply, admission.retryAfter, 'too many failed logins');
      }
      const user = await deps.users.verify(name, password);
      if (!user) {
        await deps.audit.append({
          actor: name,
          action: 'session.login',
          outcome: 'failed',
          details: { ip: req.ip },
        });
        throw new CardgateError('LOGIN_FAILED', 'wrong name or password', { status: 401 });
      }
      admission.attempt.succeeded();
      const sid = await deps.sessions.create(user.id);
      reply.setCookie(SESSION_COOKIE, sid, { ...cookieOptions, maxAge: deps.sessions.ttlSeconds });
      await deps.audit.append({
        actor: user.name,
        action: 'session.login',
        outcome: 'ok',
        details: { ip: req.ip },
      });
      return answer({ name: user.name, role: user.role, mustChangePassword: user.mustChangePassword });
    },
  );

  app.get(
    '/session',
    {
      config: { access: 'public' },
      schema: {
        tags: ['session'],
        summary: 'Who is logged in: { authenticated: false, user: null } when nobody is',
        response: { 200: SessionProbe },
      },
    },
    async (req): Promise<Static<typeof SessionProbe>> => {
      const p = req.principal;
      if (!p) return { authenticated: false, user: null } as Static<typeof SessionProbe>;
      return {
        authenticated: true,
        user: { name: p.name, role: p.role, mustChangePassword: p.mustChangePassword },
      } as Static<typeof SessionProbe>;
    },
  );

  app.delete(
    '/session',
    {
      config: { access: 'authenticated', allowDuringPasswordChange: true },
      schema: { tags: ['session'], summary: 'Log out', response: { 204: Type.Null() } },
    },
    async (req, reply) => {
      const sid = req.cookies[SESSION_COOKIE];
      if (sid) await deps.sessions.end(sid, 'logout');
      reply.clearCookie(SESSION_COOKIE, cookieOptions);
      await deps.audit.append({ actor: req.principal!.name, action: 'session.logout', outcome: 'ok' });
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/session/password',
    {
      config: { access: 'authenticated', allowDuringPasswordChange: true },
      schema: {
        tags: ['session'],
        summary: 'Change one’s own password (required after the first login with a one-time password)',
        body: Type.Object(
          {
            current: Type.String({ minLength: 1, maxLength: 256 }),
            next: Type.String({ minLength: 1, maxLength: 256 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: SessionReply },
      },
    },
    async (req, reply) => {
      const p = req.principal!;
      const { current, next } = req.body;
      const admission = deps.limiter.admit(p.name, req.ip);
      if (!admission.admitted) {
        throw rateLimited(reply, admission.retryAfter, 'too many wrong passwords');
      }
      const user = await deps.users.verify(p.name, current);
      if (!user) {
        await deps.audit.append({
          actor: p.name,
          action: 'user.password',
          target: p.name,
          outcome: 'failed',
        });
        throw new CardgateError('PASSWORD_WRONG', 'the current password is wrong', { status: 400 });
      }
      admission.attempt.succeeded();
      if (next === current) {
        throw new CardgateError('PASSWORD_UNCHANGED', 'the new password must differ from the current one', {
          status: 400,
        });
      }
      // Revokes the account's API tokens too (UserStore.setPassword).
      await deps.users.setPassword(p.name, next);
      // Other sessions were opened with the old password: end them and every open stream.
      await deps.sessions.endUser(p.userId, 'password-changed', req.cookies[SESSION_COOKIE]);
      await deps.audit.append({ actor: p.name, action: 'user.password', target: p.name, outcome: 'ok' });
      return answer({ name: p.name, role: p.role, mustChangePassword: false });
    },
  );
};

function rateLimited(reply: FastifyReply, retryAfter: number, what: string): CardgateError {
  reply.header('retry-after', String(retryAfter));
  return new CardgateError('LOGIN_RATE_LIMITED', `${what}; try again in ${retryAfter} s`, {
    status: 429,
    details: { retryAfter },
  });
}
