import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { AuditSink } from '../../core/audit-sink.js';
import { RoleSchema, UserName, type UserStore } from '../../users/store.js';
import type { SessionStore } from '../sessions.js';

export interface UsersDeps {
  users: UserStore;
  sessions: SessionStore;
  audit: AuditSink;
}

const UserView = Type.Object({
  name: Type.String(),
  role: RoleSchema,
  mustChangePassword: Type.Boolean(),
  createdAt: Type.String(),
  tokens: Type.Array(Type.Object({ id: Type.String(), label: Type.String(), createdAt: Type.String() })),
});
export const UserList = Type.Object({ items: Type.Array(UserView) });
const NameParams = Type.Object({ name: UserName });
const admin = ['admin'] as const;

/** Account administration (admin only): every change is audited. */
export const userRoutes: FastifyPluginAsyncTypebox<UsersDeps> = async (app, deps) => {
  app.get(
    '/users',
    {
      config: { access: admin },
      schema: { tags: ['users'], summary: 'List accounts', response: { 200: UserList } },
    },
    async () => ({ items: deps.users.list() }),
  );

  app.post(
    '/users',
    {
      config: { access: admin },
      schema: {
        tags: ['users'],
        summary: 'Create an account; the person must change the password at first login',
        body: Type.Object(
          { name: UserName, role: RoleSchema, password: Type.String({ minLength: 1, maxLength: 256 }) },
          { additionalProperties: false },
        ),
        response: { 201: UserView },
      },
    },
    async (req, reply) => {
      const view = await deps.users.add({ ...req.body, mustChangePassword: true });
      await deps.audit.append({
        actor: req.principal!.name,
        action: 'user.add',
        target: view.name,
        outcome: 'ok',
        details: { role: view.role },
      });
      return reply.code(201).send(view);
    },
  );

  app.delete(
    '/users/:name',
    {
      config: { access: admin },
      schema: {
        tags: ['users'],
        summary: 'Remove an account',
        params: NameParams,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      const user = deps.users.get(req.params.name);
      await deps.users.remove(req.params.name);
      if (user) deps.sessions.endUser(user.id, 'user-removed');
      await deps.audit.append({
        actor: req.principal!.name,
        action: 'user.remove',
        target: req.params.name,
        outcome: 'ok',
      });
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/users/:name/password',
    {
      config: { access: admin },
      schema: {
        tags: ['users'],
        summary: 'Reset a password; the person must change it at next login',
        params: NameParams,
        body: Type.Object(
          { password: Type.String({ minLength: 1, maxLength: 256 }) },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      // Revokes the account's API tokens too (UserStore.setPassword).
      await deps.users.setPassword(req.params.name, req.body.password, { mustChange: true });
      const user = deps.users.get(req.params.name);
      if (user) deps.sessions.endUser(user.id, 'password-reset');
      await deps.audit.append({
        actor: req.principal!.name,
        action: 'user.passwd',
        target: req.params.name,
        outcome: 'ok',
      });
      return reply.code(204).send(null);
    },
  );

  app.put(
    '/users/:name/role',
    {
      config: { access: admin },
      schema: {
        tags: ['users'],
        summary: "Change an account's role; its sessions, event streams and API tokens end",
        params: NameParams,
        body: Type.Object({ role: RoleSchema }, { additionalProperties: false }),
        response: { 200: UserView },
      },
    },
    async (req) => {
      const before = deps.users.get(req.params.name)?.role;
      const view = await deps.users.setRole(req.params.name, req.body.role);
      const user = deps.users.get(req.params.name);
      if (user && before !== view.role) deps.sessions.endUser(user.id, 'role-changed');
      await deps.audit.append({
        actor: req.principal!.name,
        action: 'user.role',
        target: view.name,
        outcome: 'ok',
        details: { from: before ?? null, to: view.role },
      });
      return view;
    },
  );

  app.post(
    '/users/:name/tokens',
    {
      config: { access: admin },
      schema: {
        tags: ['users'],
        summary: 'Create an API token for automation (shown once; send as `Authorization: Bearer <token>`)',
        params: NameParams,
        body: Type.Optional(
          Type.Object(
            { label: Type.String({ maxLength: 80, default: '' }) },
            { additionalProperties: false },
          ),
        ),
        response: { 201: Type.Object({ id: Type.String(), token: Type.String() }) },
      },
    },
    async (req, reply) => {
      const created = await deps.users.createToken(req.params.name, req.body?.label ?? '');
      await deps.audit.append({
        actor: req.principal!.name,
        action: 'user.token.create',
        target: req.params.name,
        outcome: 'ok',
        details: { tokenId: created.id },
      });
      return reply.code(201).send(created);
    },
  );

  app.delete(
    '/users/:name/tokens/:id',
    {
      config: { access: admin },
      schema: {
        tags: ['users'],
        summary: 'Revoke an API token',
        params: Type.Object({ name: UserName, id: Type.String({ pattern: '^[0-9a-f]{12}$' }) }),
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      await deps.users.revokeToken(req.params.name, req.params.id);
      await deps.audit.append({
        actor: req.principal!.name,
        action: 'user.token.revoke',
        target: req.params.name,
        outcome: 'ok',
        details: { tokenId: req.params.id },
      });
      return reply.code(204).send(null);
    },
  );
};
