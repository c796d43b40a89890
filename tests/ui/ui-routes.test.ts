import Fastify, { type FastifyInstance } from 'fastify';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uiRoutes } from '../../gateway/api/routes/ui.js';

async function serve(distDir: string, locale: 'ro' | 'en' = 'ro') {
  const app = Fastify({ logger: false });
  const access: Record<string, unknown> = {};
  app.addHook('onRoute', (r) => {
    access[`${String(r.method)} ${r.url}`] = (r.config as { access?: unknown } | undefined)?.access;
  });
  await app.register(uiRoutes, { distDir, locale });
  // An API route next to the pages, as in the station, to show the fallback leaves /api alone.
  app.get('/api/v1/health', { config: { access: 'public' } }, async () => ({ status: 'ok' }));
  await app.ready();
  return { app, access };
}

describe('ui routes (serving appliance-ui/dist)', () => {
  let dist: string;
  let app: FastifyInstance;
  let access: Record<string, unknown>;

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'cardgate-ui-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(
      join(dist, 'index.html'),
      '<!doctype html>\n<html lang="ro"><head><script type="module" src="/assets/index-abc.js"></script></head><body><div id="app"></div></body></html>',
    );
    writeFileSync(join(dist, 'assets', 'index-abc.js'), 'console.log("page")');
    ({ app, access } = await serve(dist, 'en'));
  });
  afterAll(async () => {
    await app.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('answers / with the page in the station language, not cached, with a strict CSP', async () => {
    const r = await app.inject({ method: 'GET', url: '/' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/text\/html/);
    expect(r.body).toContain('<html lang="en"');
    expect(r.headers['cache-control']).toBe('no-cache');
    expect(String(r.headers['content-security-policy'])).toContain("script-src 'self'");
    expect(String(r.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
  });

  it('answers index.html for page paths (History API routing)', async () => {
    for (const path of ['/issue', '/diagnostics', '/admin', '/login']) {
      const r = await app.inject({ method: 'GET', url: path });
      expect(r.statusCode, path).toBe(200);
      expect(r.body, path).toContain('<div id="app">');
    }
  });

  it('serves hashed assets with a long immutable cache and 404s a missing one', async () => {
    const r = await app.inject({ method: 'GET', url: '/assets/index-abc.js' });
    expect(r.statusCode).toBe(200);
    expect(r.body).toBe('console.log("page")');
    expect(r.headers['cache-control']).toMatch(/immutable/);
    const missing = await app.inject({ method: 'GET', url: '/assets/index-gone.js' });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).not.toContain('<div id="app">');
  });

  it('leaves /api paths to the API: real routes answer, unknown ones 404 without the page', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/health' })).json()).toEqual({ status: 'ok' });
    const r = await app.inject({ method: 'GET', url: '/api/v1/no-such-route' });
    expect(r.statusCode).toBe(404);
    expect(r.body).not.toContain('<div id="app">');
  });

  it('never serves files outside dist', async () => {
    for (const url of ['/../package.json', '/assets/..%2f..%2fpackage.json', '/%2e%2e/%2e%2e/package.json']) {
      const r = await app.inject({ method: 'GET', url });
      expect(r.body, url).not.toContain('"name": "cardgate"');
    }
  });

  it('declares public access on every route it adds', () => {
    const ui = Object.entries(access).filter(([k]) => !k.includes('/api/'));
    expect(ui.length).toBeGreaterThan(0);
    for (const [route, a] of ui) expect(a, route).toBe('public');
  });

  it('answers 503 saying to run npm run build:ui when the pages are not built', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'cardgate-ui-empty-'));
    const s = await serve(join(empty, 'dist'));
    try {
      for (const url of ['/', '/issue']) {
        const r = await s.app.inject({ method: 'GET', url });
        expect(r.statusCode, url).toBe(503);
        expect(r.body).toContain('npm run build:ui');
      }
      expect((await s.app.inject({ method: 'GET', url: '/api/v1/health' })).statusCode).toBe(200);
    } finally {
      await s.app.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('defaultUiDistDir', () => {
  it('finds appliance-ui/dist at the project root from the sources', async () => {
    const { defaultUiDistDir } = await import('../../gateway/api/routes/ui.js');
    const { projectRoot } = await import('../helpers/processes.js');
    expect(defaultUiDistDir()).toBe(join(projectRoot, 'appliance-ui', 'dist'));
  });
});
