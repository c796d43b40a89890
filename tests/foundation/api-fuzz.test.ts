import { rmSync } from 'node:fs';
import { Writable } from 'node:stream';
import pino from 'pino';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../gateway/config/load.js';
import { loggerOptions } from '../../gateway/log/logger.js';
import type { AuditLog } from '../../gateway/audit/audit-log.js';
import { Station } from '../../gateway/station.js';
import { stationOptions } from '../../gateway/composition.js';
import { UserStore } from '../../gateway/users/store.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import type { Static } from 'typebox';
import type { AuditPage } from '../../gateway/api/routes/audit.js';
import type { DeviceList } from '../../gateway/api/routes/devices.js';

/**
 * A bounded fuzz run over every route of the whole station (the composition `cardgate start`
 * runs, with its emulators), under each identity, with a fixed corpus of the bodies and headers
 * an attacker on the appliance would try: wrong types, huge strings, Unicode control and format
 * characters, wrong content types, a foreign Origin, missing and extra fields, prototype keys,
 * deep nesting, broken JSON, odd query strings and path parameters. It checks: no 500, no
 * hang, the process still answers, and a refused request changes nothing (users, stock, the
 * station's numbers and lock, the jobs) and adds only non-"ok" audit entries. The corpus is
 * fixed (about 3,000 requests), so the run is bounded by construction; it prints its counts.
 */

const PASSWORD = 'fuzz-long-passphrase-1';
const IDENTITIES = ['anonymous', 'operator', 'technician', 'admin'] as const;
type Identity = (typeof IDENTITIES)[number];
/** Streams answer until the client goes: inject() would wait for ever. Their auth is fuzzed anonymously. */
const STREAMS = new Set([
  'GET /api/v1/events',
  'GET /api/v1/applicant/desk/events',
  'GET /api/v1/applicant/screen/events',
]);
const REQUEST_TIMEOUT_MS = 10_000;
/** Refusals every route gives whoever asks, before any access check or body parsing. */
const EXPECTED: Record<string, string> = {
  'foreign Origin': 'ORIGIN_FORBIDDEN',
  'foreign Referer': 'ORIGIN_FORBIDDEN',
  'text/plain': 'UNSUPPORTED_MEDIA_TYPE',
  'form encoded': 'UNSUPPORTED_MEDIA_TYPE',
  'no content type': 'UNSUPPORTED_MEDIA_TYPE',
};

interface Case {
  kind: string;
  headers?: Record<string, string>;
  payload?: string;
  query?: string;
  params?: 'plain' | 'hostile';
}

interface OpenApiOperation {
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  parameters?: Array<{ in: string; name: string; schema?: JsonSchema }>;
}
interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  anyOf?: JsonSchema[];
  format?: string;
}

const CONTROL = '\u0000\u0007\u001b[31m\u202eTLR\u200b\u200d\ufeff\u2066x\u0085';

function wrongTypeOf(s: JsonSchema | undefined): unknown {
  const type = Array.isArray(s?.type) ? s!.type[0] : s?.type;
  switch (type) {
    case 'string':
      return 12345;
    case 'integer':
    case 'number':
      return '5';
    case 'boolean':
      return 'true';
    case 'array':
      return 'x';
    case 'object':
      return 'x';
    default:
      return [[]];
  }
}

function bodyCases(props: Record<string, JsonSchema>): Case[] {
  const keys = Object.keys(props);
  const each = (f: (k: string, s: JsonSchema) => unknown) =>
    JSON.stringify(Object.fromEntries(keys.map((k) => [k, f(k, props[k]!)])));
  const json = { 'content-type': 'application/json' };
  const nested = '{"a":'.repeat(3000) + '1' + '}'.repeat(3000);
  return [
    { kind: 'no body' },
    { kind: 'empty object', headers: json, payload: '{}' },
    { kind: 'wrong types', headers: json, payload: each((_k, s) => wrongTypeOf(s)) },
    { kind: 'all true', headers: json, payload: each(() => true) },
    { kind: 'numbers as strings', headers: json, payload: each(() => '5') },
    { kind: 'huge strings', headers: json, payload: each(() => 'A'.repeat(300_000)) },
    { kind: 'control characters', headers: json, payload: each(() => CONTROL) },
    {
      kind: 'prototype and extra keys',
      headers: json,
      payload: '{"__proto__":{"role":"admin"},"constructor":{"prototype":{"x":1}},"extra":1}',
    },
    { kind: 'deep nesting (object)', headers: json, payload: nested },
    { kind: 'deep nesting (array)', headers: json, payload: '['.repeat(5000) + ']'.repeat(5000) },
    { kind: 'broken JSON', headers: json, payload: '{"name": "x",' },
    { kind: 'JSON null', headers: json, payload: 'null' },
    { kind: 'text/plain', headers: { 'content-type': 'text/plain' }, payload: each(() => 'x') },
    {
      kind: 'form encoded',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'name=x&role=admin',
    },
    { kind: 'no content type', payload: '{}' },
    {
      kind: 'foreign Origin',
      headers: { ...json, origin: 'https://evil.example' },
      payload: '{}',
    },
    {
      kind: 'foreign Referer',
      headers: { ...json, referer: 'https://evil.example/x' },
      payload: '{}',
    },
  ];
}

