/**
 * `npm run bench document`: one card's document work on this machine — both sides rendered,
 * split into YMC / k / overlay planes, MRZ and signed seal (the print path), then the whole
 * `produceCard` with PNG previews and the DG2 JPEG budget search. Measured in a fresh `node`
 * (document-worker.js) on the compiled build the station runs, so the peak RSS is the
 * renderer's; without a build the worker runs the sources through tsx (and says so).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { calibrationRow, median, percentile, type BenchRow } from './row.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

interface WorkerResult {
  render: number[];
  cpu: number[];
  produce: number[];
  rssStartMb: number;
  rssWarmMb: number;
  rssAfterRenderMb: number;
  rssAfterProduceMb: number;
}

export async function run(): Promise<BenchRow[]> {
  const from = existsSync(join(root, 'dist', 'gateway', 'document', 'render', 'index.js')) ? 'dist' : 'src';
  const args = [...(from === 'src' ? ['--import', 'tsx'] : []), join(here, 'document-worker.js'), root, from];
  // Host speed right before the run (it drifts from minute to minute on this machine).
  const calibration = calibrationRow();
  const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: root, maxBuffer: 16 << 20 });
  const r = JSON.parse(stdout) as WorkerResult;
  const mode = from === 'dist' ? 'compiled dist/, plain node' : 'TypeScript sources through tsx';
  return [
    calibration,
    {
      name: `render card: both sides + panels + MRZ + seal, median of ${r.render.length}`,
      value: median(r.render),
      unit: 'ms',
      goal: '< 20 ms',
    },
    { name: 'render card, p95', value: percentile(r.render, 95), unit: 'ms' },
    {
      name: 'render card, CPU time of the process, median',
      value: median(r.cpu),
      unit: 'ms',
      note: 'wall time above includes waiting for a core on a loaded machine',
    },
    {
      name: 'produceCard incl. 2 PNG previews + DG2 JPEG search, median',
      value: median(r.produce),
      unit: 'ms',
    },
    {
      name: 'peak RSS of the process before loading the renderer',
      value: r.rssStartMb,
      unit: 'MB',
      note: mode,
    },
    {
      // The measure: a process that has loaded the renderer and rendered a card.
      name: 'peak RSS after loading and 5 warm-up renders',
      value: r.rssWarmMb,
      unit: 'MB',
      goal: '< 250 MB (one card)',
      note: mode,
    },
    {
      name: `peak RSS after ${r.render.length + 5} renders back to back`,
      value: r.rssAfterRenderMb,
      unit: 'MB',
      note: 'stricter than the goal: each card leaves ~10 MB of buffers until a collection',
    },
    { name: 'peak RSS after 10 produceCard more', value: r.rssAfterProduceMb, unit: 'MB' },
  ];
}
