import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { projectRoot, runCli, startCli, type RunningProcess } from '../helpers/processes.js';
import { makeTempDir } from '../helpers/temp-dir.js';

/** Builds the pages from the current sources, as `npm run build:ui` does. */
export function buildPages(): void {
  execFileSync(process.execPath, [join(projectRoot, 'scripts', 'build-ui.js')], {
    cwd: projectRoot,
    stdio: 'pipe',
  });
}

export interface RunningStation {
  url: string;
  /** Only when the station created the first admin (no users added before start). */
  adminPassword: string | null;
  dataDir: string;
  process: RunningProcess;
  stop: () => Promise<void>;
}

export interface StationUser {
  name: string;
  role: 'operator' | 'technician' | 'admin';
  password: string;
}

/**
 * The real station (`cardgate start --http`), on a free port, with a fresh data directory.
 * Users given are created first with `cardgate user add` (then no first-start admin is made).
 */
export async function startStation(
  config: Record<string, unknown> = {},
  users: StationUser[] = [],
  /** Runs before the station starts, on its data directory and config file (e.g. `cardgate enrol`). */
  prepare?: (dataDir: string, configFile: string | null) => Promise<void>,
): Promise<RunningStation> {
  const dataDir = makeTempDir('cardgate-ui-station-');
  for (const u of users) {
    const r = await runCli([
      'user',
      'add',
      '--data-dir',
      join(dataDir, 'data'),
      '--name',
      u.name,
      '--role',
      u.role,
      '--password',
      u.password,
    ]);
    if (r.code !== 0) throw new Error(`cardgate user add ${u.name} failed: ${r.stderr}${r.stdout}`);
  }
  const args = ['start', '--http', '--host', '127.0.0.1', '--port', '0', '--data-dir', join(dataDir, 'data')];
  if (Object.keys(config).length > 0) {
    const file = join(dataDir, 'config.json');
    writeFileSync(file, JSON.stringify(config, null, 2));
    args.push('--config', file);
  }
  if (prepare)
    await prepare(join(dataDir, 'data'), args.includes('--config') ? args[args.length - 1]! : null);
  const proc = startCli(args);
  // A station that never comes up is still a child process: end it before reporting the failure.
  const [, url] = await proc
    .waitForOutput(/cardgate: listening on (\S+)/, 45_000)
    .catch(async (e: unknown) => {
      await proc.stop();
      throw e;
    });
  const pw = /cardgate: first start: admin password is (\S+)/.exec(proc.output());
  if (users.length === 0 && !pw?.[1])
    throw new Error(`no first-start admin password in output:\n${proc.output()}`);
  return {
    url: url!,
    adminPassword: pw?.[1] ?? null,
    dataDir,
    process: proc,
    stop: async () => {
      await proc.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Log in through the login page; when the account must change its password, do it on the page. */
export async function logIn(page: Page, name: string, password: string, newPassword?: string): Promise<void> {
  await page.goto('/login');
  await page.locator('input[name=name]').fill(name);
  await page.locator('input[name=password]').fill(password);
  await page.locator('form button[type=submit]').click();
  if (newPassword) {
    await page.locator('input[name=current]').fill(password);
    await page.locator('input[name=next]').fill(newPassword);
    await page.locator('input[name=again]').fill(newPassword);
    await page.locator('form button[type=submit]').click();
    await page.locator('input[name=next]').waitFor({ state: 'detached' });
  }
  await page.getByTestId('who').waitFor();
}

export async function logOut(page: Page): Promise<void> {
  await page.locator('header button.secondary').click();
  await page.locator('input[name=name]').waitFor();
}

/** The station's API with a bearer token or the page's cookie is what users cannot bypass. */
export async function apiStatus(page: Page, method: string, path: string, body?: unknown): Promise<number> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const r = await fetch(`/api/v1${path}`, {
        method,
        credentials: 'same-origin',
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return r.status;
    },
    { method, path, body },
  );
}

export function expectNoSeriousViolations(
  violations: { id: string; help: string; nodes: unknown[] }[],
  screen: string,
) {
  expect(
    violations.map((v) => `${screen}: ${v.id} — ${v.help} ${JSON.stringify(v.nodes).slice(0, 300)}`),
  ).toEqual([]);
}

export interface FullStation {
  station: RunningStation;
  /** The printer emulator's control URL (`POST /faults`, `/clear`, `GET /state`). */
  control: string;
  outDir: string;
  stop: () => Promise<void>;
}

/**
 * The whole station as an operator meets it: the printer emulator over TCP (with its control
 * port), the encoder and board emulators, a camera emulator serving the test face, no broker.
 */
export async function startFullStation(opts: {
  panelMs: number;
  users: StationUser[];
  locale?: 'en' | 'ro';
}): Promise<FullStation> {
  const outDir = mkdtempSync(join(tmpdir(), 'cardgate-ui-printed-'));
  const emulator = startCli([
    'printer-emulator',
    '--tcp',
    '0',
    '--control-port',
    '0',
    '--out',
    outDir,
    '--panel-ms',
    String(opts.panelMs),
  ]);
  const camera = startCli(['camera-emulator', '--port', '0', '--picture', 'tests/fixtures/face.jpg']);
  const stopAll = async () => {
    await emulator.stop();
    await camera.stop();
    rmSync(outDir, { recursive: true, force: true });
  };
  try {
    const [line] = await emulator.waitForOutput(/\{"listening".*\}/, 30_000);
    const emu = JSON.parse(line) as { listening: string; control: string };
    const [, cameraUrl] = await camera.waitForOutput(/snapshot (http\S+)/, 30_000);
    const station = await startStation(
      {
        station: { locale: opts.locale ?? 'en' },
        printer: { url: emu.listening, pollIntervalMs: 500 },
        encoder: { driver: 'emulator' },
        mqtt: { enabled: false },
        cameras: [{ id: 'desk', kind: 'emulator', url: cameraUrl }],
      },
      opts.users,
    );
    return {
      station,
      control: emu.control,
      outDir,
      stop: async () => {
        await station.stop();
        await stopAll();
      },
    };
  } catch (e) {
    await stopAll();
    throw e;
  }
}

/** Asks the printer emulator's control port for a fault or a repair; 200 expected. */
export async function emulatorControl(control: string, path: '/faults' | '/clear', body: unknown) {
  const r = await fetch(`${control}${path}`, { method: 'POST', body: JSON.stringify(body) });
  expect(r.status).toBe(200);
}

/**
 * Words a user should never read: identifiers in camelCase or snake_case, UPPER_SNAKE codes
 * standing alone (a code may follow its text in parentheses, for technicians), byte counts.
 */
export function wordProblems(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\b[a-z]+(?:[A-Z][a-z0-9]*)+\b/g)) out.push(`camelCase "${m[0]}"`);
  for (const m of text.matchAll(/\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g)) out.push(`snake_case "${m[0]}"`);
  const outsideParentheses = text.replace(/\([^()]*\)/g, ' ');
  for (const m of outsideParentheses.matchAll(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g))
    out.push(`code alone "${m[0]}"`);
  for (const m of text.matchAll(/\(\d+\s*\/\s*\d+\)/g)) out.push(`byte count "${m[0]}"`);
  return out;
}

