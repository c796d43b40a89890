/**
 * The kiosk pages' budgets (issue 18): /info and /applicant interactive in under 1 s and under
 * 150 KB gzipped excluding fonts and audio. Sizes from Vite's manifest (the kiosk entry and the
 * page's chunk with their static imports and CSS; font files are loaded per script only when
 * used and are not counted); load-to-interactive in Chromium against the real station, cold
 * cache, median of 10.
 *   npm run bench kiosk
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchBrowser } from '../../tests/helpers/browser.js';
import { projectRoot, waitFor } from '../../tests/helpers/processes.js';
import { calibrationRow, median, type BenchRow } from './row.js';

const DIST = join(projectRoot, 'appliance-ui', 'dist');
const RUNS = 10;

interface ManifestChunk {
  file: string;
  css?: string[];
  imports?: string[];
}

function closure(m: Record<string, ManifestChunk>, keys: string[], seen = new Set<string>()): Set<string> {
  for (const key of keys) {
    const c = m[key];
    if (!c || seen.has(c.file)) continue;
    seen.add(c.file);
    for (const css of c.css ?? []) seen.add(css);
    closure(m, c.imports ?? [], seen);
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
  const size = (page: string) =>
    gz('kiosk.html') + [...closure(manifest, ['kiosk.html', page])].reduce((n, f) => n + gz(f), 0);
  const infoBytes = size('src/info/info-page.tsx');
  const applicantBytes = size('src/applicant/applicant-page.tsx');

  const dir = mkdtempSync(join(tmpdir(), 'cardgate-bench-kiosk-'));
  const configFile = join(dir, 'config.json');
  writeFileSync(configFile, JSON.stringify({ mqtt: { enabled: false }, board: { enabled: false } }));
  const station = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(projectRoot, 'gateway', 'cli', 'main.ts'),
      'start',
      '--http',
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--data-dir',
      dir,
      '--config',
      configFile,
    ],
    { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  station.stdout.on('data', (d: Buffer) => (out += d.toString()));
  station.stderr.on('data', (d: Buffer) => (out += d.toString()));
  try {
    const url = (await waitFor(() => /cardgate: listening on (\S+)/.exec(out)?.[1], {
      timeoutMs: 45_000,
      what: 'the station',
    }))!;
    const b = await launchBrowser({ baseURL: url });
    try {
      const cdp = await b.context.newCDPSession(b.page);
      await cdp.send('Network.enable');
      const load = async (path: string, ready: string): Promise<number> => {
        await cdp.send('Network.clearBrowserCache');
        await b.page.goto(`${url}${path}`, { waitUntil: 'commit' });
        const h = await b.page.waitForFunction(
          (sel) => (document.querySelector(sel) ? performance.now() : null),
          ready,
          { polling: 'raf', timeout: 15_000 },
        );
        return (await h.jsonValue()) as number;
      };
      await load('/info', 'button[data-lang="en"]');
      const info: number[] = [];
      const applicant: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        info.push(await load('/info', 'button[data-lang="en"]'));
        applicant.push(await load('/applicant', 'input[name=code]'));
      }
      return [
        {
          name: '/info bundle (gzip, excluding fonts)',
          value: Math.round(infoBytes / 102.4) / 10,
          unit: 'KB',
          goal: '< 150',
        },
        {
          name: '/applicant bundle (gzip, excluding fonts)',
          value: Math.round(applicantBytes / 102.4) / 10,
          unit: 'KB',
          goal: '< 150',
        },
        {
          name: '/info interactive, cold cache (median of 10)',
          value: Math.round(median(info)),
          unit: 'ms',
          goal: '< 1000',
        },
        {
          name: '/applicant interactive, cold cache (median of 10)',
          value: Math.round(median(applicant)),
          unit: 'ms',
          goal: '< 1000',
        },
        calibrationRow(),
      ];
    } finally {
      await b.close();
    }
  } finally {
    const exited = new Promise((r) => station.once('exit', r));
    station.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
}
