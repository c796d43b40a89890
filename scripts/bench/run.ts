/**
 * `npm run bench`: runs every `scripts/bench/*.bench.ts` (or those named on the command line)
 * and prints one table. Each file exports `run(): Promise<BenchRow[]>`.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchRow } from './row.js';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();

const rows: Array<BenchRow & { suite: string }> = [];
for (const f of files) {
  const suite = f.replace(/\.bench\.ts$/, '');
  process.stderr.write(`bench: ${suite}…\n`);
  const mod = (await import(pathToFileURL(join(here, f)).href)) as { run: () => Promise<BenchRow[]> };
  try {
    for (const row of await mod.run()) rows.push({ suite, ...row });
  } catch (e) {
    rows.push({ suite, name: 'FAILED', value: NaN, unit: '', note: (e as Error).message });
  }
}

console.log('| suite | measure | value | unit | goal |');
console.log('|---|---|---|---|---|');
for (const r of rows) {
  const v = Number.isInteger(r.value) ? String(r.value) : r.value.toFixed(2);
  console.log(
    `| ${r.suite} | ${r.name} | ${v} | ${r.unit} | ${r.goal ?? ''}${r.note ? ` (${r.note})` : ''} |`,
  );
}
