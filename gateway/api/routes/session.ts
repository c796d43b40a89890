import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type {} from '@fastify/cookie';
import Type, { type Static } from 'typebox';
import { CardgateError } from '../../core/errors.js';
import type { AuditSink } from '../../core/audit-sink.js';
import type { UserStore } from '../../users/store.js';
import { RoleSchema } from '../../users/store.js';
import type { LoginRateLimiter } from '../login-rate-limit.js';
import type { FastifyReply } from 'fastify';
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
      if (sid) deps.sessions.end(sid, 'logout');
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
      deps.sessions.endUser(p.userId, 'password-changed', req.cookies[SESSION_COOKIE]);
      await deps.audit.append({ actor: p.name, action: 'user.password', target: p.name, outcome: 'ok' });
      return { user: { name: p.name, role: p.role, mustChangePassword: false } };
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
