/**
 * Gateway: start-to-ready (spawn `cardgate start` until GET /api/v1/health, then /ready, answers 200), idle
 * RSS of the station process, and authenticated GET /api/v1/devices throughput and p99 with
 * autocannon (bearer token, as automation calls it). Runs `bin/cardgate.js` like `npm start`:
 * the compiled dist/ when built, otherwise the TypeScript sources through tsx (noted per row).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { projectRoot, startProcess, waitFor, type RunningProcess } from '../../tests/helpers/processes.js';
import { calibrationRow, median, type BenchRow } from './row.js';

const RESTARTS = 5;
// CARDGATE_BENCH_ENTRY: measure another build of the CLI (e.g. a compiled copy outside dist/).
const BIN = process.env.CARDGATE_BENCH_ENTRY ?? join(projectRoot, 'bin', 'cardgate.js');
const mode = process.env.CARDGATE_BENCH_ENTRY
  ? `compiled (${process.env.CARDGATE_BENCH_ENTRY.replace(projectRoot + '/', '')})`
  : existsSync(join(projectRoot, 'dist', 'cardgate.cjs'))
    ? `bundle${existsSync(join(projectRoot, 'dist', 'cardgate.cjs.cache')) ? ' + code cache' : ''}`
    : existsSync(join(projectRoot, 'dist', 'gateway', 'cli', 'main.js'))
      ? 'dist'
      : 'tsx sources';

// The V8 flags the station runs with (bin/cardgate.js shebang, npm start, the systemd unit).
const NODE_FLAGS = (process.env.CARDGATE_BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);

async function startStation(
  dataDir: string,
): Promise<{ proc: RunningProcess; url: string; healthMs: number; readyMs: number }> {
  const t0 = performance.now();
  const proc = startProcess(
    process.execPath,
    [...NODE_FLAGS, BIN, 'start', '--data-dir', dataDir, '--port', '0', '--http', '--host', '127.0.0.1'],
    {
      cwd: projectRoot,
      env: { ...process.env, CARDGATE_LOG__LEVEL: 'warn', CARDGATE_MQTT__EMBEDDED_PORT: '0' },
    },
  );
  const [, url] = await proc.waitForOutput(/cardgate: listening on (\S+)\n/, 30_000);
  await waitFor(async () => (await fetch(`${url}/api/v1/health`)).status === 200, {
    timeoutMs: 10_000,
    intervalMs: 5,
    what: 'health 200',
  });
  const healthMs = performance.now() - t0;
  // Ready: storage and every component (printer, encoder, board, telemetry…) able to serve.
  await waitFor(async () => (await fetch(`${url}/api/v1/ready`)).status === 200, {
    timeoutMs: 10_000,
    intervalMs: 5,
    what: 'ready 200',
  });
  return { proc, url: url!, healthMs, readyMs: performance.now() - t0 };
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function bearerToken(url: string, firstStartOutput: string): Promise<string> {
  const password = /admin password is (\S+)/.exec(firstStartOutput)?.[1];
  if (!password) throw new Error('no first-start password in the output');
  const post = (path: string, body: unknown, cookie?: string) =>
    fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(body),
    });
  const login = await post('/api/v1/session', { name: 'admin', password });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  await post('/api/v1/session/password', { current: password, next: 'bench-admin-password' }, cookie);
  const made = await post('/api/v1/users/admin/tokens', { label: 'bench' }, cookie);
  return ((await made.json()) as { token: string }).token;
}

export async function run(): Promise<BenchRow[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cardgate-bench-'));
  let station: RunningProcess | undefined;
  try {
    // First start creates the admin account (one scrypt hash) and the data directory.
    const first = await startStation(dataDir);
    const firstOutput = first.proc.output();
    await first.proc.stop();
    const restarts: number[] = [];
    const readies: number[] = [];
    let last = first;
    for (let i = 0; i < RESTARTS; i++) {
      last = await startStation(dataDir);
      station = last.proc;
      restarts.push(last.healthMs);
      readies.push(last.readyMs);
      if (i < RESTARTS - 1) await last.proc.stop();
    }
    const { proc, url } = last;
    // Idle: let start-up garbage settle, then read the resident set.
    await new Promise((r) => setTimeout(r, 3000));
    const idleRss = rssMb(proc.child.pid!);

    const token = await bearerToken(url, firstOutput);
    const result = await autocannon({
      url: `${url}/api/v1/devices`,
      connections: 10,
      duration: 10,
      headers: { authorization: `Bearer ${token}` },
    });
    if (result.non2xx > 0) throw new Error(`${result.non2xx} non-2xx answers`);
    const rssAfter = rssMb(proc.child.pid!);
    const load = loadavg()[0]!.toFixed(1);
    return [
      calibrationRow(),
      { name: 'first start to health 200', value: first.healthMs, unit: 'ms', note: `${mode}; load ${load}` },
      {
        name: `restart to health 200 (median of ${RESTARTS})`,
        value: median(restarts),
        unit: 'ms',
        goal: '< 1500',
        note: mode,
      },
      {
        name: `restart to ready 200, every component up (median of ${RESTARTS})`,
        value: median(readies),
        unit: 'ms',
        goal: '< 1500',
        note: mode,
      },
      { name: 'idle RSS after start', value: idleRss, unit: 'MB', goal: '< 120', note: mode },
      {
        name: 'GET /api/v1/devices (bearer), 10 connections',
        value: result.requests.average,
        unit: 'req/s',
        goal: '>= 5000',
        note: `${result.requests.total} requests in 10 s`,
      },
      { name: 'GET /api/v1/devices p99 latency', value: result.latency.p99, unit: 'ms', goal: '< 20' },
      { name: 'RSS after the load (incl. 3 scrypt logins)', value: rssAfter, unit: 'MB' },
    ];
  } finally {
    await station?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
