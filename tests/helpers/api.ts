import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import { allows, type Principal, type Role } from '../../gateway/api/access.js';
import { typedProblem } from '../../gateway/api/problem.js';

/**
 * A Fastify instance for testing one API plugin with inject(): the caller's role comes from the
 * `x-test-role` header and access is enforced from each route's `config.access`, as the real
 * auth plugin does. (Full-stack tests go through the real session and token auth instead.)
 */
export async function buildPluginTestApp<O extends Record<string, unknown>>(
  plugin: FastifyPluginAsync<O>,
  opts: O,
): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (req) => {
    const role = req.headers['x-test-role'] as Role | undefined;
    req.principal = role
      ? ({
          userId: `u-${role}`,
          name: `test-${role}`,
          role,
          via: 'session',
          mustChangePassword: false,
        } satisfies Principal)
      : null;
  });
  app.addHook('preHandler', async (req, reply) => {
    const access = req.routeOptions.config.access;
    if (access === undefined) return reply.code(500).send({ code: 'ACCESS_UNDECLARED' });
    if (!allows(access, req.principal)) {
      return reply
        .code(req.principal ? 403 : 401)
        .send({ code: req.principal ? 'FORBIDDEN' : 'UNAUTHENTICATED' });
    }
  });
  app.setErrorHandler((error, _req, reply) => {
    // Typed errors go through the station's own catalogue mapping, as in production.
    const typed = typedProblem(error);
    if (typed) return reply.code(typed.status).send(typed);
    const e = error as { statusCode?: number; code?: string; message: string };
    return reply.code(e.statusCode ?? 500).send({ code: e.code ?? 'INTERNAL', detail: e.message });
  });
  await app.register(plugin, { prefix: '/api/v1', ...opts });
  await app.ready();
  return app;
}
