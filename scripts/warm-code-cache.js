#!/usr/bin/env node
// Writes dist/cardgate.cjs.cache, the V8 code cache bin/cardgate.js hands to the bundle. V8 puts
// in a cache only the functions compiled so far, so the cache is taken from a real start: the
// whole embedded station runs once on a scratch data directory, answers /health, and is stopped.
// A station that cannot start here (a missing part) still leaves a cache of what it did run.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'dist', 'cardgate.cjs');
const cache = `${bundle}.cache`;
if (!existsSync(bundle)) {
  console.error('warm-code-cache: dist/cardgate.cjs missing (run scripts/bundle.js first)');
  process.exit(1);
}
rmSync(cache, { force: true });

const dataDir = mkdtempSync(join(tmpdir(), 'cardgate-warm-'));
const child = spawn(
  process.execPath,
  [
    join(root, 'bin', 'cardgate.js'),
    'start',
    '--data-dir',
    dataDir,
    '--port',
    '0',
    '--http',
    '--host',
    '127.0.0.1',
  ],
  {
    cwd: root,
    env: {
      ...process.env,
      CARDGATE_CODE_CACHE_OUT: cache,
      CARDGATE_LOG__LEVEL: 'error',
      CARDGATE_MQTT__EMBEDDED_PORT: '0',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);

let output = '';
let answered = false;
const deadline = setTimeout(() => child.kill('SIGTERM'), 20_000);
child.stdout.on('data', async (chunk) => {
  output += chunk;
  const url = /cardgate: listening on (\S+)/.exec(output)?.[1];
  // Once: later output (e.g. a log line) must not ask and stop a second time.
  if (!url || answered) return;
  answered = true;
  try {
    await fetch(`${url}/api/v1/health`);
  } finally {
    child.kill('SIGTERM');
  }
});
child.on('exit', (code) => {
  clearTimeout(deadline);
  rmSync(dataDir, { recursive: true, force: true });
  if (!existsSync(cache)) {
    console.error(
      `warm-code-cache: no cache written (station exited with ${code}); the bundle runs without one`,
    );
    return;
  }
  console.log(
    `warm-code-cache: dist/cardgate.cjs.cache ${(statSync(cache).size / 1024 / 1024).toFixed(1)} MB`,
  );
});
