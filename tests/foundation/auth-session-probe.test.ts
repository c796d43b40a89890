import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApi, login, type TestApi } from './api-app.js';

let t: TestApi | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('GET /api/v1/session (the login page probes it on every load)', () => {
  it('answers 200 { authenticated: false } to nobody, so the browser logs no error', async () => {
    t = await buildTestApi();
    const anonymous = await t.app.inject({ url: '/api/v1/session' });
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.json()).toEqual({ authenticated: false, user: null });
    // An unknown or ended session is the same as none.
    const stale = await t.app.inject({
      url: '/api/v1/session',
      headers: { cookie: 'cardgate_session=gone' },
    });
    expect(stale.statusCode).toBe(200);
    expect(stale.json()).toEqual({ authenticated: false, user: null });
  });

  it('names the user once logged in, and forgets them after logout', async () => {
    t = await buildTestApi();
    const cookie = await login(t.app, 'admin', t.adminPassword);
    const me = await t.app.inject({ url: '/api/v1/session', headers: { cookie } });
    expect(me.json()).toEqual({
      authenticated: true,
      user: { name: 'admin', role: 'admin', mustChangePassword: true },
    });
    await t.app.inject({ method: 'DELETE', url: '/api/v1/session', headers: { cookie } });
    expect((await t.app.inject({ url: '/api/v1/session', headers: { cookie } })).json()).toEqual({
      authenticated: false,
      user: null,
    });
  });

  it('is described by its schema in OpenAPI (both shapes)', async () => {
    t = await buildTestApi();
    const doc = (await t.app.inject({ url: '/api/docs/json' })).json() as {
      paths: Record<
        string,
        { get: { responses: Record<string, { content: Record<string, { schema: unknown }> }> } }
      >;
    };
    const schema = JSON.stringify(doc.paths['/api/v1/session']!.get.responses['200']!.content);
    expect(schema).toContain('authenticated');
  });
});
