import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildTestApi, login, type TestApi } from './api-app.js';

let t: TestApi | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** Admin logs in with the one-time password and changes it; returns a working cookie. */
async function adminSession(api: TestApi, next = 'a-new-admin-password'): Promise<string> {
  const cookie = await login(api.app, 'admin', api.adminPassword);
  const r = await api.app.inject({
    method: 'POST',
    url: '/api/v1/session/password',
    headers: { cookie },
    payload: { current: api.adminPassword, next },
  });
  expect(r.statusCode).toBe(200);
  return cookie;
}

describe('access declarations', () => {
  it('refuses a route that declares no access: ready() fails and names the route', async () => {
    await expect(
      buildTestApi({}, async (app: FastifyInstance) => {
        await app.register(
          async (p) => {
            p.get('/forgotten', async () => ({ secret: 1 }));
          },
          { prefix: '/api/v1' },
        );
      }),
    ).rejects.toThrow(/GET \/api\/v1\/forgotten declares no config\.access/);
  });

  it('accepts a plugin whose routes all declare access and enforces the roles', async () => {
    t = await buildTestApi({}, async (app) => {
      await app.register(
        async (p) => {
          p.get('/technical', { config: { access: ['technician'] } }, async () => ({ ok: true }));
        },
        { prefix: '/api/v1' },
      );
    });
    const admin = await adminSession(t);
    await t.users.add({ name: 'olga', role: 'operator', password: 'operator-password' });
    await t.users.add({ name: 'tom', role: 'technician', password: 'technician-password' });
    const op = await login(t.app, 'olga', 'operator-password');
    const tech = await login(t.app, 'tom', 'technician-password');
    const get = (cookie?: string) =>
      t!.app.inject({ url: '/api/v1/technical', headers: cookie ? { cookie } : {} });
    expect((await get()).statusCode).toBe(401);
    const forbidden = await get(op);
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json()).toMatchObject({ code: 'FORBIDDEN', status: 403 });
    expect((await get(tech)).statusCode).toBe(200);
    expect((await get(admin)).statusCode).toBe(200);
  });

  it('answers 401 problem+json on every /api/v1 route but health, ready and session', async () => {
    t = await buildTestApi();
    const open = new Set(['/api/v1/health', '/api/v1/ready', '/api/v1/session']);
    const walked: string[] = [];
    for (const route of t.app.routeAccess) {
      if (!route.url.startsWith('/api/v1/')) continue;
      // Logging in and asking who is logged in are open; logging out needs a session.
      if (open.has(route.url) && (route.url !== '/api/v1/session' || route.method !== 'DELETE')) continue;
      const url = route.url.replace(/:[^/]+/g, 'x').replace(/\*/g, 'x');
      const r = await t.app.inject({
        method: route.method as 'GET',
        url,
        payload: route.method === 'GET' || route.method === 'HEAD' ? undefined : {},
      });
      expect(r.statusCode, `${route.method} ${route.url}`).toBe(401);
      if (route.method !== 'HEAD') {
        expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(r.json()).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
      }
      walked.push(`${route.method} ${route.url}`);
    }
    expect(walked).toEqual(
      expect.arrayContaining(['GET /api/v1/devices', 'GET /api/v1/users', 'DELETE /api/v1/session']),
    );
  });

  it('documents the routes in OpenAPI and serves the browsable docs', async () => {
    t = await buildTestApi();
    const doc = (await t.app.inject({ url: '/api/docs/json' })).json() as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/health', '/api/v1/devices/{id}', '/api/v1/session']),
    );
    let url = '/api/docs';
    let ui = await t.app.inject({ url });
    for (let hops = 0; ui.statusCode === 302 && hops < 3; hops++) {
      url = new URL(String(ui.headers.location), `http://localhost${url}`).pathname;
      ui = await t.app.inject({ url });
    }
    expect(ui.statusCode).toBe(200);
    expect(ui.body).toContain('swagger-ui');
  });
});

