import { request } from 'node:https';
import { afterEach, describe, expect, it } from 'vitest';
import Type from 'typebox';
import { DayQuery } from '../../gateway/api/calendar-date.js';
import { buildTestApi, login, type TestApi } from './api-app.js';
import { generateSelfSigned } from '../../gateway/tls/self-signed.js';

let t: TestApi | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** A test route with a typed body and query, as the station's routes declare them. */
async function withProbeRoutes(api: Parameters<typeof buildTestApi>[0] = {}): Promise<TestApi> {
  return buildTestApi(api, async (app) => {
    await app.register(
      async (p) => {
        p.post(
          '/probe/count',
          {
            config: { access: 'authenticated' },
            schema: {
              body: Type.Object({ count: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
              querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1 })) }),
            },
          },
          async (req) => ({ body: req.body, query: req.query }),
        );
        p.get(
          '/probe/day',
          { config: { access: 'authenticated' }, schema: { querystring: Type.Object({ date: DayQuery }) } },
          async (req) => req.query,
        );
      },
      { prefix: '/api/v1' },
    );
  });
}

async function adminCookie(api: TestApi): Promise<string> {
  const cookie = await login(api.app, 'admin', api.adminPassword);
  await api.app.inject({
    method: 'POST',
    url: '/api/v1/session/password',
    headers: { cookie },
    payload: { current: api.adminPassword, next: 'a-new-admin-passphrase' },
  });
  return cookie;
}

describe('Origin check on state-changing requests', () => {
  it('refuses a foreign Origin with 403 ORIGIN_FORBIDDEN before anything changes', async () => {
    t = await withProbeRoutes();
    const cookie = await adminCookie(t);
    for (const method of ['POST', 'PUT', 'DELETE'] as const) {
      const r = await t.app.inject({
        method,
        url: '/api/v1/users',
        headers: { cookie, origin: 'https://evil.example', host: 'station.local:8443' },
        payload: { name: 'mallory', role: 'admin', password: 'a-long-passphrase-9' },
      });
      expect(r.statusCode, method).toBe(403);
      expect(r.json()).toMatchObject({ code: 'ORIGIN_FORBIDDEN', status: 403 });
    }
    expect(t.users.get('mallory')).toBeUndefined();
    // Origin "null" (sandboxed frames, file: pages) is foreign too.
    const nul = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/session',
      headers: { cookie, origin: 'null' },
    });
    expect(nul.statusCode).toBe(403);
  });

  it('uses the Referer when a browser sends no Origin, and lets the station’s own pages through', async () => {
    t = await withProbeRoutes();
    const cookie = await adminCookie(t);
    const host = 'station.local:8443';
    const foreign = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie, host, referer: 'http://evil.example/page' },
      payload: { name: 'mallory', role: 'admin', password: 'a-long-passphrase-9' },
    });
    expect(foreign.json().code).toBe('ORIGIN_FORBIDDEN');
    const same = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie, host, origin: `http://${host}`, referer: `http://${host}/admin` },
      payload: { name: 'olga', role: 'operator', password: 'a-long-passphrase-9' },
    });
    expect(same.statusCode).toBe(201);
    const byReferer = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/users/olga',
      headers: { cookie, host, referer: `http://${host}/admin` },
    });
    expect(byReferer.statusCode).toBe(204);
    // A GET is never refused for its Origin (reading is what the browser's CORS rules guard).
    const read = await t.app.inject({
      url: '/api/v1/users',
      headers: { cookie, origin: 'https://evil.example' },
    });
    expect(read.statusCode).toBe(200);
  });

  it('lets a command-line client with a bearer token through (no Origin, no Referer)', async () => {
    t = await withProbeRoutes();
    const cookie = await adminCookie(t);
    await t.users.add({ name: 'robot', role: 'technician', password: 'a-long-passphrase-9' });
    const made = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users/robot/tokens',
      headers: { cookie },
      payload: { label: 'ci' },
    });
    const token = (made.json() as { token: string }).token;
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/probe/count',
      headers: { authorization: `Bearer ${token}` },
      payload: { count: 2 },
    });
    expect(r.statusCode).toBe(200);
  });

  it('accepts origins named in api.allowedOrigins (a reverse proxy in front)', async () => {
    t = await withProbeRoutes({
      api: { http: true, port: 0, allowedOrigins: ['https://cardgate.example.org'] },
    });
    const cookie = await adminCookie(t);
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/probe/count',
      headers: { cookie, origin: 'https://cardgate.example.org' },
      payload: { count: 2 },
    });
    expect(r.statusCode).toBe(200);
  });
});

describe('request bodies', () => {
  it('refuses text/plain and other non-JSON bodies with 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    t = await withProbeRoutes();
    const cookie = await adminCookie(t);
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: { cookie, 'content-type': type },
        payload: '{"name":"mallory","role":"admin","password":"a-long-passphrase-9"}',
      });
      expect(r.statusCode, type).toBe(415);
      expect(r.json().code).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
    expect(t.users.get('mallory')).toBeUndefined();
  });

  it('are validated without type coercion; query strings still coerce declared numbers', async () => {
    t = await withProbeRoutes();
    const cookie = await adminCookie(t);
    const post = (payload: unknown, url = '/api/v1/probe/count') =>
      t!.app.inject({ method: 'POST', url, headers: { cookie }, payload: payload as object });
    for (const count of ['5', true, 5.5, null, [5]]) {
      const r = await post({ count });
      expect(r.statusCode, JSON.stringify(count)).toBe(400);
      expect(r.json().code).toBe('VALIDATION');
    }
    const ok = await post({ count: 5 }, '/api/v1/probe/count?limit=7');
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ body: { count: 5 }, query: { limit: 7 } });
    expect((await post({ count: 5 }, '/api/v1/probe/count?limit=seven')).statusCode).toBe(400);
  });
});

describe('dates in queries', () => {
  it('CalendarDate refuses days that do not exist (2026-13-45, 2026-02-30) and takes real ones', async () => {
    t = await withProbeRoutes();
    const cookie = await adminCookie(t);
    const day = (d: string) => t!.app.inject({ url: `/api/v1/probe/day?date=${d}`, headers: { cookie } });
    for (const bad of [
      '2026-13-45',
      '2026-02-30',
      '2025-02-29',
      '2026-04-31',
      '2026-00-10',
      '2026-1-1',
      'yesterday',
    ]) {
      const r = await day(bad);
      expect(r.statusCode, bad).toBe(400);
      expect(r.json().code).toBe('VALIDATION');
    }
    for (const good of ['2024-02-29', '2026-12-31', '2026-01-01', 'today']) {
      expect((await day(good)).json(), good).toEqual({ date: good });
    }
  });
});

describe('HSTS', () => {
  it('is sent on HTTPS answers, not on plain HTTP', async () => {
    t = await buildTestApi();
    expect(
      (await t.app.inject({ url: '/api/v1/health' })).headers['strict-transport-security'],
    ).toBeUndefined();
    await t.close();
    const tls = await generateSelfSigned([], 2);
    t = await buildTestApi({ api: { http: false, port: 0 } }, async () => {}, {
      https: { cert: tls.cert, key: tls.key },
    });
    const url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const header = await new Promise<string | undefined>((resolve, reject) => {
      const req = request(`${url}/api/v1/health`, { ca: tls.cert }, (res) => {
        res.resume();
        resolve(res.headers['strict-transport-security']);
      });
      req.on('error', reject);
      req.end();
    });
    expect(header).toMatch(/^max-age=\d{7,}/);
  });
});