const headerCases: Case[] = [
  { kind: 'junk cookie', headers: { cookie: 'cardgate_session=' + '%'.repeat(200) } },
  { kind: 'junk bearer', headers: { authorization: 'Bearer ' + 'x'.repeat(5000) } },
  { kind: 'odd request id', headers: { 'x-request-id': '../../etc/passwd' + 'y'.repeat(300) } },
  { kind: 'hostile path parameters', params: 'hostile' },
];

const queryCases: Case[] = [
  { kind: 'impossible dates', query: 'date=2026-13-45' },
  { kind: 'February 30', query: 'date=2026-02-30' },
  {
    kind: 'out-of-range numbers',
    query: 'page=0&pageSize=100000&limit=-1&from=abc&status=%00&count=1e309',
  },
  { kind: 'huge query', query: 'date=' + 'A'.repeat(20_000) },
  { kind: 'control characters in query', query: 'date=%E2%80%AE%00&status=%1B' },
  { kind: 'repeated keys', query: 'date=today&date=today&page=1&page=2' },
];

/** Real device ids for `:id` (so device routes are reached, not only their 404), else plausible values. */
function pathOf(url: string, params: Case['params'], devices: Map<string, string>): string {
  const kind = /\/(printers|encoders|cameras|devices)\/:id/.exec(url)?.[1];
  return url.replace(/:([A-Za-z]+)|\*/g, (_m, name: string | undefined) => {
    if (params === 'hostile') return encodeURIComponent('..\u202e\u0000/x');
    if (name === 'id' && kind) return devices.get(kind) ?? 'x1';
    return name === 'name' ? 'nobody' : name === 'id' ? 'x1' : 'x';
  });
}

async function quietLogger() {
  return pino(
    loggerOptions({ level: 'warn' }),
    new Writable({
      write(_c, _e, cb) {
        cb();
      },
    }),
  );
}

