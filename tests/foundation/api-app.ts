import { rmSync } from 'node:fs';
import { Writable } from 'node:stream';
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { buildApiServer, type BuildApiServerOptions } from '../../gateway/api/server.js';
import { validateConfig } from '../../gateway/config/load.js';
import type { AuditEntryInput } from '../../gateway/core/audit-sink.js';
import type { Clock } from '../../gateway/core/clock.js';
import { EventBus } from '../../gateway/core/events.js';
import { DeviceRegistry } from '../../gateway/core/registry.js';
import { loggerOptions } from '../../gateway/log/logger.js';
import { UserStore } from '../../gateway/users/store.js';
import { makeTempDir } from '../helpers/temp-dir.js';

/** A manual clock: rate-limit windows and session expiry without waiting. */
export class ManualClock implements Clock {
  constructor(public t = Date.parse('2026-01-05T09:00:00Z')) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

export interface TestApi {
  app: FastifyInstance;
  users: UserStore;
  registry: DeviceRegistry;
  audit: AuditEntryInput[];
  logLines: () => string;
  adminPassword: string;
  clock: ManualClock;
  dataDir: string;
  close: () => Promise<void>;
}

/** The real API server (real auth, real users file) on a temp data directory, for inject(). */
export async function buildTestApi(
  overrides: Record<string, unknown> = {},
  extra: (app: FastifyInstance) => Promise<void> = async () => {},
  opts: Partial<BuildApiServerOptions> = {},
): Promise<TestApi> {
  const dataDir = makeTempDir('cardgate-f-');
  const config = validateConfig({ dataDir, api: { http: true, port: 0 }, ...overrides });
  const clock = new ManualClock();
  const bus = new EventBus();
  const registry = new DeviceRegistry(bus, clock);
  const users = await UserStore.open(dataDir);
  const adminPassword = await users.createInitialAdmin();
  const audit: AuditEntryInput[] = [];
  let out = '';
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      out += chunk.toString();
      cb();
    },
  });
  const logger = pino({ ...loggerOptions({ level: 'debug' }) }, sink);
  const app = await buildApiServer({
    config,
    registry,
    bus,
    users,
    audit: { append: async (e) => void audit.push(e) },
    logger,
    clock,
    ...opts,
  });
  await extra(app);
  await app.ready();
  return {
    app,
    users,
    registry,
    audit,
    logLines: () => out,
    adminPassword,
    clock,
    dataDir,
    close: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Log in and return the session cookie header value. */
export async function login(app: FastifyInstance, name: string, password: string): Promise<string> {
  const r = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { name, password } });
  if (r.statusCode !== 200) throw new Error(`login ${name} failed: ${r.statusCode} ${r.body}`);
  const cookie = r.headers['set-cookie'];
  const first = Array.isArray(cookie) ? cookie[0]! : cookie!;
  return first.split(';')[0]!;
}