describe('sessions and first login', () => {
  it('sets an HttpOnly SameSite=Strict cookie (Secure unless plain HTTP)', async () => {
    t = await buildTestApi();
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { name: 'admin', password: t.adminPassword },
    });
    expect(r.statusCode).toBe(200);
    const cookie = String(r.headers['set-cookie']);
    expect(cookie).toMatch(/^cardgate_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toMatch(/Secure/);
    await t.close();
    t = await buildTestApi({ api: { http: false, port: 0 } });
    const s = await t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { name: 'admin', password: t.adminPassword },
    });
    expect(String(s.headers['set-cookie'])).toMatch(/Secure/);
  });

  it('forces the one-time admin password to be changed before anything else', async () => {
    t = await buildTestApi();
    const cookie = await login(t.app, 'admin', t.adminPassword);
    const me = await t.app.inject({ url: '/api/v1/session', headers: { cookie } });
    expect(me.json()).toEqual({
      authenticated: true,
      user: { name: 'admin', role: 'admin', mustChangePassword: true },
    });
    const blocked = await t.app.inject({ url: '/api/v1/devices', headers: { cookie } });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('PASSWORD_CHANGE_REQUIRED');
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/session/password',
      headers: { cookie },
      payload: { current: 'not-it', next: 'a-new-admin-password' },
    });
    expect(wrong.json().code).toBe('PASSWORD_WRONG');
    const short = await t.app.inject({
      method: 'POST',
      url: '/api/v1/session/password',
      headers: { cookie },
      payload: { current: t.adminPassword, next: 'short' },
    });
    expect(short.json().code).toBe('PASSWORD_TOO_SHORT');
    const changed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/session/password',
      headers: { cookie },
      payload: { current: t.adminPassword, next: 'a-new-admin-password' },
    });
    expect(changed.json().user.mustChangePassword).toBe(false);
    expect((await t.app.inject({ url: '/api/v1/devices', headers: { cookie } })).statusCode).toBe(200);
    // The one-time password is gone.
    const old = await t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { name: 'admin', password: t.adminPassword },
    });
    expect(old.statusCode).toBe(401);
  });

  it('logs out: the cookie stops working', async () => {
    t = await buildTestApi();
    const cookie = await adminSession(t);
    expect(
      (await t.app.inject({ method: 'DELETE', url: '/api/v1/session', headers: { cookie } })).statusCode,
    ).toBe(204);
    expect((await t.app.inject({ url: '/api/v1/devices', headers: { cookie } })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/v1/session', headers: { cookie } })).json()).toMatchObject({
      authenticated: false,
    });
  });

  it('expires idle sessions after api.sessionTtlMinutes', async () => {
    t = await buildTestApi({ api: { http: true, port: 0, sessionTtlMinutes: 5 } });
    const cookie = await adminSession(t);
    t.clock.advance(4 * 60_000);
    expect((await t.app.inject({ url: '/api/v1/devices', headers: { cookie } })).statusCode).toBe(200);
    t.clock.advance(5 * 60_000 + 1);
    expect((await t.app.inject({ url: '/api/v1/devices', headers: { cookie } })).statusCode).toBe(401);
  });
});

// Failed logins and their limits: auth-login-limit.test.ts.

describe('API tokens', () => {
  it('authenticate with Authorization: Bearer, are stored hashed and can be revoked', async () => {
    t = await buildTestApi();
    const cookie = await adminSession(t);
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie },
      payload: { name: 'robot', role: 'technician', password: 'robot-password-1' },
    });
    // The new account must change its password, but an admin-made token for automation works only once it has.
    await t.users.setPassword('robot', 'robot-password-2');
    const made = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users/robot/tokens',
      headers: { cookie },
      payload: { label: 'ci' },
    });
    expect(made.statusCode).toBe(201);
    const { id, token } = made.json() as { id: string; token: string };
    const bearer = { authorization: `Bearer ${token}` };
    expect((await t.app.inject({ url: '/api/v1/devices', headers: bearer })).statusCode).toBe(200);
    // Technician: not allowed to manage users.
    expect((await t.app.inject({ url: '/api/v1/users', headers: bearer })).statusCode).toBe(403);
    const file = await import('node:fs/promises').then((fs) => fs.readFile(t!.users.path, 'utf8'));
    expect(file).not.toContain(token);
    expect(file).not.toContain(token.slice(-20));
    const wrong = await t.app.inject({
      url: '/api/v1/devices',
      headers: { authorization: `Bearer ${token}x` },
    });
    expect(wrong.statusCode).toBe(401);
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/v1/users/robot/tokens/${id}`, headers: { cookie } }))
        .statusCode,
    ).toBe(204);
    expect((await t.app.inject({ url: '/api/v1/devices', headers: bearer })).statusCode).toBe(401);
  });
});

describe('devices and errors', () => {
  it('lists the registry and answers problem+json for unknown devices and bad input', async () => {
    t = await buildTestApi();
    const cookie = await adminSession(t);
    t.registry.register({
      id: 'printer-1',
      class: 'printer',
      driver: 'evolis',
      transport: 'tcp',
      emulated: true,
    });
    t.registry.update('printer-1', { state: 'online', seen: true, info: { model: 'Primacy 2' } });
    const list = await t.app.inject({ url: '/api/v1/devices', headers: { cookie } });
    expect(list.json()).toEqual({
      items: [
        expect.objectContaining({
          id: 'printer-1',
          class: 'printer',
          state: 'online',
          emulated: true,
          info: { model: 'Primacy 2' },
        }),
      ],
    });
    const one = await t.app.inject({ url: '/api/v1/devices/printer-1', headers: { cookie } });
    expect(one.json().driver).toBe('evolis');
    const missing = await t.app.inject({ url: '/api/v1/devices/nope', headers: { cookie } });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({
      type: 'urn:cardgate:problem:device-not-found',
      title: 'Not Found',
      status: 404,
      detail: 'no device nope',
      code: 'DEVICE_NOT_FOUND',
    });
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie },
      payload: { name: 'X Y', role: 'boss' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('VALIDATION');
  });

  it('reports readiness from the callback: 503 until ready', async () => {
    let ready = false;
    t = await buildTestApi({}, async () => {}, {
      readiness: () => ({ ready, checks: { storage: true, printer: ready }, parts: [] }),
    });
    const before = await t.app.inject({ url: '/api/v1/ready' });
    expect(before.statusCode).toBe(503);
    expect(before.json()).toEqual({ ready: false, checks: { storage: true, printer: false }, parts: [] });
    ready = true;
    expect((await t.app.inject({ url: '/api/v1/ready' })).statusCode).toBe(200);
  });
});
