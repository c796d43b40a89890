import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type {} from '@fastify/cookie';
import Type, { type Static } from 'typebox';
import { CardgateError } from '../../core/errors.js';
import type { AuditSink } from '../../core/audit-sink.js';
import type { UserStore } from '../../users/store.js';
import { RoleSchema } from '../../users/store.js';
import { LoginRateLimiter } from '../login-rate-limit.js';
import { SESSION_COOKIE, type SessionStore } from '../sessions.js';

export interface SessionDeps {
  users: UserStore;
  sessions: SessionStore;
  limiter: LoginRateLimiter;
  audit: AuditSink;
  /** Secure cookie flag: true unless the station serves plain HTTP for development. */
  secureCookies: boolean;
}

export const SessionUser = Type.Object({
  name: Type.String(),
  role: RoleSchema,
  mustChangePassword: Type.Boolean(),
});
const SessionReply = Type.Object({ user: SessionUser });
/**
 * What the login page asks on every load: 200 either way, so a browser logs no error for the
 * plain fact that nobody has logged in yet. `user` is null when anonymous (a typed union).
 */
export const SessionProbe = Type.Union([
  Type.Object({ authenticated: Type.Literal(true), user: SessionUser }),
  Type.Object({ authenticated: Type.Literal(false), user: Type.Null() }),
]);

/** Login, logout, who am I, and changing one's own password. */
export const sessionRoutes: FastifyPluginAsyncTypebox<SessionDeps> = async (app, deps) => {
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
      const key = LoginRateLimiter.key(name, req.ip);
      const wait = deps.limiter.retryAfter(key);
      if (wait > 0) {
        await deps.audit.append({
          actor: name,
          action: 'session.login',
          outcome: 'denied',
          details: { reason: 'rate-limited', ip: req.ip },
        });
        reply.header('retry-after', String(wait));
        throw new CardgateError('LOGIN_RATE_LIMITED', `too many failed logins; try again in ${wait} s`, {
          status: 429,
        });
      }
      const user = await deps.users.verify(name, password);
      if (!user) {
        deps.limiter.recordFailure(key);
        await deps.audit.append({
          actor: name,
          action: 'session.login',
          outcome: 'failed',
          details: { ip: req.ip },
        });
        throw new CardgateError('LOGIN_FAILED', 'wrong name or password', { status: 401 });
      }
      deps.limiter.reset(key);
      const sid = deps.sessions.create(user.id);
      reply.setCookie(SESSION_COOKIE, sid, { ...cookieOptions, maxAge: deps.sessions.ttlSeconds });
      await deps.audit.append({
        actor: user.name,
        action: 'session.login',
        outcome: 'ok',
        details: { ip: req.ip },
      });
      return { user: { name: user.name, role: user.role, mustChangePassword: user.mustChangePassword } };
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
      if (!p) return { authenticated: false, user: null };
      return {
        authenticated: true,
        user: { name: p.name, role: p.role, mustChangePassword: p.mustChangePassword },
      };
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
      if (sid) deps.sessions.delete(sid);
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
    async (req) => {
      const p = req.principal!;
      const { current, next } = req.body;
      const key = LoginRateLimiter.key(p.name, req.ip);
      if (deps.limiter.retryAfter(key) > 0) {
        throw new CardgateError('LOGIN_RATE_LIMITED', 'too many failed attempts; try again later', {
          status: 429,
        });
      }
      const user = await deps.users.verify(p.name, current);
      if (!user) {
        deps.limiter.recordFailure(key);
        await deps.audit.append({
          actor: p.name,
          action: 'user.password',
          target: p.name,
          outcome: 'failed',
        });
        throw new CardgateError('PASSWORD_WRONG', 'the current password is wrong', { status: 400 });
      }
      if (next === current) {
        throw new CardgateError('PASSWORD_UNCHANGED', 'the new password must differ from the current one', {
          status: 400,
        });
      }
      await deps.users.setPassword(p.name, next);
      // Other sessions of this account were opened with the old password: end them.
      deps.sessions.deleteUser(p.userId, req.cookies[SESSION_COOKIE]);
      await deps.audit.append({ actor: p.name, action: 'user.password', target: p.name, outcome: 'ok' });
      return { user: { name: p.name, role: p.role, mustChangePassword: false } };
    },
  );
};
