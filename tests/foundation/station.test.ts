import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { validateConfig } from '../../gateway/config/load.js';
import { loggerOptions } from '../../gateway/log/logger.js';
import { Station, type StationComponent } from '../../gateway/station.js';
import { stationOptions } from '../../gateway/composition.js';

const dirs: string[] = [];
const stations: Pick<Station, 'stop'>[] = [];
afterEach(async () => {
  await Promise.all(stations.splice(0).map((s) => s.stop()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function quietLogger() {
  return pino(
    loggerOptions({ level: 'warn' }),
    new Writable({
      write(_c, _e, cb) {
        cb();
      },
    }),
  );
}

function newStation(dataDir: string, api: Record<string, unknown>, components?: StationComponent[]) {
  const config = validateConfig({
    dataDir,
    api: { host: '127.0.0.1', port: 0, ...api },
    mqtt: { embeddedPort: 0 },
  });
  const lines: string[] = [];
  const station = new Station({
    config,
    ...(components ? { components } : stationOptions()),
    logger: quietLogger(),
    print: (l) => lines.push(l),
  });
  stations.push(station);
  return { station, lines };
}

const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'cardgate-station-'));
  dirs.push(d);
  return d;
};

describe('Station', () => {
  it('starts the composed station, prints one listening line, and guards every /api/v1 route', async () => {
    const dataDir = tmp();
    const { station, lines } = newStation(dataDir, { http: true });
    const { url } = await station.start();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(lines.filter((l) => l.startsWith('cardgate: listening on '))).toEqual([
      `cardgate: listening on ${url}`,
    ]);
    expect(lines.filter((l) => l.startsWith('cardgate: first start: admin password is '))).toHaveLength(1);
    const health = await fetch(`${url}/api/v1/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });

    // The whole station's route table, whatever components the integrator composed in.
    const api = station.api!;
    // The kiosk pages' routes are public by design (issue 18): the information point, the queue
    // display and tickets, and the applicant screen (which answers 401 itself until paired).
    const kiosk = (m: string, u: string) =>
      (u.startsWith('/api/v1/info/') && !u.startsWith('/api/v1/info/admin/')) ||
      (u === '/api/v1/queue/tickets' && m === 'POST') ||
      u === '/api/v1/queue/display' ||
      u === '/api/v1/applicant/screen/pair';
    const open = (m: string, u: string) =>
      u === '/api/v1/health' ||
      u === '/api/v1/ready' ||
      (u === '/api/v1/session' && m !== 'DELETE') ||
      // The verify page's signer and CSCA certificates are public by nature (issue 15).
      u === '/api/v1/verify/trust' ||
      kiosk(m, u);
    let checked = 0;
    for (const route of api.routeAccess) {
      expect(route.access, `${route.method} ${route.url}`).toBeDefined();
      if (!route.url.startsWith('/api/v1/') || open(route.method, route.url)) continue;
      const path = route.url.replace(/:[^/]+/g, 'x').replace(/\*/g, 'x');
      const r = await fetch(`${url}${path}`, {
        method: route.method,
        ...(['GET', 'HEAD'].includes(route.method)
          ? {}
          : { body: '{}', headers: { 'content-type': 'application/json' } }),
      });
      expect(r.status, `${route.method} ${route.url}`).toBe(401);
      checked++;
    }
    expect(checked).toBeGreaterThan(5);

    // Route schemas compile on first use; every one of them must still compile.
    const compiled = api.compileSchemas();
    expect(compiled).toBeGreaterThan(checked);
    expect(api.compileSchemas()).toBe(0);
  });

  it('prints the first-start password once only and keeps accounts across restarts', async () => {
    const dataDir = tmp();
    const first = newStation(dataDir, { http: true }, []);
    await first.station.start();
    await first.station.stop();
    const password = /admin password is (\S+)/.exec(first.lines.join('\n'))![1]!;
    const second = newStation(dataDir, { http: true }, []);
    const { url } = await second.station.start();
    expect(second.lines.join('\n')).not.toContain('admin password');
    const r = await fetch(`${url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'admin', password }),
    });
    expect(r.status).toBe(200);
    expect(statSync(join(dataDir, 'users.json')).mode & 0o777).toBe(0o600);
  });

  it('runs components in order, reports their readiness, stops them in reverse and announces the lifecycle', async () => {
    const dataDir = tmp();
    const events: string[] = [];
    let printerReady = false;
    const component = (name: string, ready: () => boolean): StationComponent => ({
      name,
      start: (ctx) => {
        events.push(`start ${name}`);
        ctx.registry.register({ id: `${name}-1`, class: 'printer', driver: 'x', transport: 'tcp' });
        ctx.registry.update(`${name}-1`, { state: 'online' });
      },
      stop: () => void events.push(`stop ${name}`),
      ready,
    });
    const { station } = newStation(dataDir, { http: true }, [
      component('printer', () => printerReady),
      component('encoder', () => true),
    ]);
    station.bus.on('station:lifecycle', ({ phase }) => events.push(phase));
    station.bus.on('device:changed', ({ id, state }) => {
      if (state.state === 'offline' && events.includes('stopping')) events.push(`offline ${id}`);
    });
    const { url } = await station.start();
    const notReady = await fetch(`${url}/api/v1/ready`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toEqual({
      ready: false,
      checks: { storage: true, printer: false, encoder: true },
      parts: [
        { name: 'storage', kind: 'storage', state: 'up', emulated: false, reason: null },
        { name: 'printer', kind: 'component', state: 'down', emulated: false, reason: 'not ready yet' },
        { name: 'encoder', kind: 'component', state: 'up', emulated: false, reason: null },
        { name: 'printer-1', kind: 'device', state: 'up', emulated: false, reason: null },
        { name: 'encoder-1', kind: 'device', state: 'up', emulated: false, reason: null },
      ],
    });
    printerReady = true;
    expect((await fetch(`${url}/api/v1/ready`)).status).toBe(200);
    await station.stop();
    expect(events).toEqual([
      'starting',
      'start printer',
      'start encoder',
      'ready',
      'stopping',
      'offline printer-1',
      'offline encoder-1',
      'stop encoder',
      'stop printer',
      'stopped',
    ]);
  });

  it('serves HTTPS by default with a certificate it generates in the data directory', async () => {
    const dataDir = tmp();
    const { station } = newStation(dataDir, { http: false }, []);
    const { url } = await station.start();
    expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const ca = readFileSync(join(dataDir, 'tls', 'cert.pem'), 'utf8');
    expect(statSync(join(dataDir, 'tls', 'key.pem')).mode & 0o777).toBe(0o600);
    // Verified against the generated certificate: its SAN must cover 127.0.0.1.
    const body = await new Promise<string>((resolve, reject) => {
      const req = request(`${url}/api/v1/health`, { ca }, (res) => {
        let b = '';
        res.on('data', (d: Buffer) => (b += d.toString()));
        res.on('end', () => resolve(b));
      });
      req.on('error', reject);
      req.end();
    });
    expect(JSON.parse(body)).toEqual({ status: 'ok' });
    const login = await new Promise<string>((resolve, reject) => {
      const req = request(
        `${url}/api/v1/session`,
        { ca, method: 'POST', headers: { 'content-type': 'application/json' } },
        (res) => {
          resolve(String(res.headers['set-cookie'] ?? ''));
          res.resume();
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify({ name: 'admin', password: 'wrong-password' }));
    });
    expect(login).toBe('');
  });
});