describe('fuzz run over every route', () => {
  const dataDir = makeTempDir('cardgate-fuzz-');
  let station: Station<AuditLog>;
  let app: FastifyInstance;
  const cookies = new Map<Identity, string>();

  async function loginAs(who: Exclude<Identity, 'anonymous'>): Promise<void> {
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { name: `fuzz-${who}`, password: PASSWORD },
    });
    expect(r.statusCode, `login ${who}`).toBe(200);
    cookies.set(who, String(r.headers['set-cookie']).split(';')[0]!);
  }

  beforeAll(async () => {
    const users = await UserStore.open(dataDir);
    for (const role of ['operator', 'technician', 'admin'] as const) {
      await users.add({ name: `fuzz-${role}`, role, password: PASSWORD });
    }
    const config = validateConfig({
      dataDir,
      api: { http: true, host: '127.0.0.1', port: 0, loginRateLimit: { max: 1000, addressMax: 1000 } },
      mqtt: { embeddedPort: 0 },
      encoder: { emulated: true },
      printer: { emulator: { panelMs: 0 } },
    });
    station = new Station({
      config,
      ...stationOptions(),
      logger: await quietLogger(),
      print: () => {},
    });
    await station.start();
    app = station.api!;
    for (const who of ['operator', 'technician', 'admin'] as const) await loginAs(who);
  }, 60_000);

  afterAll(async () => {
    await station?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** What a refused request must not change. */
  async function snapshot() {
    const admin = { cookie: cookies.get('admin')! };
    const get = async (url: string) => {
      const r = await app.inject({ url, headers: admin });
      return r.statusCode === 200 ? r.json() : { status: r.statusCode };
    };
    const [users, stock, stationState, jobs, audit] = await Promise.all([
      get('/api/v1/users'),
      get('/api/v1/stock'),
      get('/api/v1/station'),
      get('/api/v1/issuances?pageSize=1'),
      get('/api/v1/audit/verify'),
    ]);
    return {
      state: JSON.stringify({ users, stock, stationState, jobs: (jobs as { total?: number }).total }),
      auditEntries: (audit as { entries?: number }).entries ?? 0,
    };
  }

  async function auditSince(from: number): Promise<Array<{ outcome?: string; action: string }>> {
    const r = await app.inject({
      url: `/api/v1/audit?from=${from + 1}&limit=1000`,
      headers: { cookie: cookies.get('admin')! },
    });
    return (r.json() as Static<typeof AuditPage>).items;
  }

  it('answers every request without a 500 or a hang, and refused requests change nothing', async () => {
    const started = performance.now();
    const doc = (await app.inject({ url: '/api/docs/json' })).json() as {
      paths: Record<string, Record<string, OpenApiOperation>>;
    };
    const operation = (method: string, url: string): OpenApiOperation | undefined =>
      doc.paths[url.replace(/:([A-Za-z]+)/g, '{$1}')]?.[method.toLowerCase()];

    // Every date in a query is a CalendarDate (format date), so impossible days are refused.
    const looseDates: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        for (const p of op.parameters ?? []) {
          if (p.in !== 'query' || !/date/i.test(p.name)) continue;
          const formats = JSON.stringify(p.schema ?? {});
          if (!formats.includes('"format":"date"')) looseDates.push(`${method} ${path} ${p.name}`);
        }
      }
    }
    expect(looseDates).toEqual([]);

    const routes = app.routeAccess.filter((r) => r.method !== 'HEAD');
    const devices = new Map<string, string>();
    const listed = await app.inject({ url: '/api/v1/devices', headers: { cookie: cookies.get('admin')! } });
    for (const d of (listed.json() as Static<typeof DeviceList>).items) {
      const kinds: Partial<Record<string, string>> = {
        printer: 'printers',
        encoder: 'encoders',
        camera: 'cameras',
      };
      const kind = kinds[d.class];
      if (kind && !devices.has(kind)) devices.set(kind, d.id);
      if (!devices.has('devices')) devices.set('devices', d.id);
    }
    const outcomes = new Map<string, number>();
    const failures: string[] = [];
    let requests = 0;
    let base = await snapshot();

    for (const route of routes) {
      const op = operation(route.method, route.url);
      const props = op?.requestBody?.content?.['application/json']?.schema?.properties ?? {};
      const writes = route.method !== 'GET';
      const cases = [...(writes ? bodyCases(props) : queryCases), ...headerCases];
      for (const who of IDENTITIES) {
        if (who !== 'anonymous' && STREAMS.has(`${route.method} ${route.url}`)) continue;
        for (const c of cases) {
          const headers: Record<string, string> = { ...(c.headers ?? {}) };
          if (who !== 'anonymous' && !headers.cookie && !headers.authorization)
            headers.cookie = cookies.get(who)!;
          const url = pathOf(route.url, c.params, devices) + (c.query ? `?${c.query}` : '');
          const label = `${who} ${route.method} ${route.url} [${c.kind}]`;
          let timer: NodeJS.Timeout | undefined;
          const res = await Promise.race([
            app.inject({ method: route.method as 'POST', url, headers, payload: c.payload }),
            new Promise<'hung'>((r) => (timer = setTimeout(() => r('hung'), REQUEST_TIMEOUT_MS))),
          ]);
          clearTimeout(timer);
          requests++;
          if (res === 'hung') {
            failures.push(`${label}: no answer in ${REQUEST_TIMEOUT_MS} ms`);
            continue;
          }
          const r = res as LightMyRequestResponse;
          const code =
            r.statusCode >= 400 && /json/.test(String(r.headers['content-type']))
              ? String((r.json() as { code?: string }).code)
              : '';
          const key = `${r.statusCode}${code ? ` ${code}` : ''}`;
          outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
          if (r.statusCode === 500 || code === 'INTERNAL')
            failures.push(`${label}: ${r.statusCode} ${r.body}`);
          const expected = EXPECTED[c.kind];
          if (expected && code !== expected) failures.push(`${label}: ${key}, expected ${expected}`);
          if (c.kind === 'wrong types' && Object.keys(props).length > 0 && r.statusCode < 300)
            failures.push(`${label}: wrongly typed body accepted (${r.statusCode})`);
          if (process.env.FUZZ_TRACE && key === process.env.FUZZ_TRACE)
            console.info(label, r.body.slice(0, 200));
          if (r.statusCode < 400) {
            // An accepted request may change state (and may have ended the caller's session).
            for (const w of ['operator', 'technician', 'admin'] as const) {
              const me = await app.inject({ url: '/api/v1/session', headers: { cookie: cookies.get(w)! } });
              if (!(me.json() as { authenticated: boolean }).authenticated) await loginAs(w);
            }
            base = await snapshot();
            continue;
          }
          if (!writes) continue;
          const now = await snapshot();
          if (now.state !== base.state)
            failures.push(`${label}: refused (${r.statusCode}) but state changed`);
          if (now.auditEntries !== base.auditEntries) {
            const added = await auditSince(base.auditEntries);
            const ok = added.filter((e) => e.outcome === undefined || e.outcome === 'ok');
            if (ok.length) failures.push(`${label}: refused but audited as ok: ${ok.map((e) => e.action)}`);
          }
          base = now;
        }
      }
    }
    // A 17 MB body (over the 16 MB limit) to the open login route.
    const big = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x', password: 'y'.repeat(17 * 1024 * 1024) }),
    });
    requests++;
    expect(big.statusCode).toBe(413);

    // Still alive and answering.
    expect((await app.inject({ url: '/api/v1/health' })).statusCode).toBe(200);
    const seconds = (performance.now() - started) / 1000;
    const summary = {
      requests,
      routes: routes.length,
      identities: IDENTITIES.length,
      seconds: Math.round(seconds * 10) / 10,
      outcomes: Object.fromEntries([...outcomes].sort(([a], [b]) => a.localeCompare(b))),
    };
    console.info(`api fuzz: ${JSON.stringify(summary)}`);
    expect(failures).toEqual([]);
    expect(routes.length).toBeGreaterThan(30);
    // A fixed workload (about 5,000 requests, 35 s on a quiet machine); CI's load may multiply it.
  }, 600_000);
});
