import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { LoginRateLimiter } from '../../api/login-rate-limit.js';
import { sessionRoutes } from '../../api/routes/session.js';
import { UserName } from '../../users/store.js';
import type { HqContext } from '../context.js';
import type { HqPlugin } from '../plugins.js';
import { HQ_ACCESS, HqPermissionSchema, HqRoleSchema } from './roles.js';

const AccountView = Type.Object({
  name: Type.String(),
  role: HqRoleSchema,
  permissions: Type.Array(HqPermissionSchema),
  mustChangePassword: Type.Boolean(),
  createdAt: Type.String(),
  tokens: Type.Array(Type.Object({ id: Type.String(), label: Type.String(), createdAt: Type.String() })),
});
const NameParams = Type.Object({ name: UserName });
const Password = Type.String({ minLength: 1, maxLength: 256 });
const admin = HQ_ACCESS.admin;

/** Account administration at HQ (admin only); every change is audited. */
const accountRoutes: FastifyPluginAsyncTypebox<HqContext> = async (app, ctx) => {
  const { accounts, sessions, audit } = ctx;
  const actor = (req: { principal: { name: string } | null }) => req.principal!.name;

  app.get(
    '/accounts',
    {
      config: { access: admin },
      schema: {
        tags: ['accounts'],
        summary: 'List accounts',
        response: { 200: Type.Object({ items: Type.Array(AccountView) }) },
      },
    },
    async () => ({ items: await accounts.list() }),
  );

  app.post(
    '/accounts',
    {
      config: { access: admin },
      schema: {
        tags: ['accounts'],
        summary: 'Create an account; the person must change the password at first login',
        body: Type.Object(
          {
            name: UserName,
            role: HqRoleSchema,
            permissions: Type.Optional(Type.Array(HqPermissionSchema, { uniqueItems: true })),
            password: Password,
          },
          { additionalProperties: false },
        ),
        response: { 201: AccountView },
      },
    },
    async (req, reply) => {
      const view = await accounts.add({ ...req.body, mustChangePassword: true });
      await audit.append({
        actor: actor(req),
        action: 'account.add',
        target: view.name,
        outcome: 'ok',
        details: { role: view.role, permissions: view.permissions.join(',') },
      });
      return reply.code(201).send(view);
    },
  );

  app.patch(
    '/accounts/:name',
    {
      config: { access: admin },
      schema: {
        tags: ['accounts'],
        summary: "Change an account's role and permissions (its API tokens are revoked on a new role)",
        params: NameParams,
        body: Type.Object(
          {
            role: HqRoleSchema,
            permissions: Type.Optional(Type.Array(HqPermissionSchema, { uniqueItems: true })),
          },
          { additionalProperties: false },
        ),
        response: { 200: AccountView },
      },
    },
    async (req) => {
      const before = await accounts.get(req.params.name);
      const view = await accounts.setRole(req.params.name, req.body.role, req.body.permissions);
      if (before && before.role !== view.role) await sessions.endUser(before.id, 'role-changed');
      await audit.append({
        actor: actor(req),
        action: 'account.role',
        target: view.name,
        outcome: 'ok',
        details: { from: before?.role ?? null, to: view.role, permissions: view.permissions.join(',') },
      });
      return view;
    },
  );

  app.post(
    '/accounts/:name/password',
    {
      config: { access: admin },
      schema: {
        tags: ['accounts'],
        summary: 'Reset a password (one-time: changed at next login); ends the sessions, revokes tokens',
        params: NameParams,
        body: Type.Object({ password: Password }, { additionalProperties: false }),
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      await accounts.setPassword(req.params.name, req.body.password, { mustChange: true });
      const account = await accounts.get(req.params.name);
      if (account) await sessions.endUser(account.id, 'password-reset');
      await audit.append({
        actor: actor(req),
        action: 'account.password',
        target: req.params.name,
        outcome: 'ok',
      });
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/accounts/:name',
    {
      config: { access: admin },
      schema: {
        tags: ['accounts'],
        summary: 'Remove an account',
        params: NameParams,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      const account = await accounts.get(req.params.name);
      await accounts.remove(req.params.name);
      if (account) await sessions.endUser(account.id, 'user-removed');
      await audit.append({
        actor: actor(req),
        action: 'account.remove',
        target: req.params.name,
        outcome: 'ok',
      });
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/accounts/:name/tokens',
    {
      config: { access: admin },
      schema: {
        tags: ['accounts'],
        summary: 'A new API token for automation (shown once)',
        params: NameParams,
        body: Type.Object(
          { label: Type.String({ minLength: 1, maxLength: 64 }) },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ id: Type.String(), token: Type.String() }) },
      },
    },
    async (req, reply) => {
      const made = await accounts.createToken(req.params.name, req.body.label);
      await audit.append({
        actor: actor(req),
        action: 'account.token.create',
        target: req.params.name,
        outcome: 'ok',
        details: { tokenId: made.id },
      });
      return reply.code(201).send(made);
    },
  );

  app.delete(
    '/accounts/:name/tokens/:id',
    {
      config: { access: admin },
      schema: {
        tags: ['accounts'],
        summary: 'Revoke an API token',
        params: Type.Object({ name: UserName, id: Type.String({ pattern: '^[0-9a-f]{12}$' }) }),
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      await accounts.revokeToken(req.params.name, req.params.id);
      await audit.append({
        actor: actor(req),
        action: 'account.token.revoke',
        target: req.params.name,
        outcome: 'ok',
        details: { tokenId: req.params.id },
      });
      return reply.code(204).send(null);
    },
  );
};

/** Login (the station's session routes over HQ's accounts) and account administration. */
export const accountsPlugin: HqPlugin = {
  name: 'accounts',
  plugin: async (app, ctx) => {
    const limiter = new LoginRateLimiter({ ...ctx.config.loginRateLimit, clock: ctx.clock });
    await app.register(
      async (api) => {
        await api.register(sessionRoutes, {
          users: ctx.accounts,
          sessions: ctx.sessions,
          limiter,
          audit: ctx.audit,
          secureCookies: !ctx.config.http,
          roleSchema: HqRoleSchema,
        });
        await api.register(accountRoutes, ctx);
      },
      { prefix: ctx.apiPrefix },
    );
  },
};