/** The page's visible text, checked for words a user should never read; the screen is named. */
export async function expectUserWords(page: Page, screen: string): Promise<void> {
  // Each visible text node on its own line: adjacent buttons must not run together into one word.
  const text = await page.evaluate(() => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const parent = n.parentElement;
      if (!parent || ['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(parent.tagName)) continue;
      const visible = parent.tagName === 'OPTION' || parent.checkVisibility({ visibilityProperty: true });
      if (visible && n.textContent?.trim()) out.push(n.textContent.trim());
    }
    return out.join('\n');
  });
  expect(
    wordProblems(text).map((p) => `${screen}: ${p}`),
    `${screen}:\n${text}`,
  ).toEqual([]);
}

export type ApiCall = (
  method: string,
  path: string,
  body?: unknown,
) => Promise<{ status: number; body: Record<string, unknown> }>;

/**
 * A signed-in API session from Node, beside the browser (an operator issuing while a technician
 * watches the page, or the final check of the books). `end()` logs out.
 */
export async function apiSession(
  url: string,
  name: string,
  password: string,
): Promise<ApiCall & { end(): Promise<void> }> {
  const headers = { 'content-type': 'application/json', origin: url };
  const login = await fetch(`${url}/api/v1/session`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ name, password }),
  });
  expect(login.status).toBe(200);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const call: ApiCall = async (method, path, body) => {
    const r = await fetch(`${url}/api/v1${path}`, {
      method,
      headers: { ...headers, cookie },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await r.text();
    return { status: r.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
  };
  return Object.assign(call, {
    async end() {
      await fetch(`${url}/api/v1/session`, { method: 'DELETE', headers: { origin: url, cookie } });
    },
  });
}

/**
 * Records blank cards as loaded, as a technician does at the start of the day: the station
 * issues nothing from a feeder its books say is empty.
 */
export async function recordBlanks(url: string, technician: StationUser, count: number): Promise<void> {
  const api = await apiSession(url, technician.name, technician.password);
  expect((await api('POST', '/stock/load', { count })).status).toBe(200);
  await api.end();
}
