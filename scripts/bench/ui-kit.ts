/** What the page benches share: the built bundle's sizes from Vite's manifest, and a real station. */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { projectRoot, waitFor } from '../../tests/helpers/processes.js';

const DIST = join(projectRoot, 'appliance-ui', 'dist');

interface ManifestChunk {
  file: string;
  css?: string[];
  imports?: string[];
}

export interface BuiltUi {
  /** Gzipped bytes (level 9) of an HTML entry plus the files the given chunks load statically. */
  pageBytes(html: string, chunks: string[]): number;
  /** Gzipped bytes of the entry and every file in the build. */
  allBytes(html: string): number;
}

/** Builds the pages (as `npm run build:ui`) and reads the manifest. */
export function buildUi(): BuiltUi {
  execFileSync(process.execPath, [join(projectRoot, 'scripts', 'build-ui.js')], {
    cwd: projectRoot,
    stdio: 'pipe',
  });
  const manifest = JSON.parse(readFileSync(join(DIST, '.vite', 'manifest.json'), 'utf8')) as Record<
    string,
    ManifestChunk
  >;
  const gz = (file: string) => gzipSync(readFileSync(join(DIST, file)), { level: 9 }).length;
  // The files a page needs: its chunk, the chunks it imports statically, their CSS.
  const closure = (keys: string[], seen = new Set<string>()): Set<string> => {
    for (const key of keys) {
      const c = manifest[key];
      if (!c || seen.has(c.file)) continue;
      seen.add(c.file);
      for (const css of c.css ?? []) seen.add(css);
      closure(c.imports ?? [], seen);
    }
    return seen;
  };
  const sum = (files: Iterable<string>) => [...files].reduce((n, f) => n + gz(f), 0);
  return {
    pageBytes: (html, chunks) => gz(html) + sum(closure([html, ...chunks])),
    allBytes: (html) =>
      gz(html) + sum(new Set(Object.values(manifest).flatMap((c) => [c.file, ...(c.css ?? [])]))),
  };
}

export interface BenchStation {
  url: string;
  stop(): Promise<void>;
}

/**
 * A real station from the CLI on a free port with stand-ins only (no broker, no board, the
 * in-process encoder) in a temp data dir, with the given operator accounts.
 */
export async function startBenchStation(
  opts: { users?: { name: string; role: string; password: string }[] } = {},
): Promise<BenchStation> {
  const dir = mkdtempSync(join(tmpdir(), 'cardgate-bench-station-'));
  const cli = (args: string[]) => [
    '--import',
    'tsx',
    join(projectRoot, 'gateway', 'cli', 'main.ts'),
    ...args,
  ];
  for (const u of opts.users ?? []) {
    execFileSync(
      process.execPath,
      cli(['user', 'add', '--data-dir', dir, '--name', u.name, '--role', u.role, '--password', u.password]),
      { cwd: projectRoot, stdio: 'pipe' },
    );
  }
  const configFile = join(dir, 'config.json');
  writeFileSync(
    configFile,
    JSON.stringify({ mqtt: { enabled: false }, board: { enabled: false }, encoder: { emulated: true } }),
  );
  const station = spawn(
    process.execPath,
    cli(['start', '--http', '--host', '127.0.0.1', '--port', '0', '--data-dir', dir, '--config', configFile]),
    { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  station.stdout.on('data', (d: Buffer) => (out += d.toString()));
  station.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const stop = async () => {
    const exited = new Promise((r) => station.once('exit', r));
    station.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const url = (await waitFor(() => /cardgate: listening on (\S+)/.exec(out)?.[1], {
      timeoutMs: 45_000,
      what: 'the station',
    }))!;
    return { url, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
