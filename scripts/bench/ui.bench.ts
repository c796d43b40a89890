/**
 * Appliance UI: what the operator page costs. Bundle size gzipped (exactly the files the
 * operator page loads, from Vite's manifest) and load-to-interactive in Chromium against the
 * real station on this machine (cold cache and warm).
 *   npm run bench ui
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchBrowser } from '../../tests/helpers/browser.js';
import { projectRoot, waitFor } from '../../tests/helpers/processes.js';
import { median, percentile, type BenchRow } from './row.js';

const DIST = join(projectRoot, 'appliance-ui', 'dist');
const RUNS = 10;

interface ManifestChunk {
  file: string;
  css?: string[];
  imports?: string[];
}

/** The files a page needs: its chunk, the chunks it imports statically, their CSS. */
function closure(
  manifest: Record<string, ManifestChunk>,
  keys: string[],
  seen = new Set<string>(),
): Set<string> {
  for (const key of keys) {
    const c = manifest[key];
    if (!c || seen.has(c.file)) continue;
    seen.add(c.file);
    for (const css of c.css ?? []) seen.add(css);
    closure(manifest, c.imports ?? [], seen);
  }
  return seen;
}

const gz = (file: string) => gzipSync(readFileSync(join(DIST, file)), { level: 9 }).length;

export async function run(): Promise<BenchRow[]> {
  execFileSync(process.execPath, [join(projectRoot, 'scripts', 'build-ui.js')], {
    cwd: projectRoot,
    stdio: 'pipe',
  });
  const manifest = JSON.parse(readFileSync(join(DIST, '.vite', 'manifest.json'), 'utf8')) as Record<
    string,
    ManifestChunk
  >;
  const operatorFiles = closure(manifest, ['index.html', 'src/pages/operator/issue-page.tsx']);
  const operatorBytes = gz('index.html') + [...operatorFiles].reduce((n, f) => n + gz(f), 0);
  const allFiles = new Set(Object.values(manifest).flatMap((c) => [c.file, ...(c.css ?? [])]));
  const allBytes = gz('index.html') + [...allFiles].reduce((n, f) => n + gz(f), 0);

  const dir = mkdtempSync(join(tmpdir(), 'cardgate-bench-ui-'));
  const cli = (args: string[]) => [
    '--import',
    'tsx',
    join(projectRoot, 'gateway', 'cli', 'main.ts'),
    ...args,
  ];
  execFileSync(
    process.execPath,
    cli([
      'user',
      'add',
      '--data-dir',
      dir,
      '--name',
      'bench',
      '--role',
      'operator',
      '--password',
      'bench-password-1',
    ]),
    { cwd: projectRoot, stdio: 'pipe' },
  );
  // Stand-ins only: no broker port to collide with, no board, the in-process encoder.
  const configFile = join(dir, 'config.json');
  writeFileSync(
    configFile,
    JSON.stringify({ mqtt: { enabled: false }, board: { enabled: false }, encoder: { emulated: true } }),
  );
  const station = spawn(
    process.execPath,
    cli(['start', '--http', '--host', '127.0.0.1', '--port', '0', '--data-dir', dir, '--config', configFile]),
    {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  station.stdout.on('data', (d: Buffer) => (out += d.toString()));
  station.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const b = await (async () => {
    const url = (await waitFor(() => /cardgate: listening on (\S+)/.exec(out)?.[1], {
      timeoutMs: 45_000,
      what: 'the station',
    }))!;
    return { url, browser: await launchBrowser({ baseURL: url, locale: 'en-GB' }) };
  })().catch((e: unknown) => {
    station.kill('SIGKILL');
    throw e;
  });
  try {
    const { page, context } = b.browser;
    const login = await page.request.post(`${b.url}/api/v1/session`, {
      data: { name: 'bench', password: 'bench-password-1' },
    });
    if (!login.ok()) throw new Error(`login failed: ${login.status()}`);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');

    // Interactive: the first field of the issuing form can take input (navigation start = 0).
    const loadOnce = async (): Promise<number> => {
      await page.goto(`${b.url}/issue`, { waitUntil: 'commit' });
      const handle = await page.waitForFunction(
        () => {
          const el = document.getElementById('f-surname') as HTMLInputElement | null;
          return el && !el.disabled ? performance.now() : null;
        },
        undefined,
        { polling: 'raf', timeout: 15_000 },
      );
      return (await handle.jsonValue()) as number;
    };
    const cold: number[] = [];
    const warm: number[] = [];
    await loadOnce(); // first start of the page code paths in the station (JIT), not measured
    for (let i = 0; i < RUNS; i++) {
      await cdp.send('Network.clearBrowserCache');
      cold.push(await loadOnce());
      warm.push(await loadOnce());
    }
    return [
      {
        name: 'operator page bundle (gzip, all files it loads)',
        value: Math.round(operatorBytes / 102.4) / 10,
        unit: 'KB',
        goal: '< 100 KB',
      },
      { name: 'all pages bundle (gzip)', value: Math.round(allBytes / 102.4) / 10, unit: 'KB' },
      {
        name: 'operator page load to interactive, cold cache (median)',
        value: median(cold),
        unit: 'ms',
        goal: '< 1000 ms',
      },
      {
        name: 'operator page load to interactive, cold cache (p95)',
        value: percentile(cold, 95),
        unit: 'ms',
      },
      {
        name: 'operator page load to interactive, warm cache (median)',
        value: median(warm),
        unit: 'ms',
        goal: '< 1000 ms',
        note: `${RUNS} runs each, Chromium headless, station on 127.0.0.1`,
      },
    ];
  } finally {
    await b.browser.close();
    station.kill('SIGTERM');
    await new Promise((r) => station.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}
