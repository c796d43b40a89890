import pino from 'pino';
import { hqConfig, type HqConfig } from '../../gateway/hq/config.js';
import { startHq, type RunningHq, type StartHqOptions } from '../../gateway/hq/hq.js';
import type { TestDatabase } from './hq-databases.js';

export interface TestHq extends RunningHq {
  /** What HQ printed (the first-start admin password line, the listening line). */
  printed: string[];
  /** The one-time admin password of a fresh database. */
  adminPassword: string | undefined;
  /** fetch against HQ: `path` relative to its URL; JSON body when given. */
  request(
    method: string,
    path: string,
    opts?: { body?: unknown; cookie?: string; token?: string; headers?: Record<string, string> },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read answers of many shapes
  ): Promise<{ status: number; body: any; headers: Headers }>;
  /** Logs in and returns the session cookie (`cardgate_session=…`). */
  login(name: string, password: string): Promise<string>;
}

/**
 * An HQ in this process on a test database (plain HTTP on a free loopback port, silent log),
 * with every plugin unless `plugins` is given. Stop it with `stop()`.
 */
export async function startTestHq(
  t: TestDatabase,
  opts: Partial<Omit<StartHqOptions, 'config'>> & { config?: Partial<HqConfig> } = {},
): Promise<TestHq> {
  const printed: string[] = [];
  const running = await startHq({
    logger: pino({ level: 'silent' }),
    ...opts,
    db: t.db,
    config: hqConfig({
      dataDir: t.dataDir,
      db: t.url,
      port: 0,
      host: '127.0.0.1',
      http: true,
      ...opts.config,
    }),
    print: (line) => printed.push(line),
  });
  const adminPassword = printed.map((l) => /admin password is (\S+)/.exec(l)?.[1]).find(Boolean);
  const request: TestHq['request'] = async (method, path, o = {}) => {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    if (o.body !== undefined) headers['content-type'] = 'application/json';
    if (o.cookie) headers.cookie = o.cookie;
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    const res = await fetch(new URL(path, running.url), {
      method,
      headers,
      ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // not JSON (a page)
    }
    return { status: res.status, body, headers: res.headers };
  };
  return {
    ...running,
    printed,
    adminPassword,
    request,
    async login(name, password) {
      const res = await fetch(new URL('/api/v1/session', running.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name, password }),
      });
      if (res.status !== 200) throw new Error(`login of ${name} answered ${res.status}: ${await res.text()}`);
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('cardgate_session='));
      if (!cookie) throw new Error('no session cookie');
      return cookie.split(';', 1)[0]!;
    },
  };
}
