/**
 * `npm run bench document`: one card's document work on this machine — both sides rendered,
 * split into YMC / k / overlay planes, MRZ and signed seal (the print path), then the whole
 * `produceCard` with PNG previews and the DG2 JPEG budget search.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { produceCard, renderCard } from '../../gateway/document/render/index.js';
import type { PersonRecord } from '../../gateway/document/person.js';
import { loadDocumentSigner } from '../../gateway/document/seal/signer.js';
import { median, percentile, type BenchRow } from './row.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export async function run(): Promise<BenchRow[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cardgate-bench-doc-'));
  try {
    const signer = await loadDocumentSigner({ dataDir });
    const person = JSON.parse(
      readFileSync(join(root, 'tests/fixtures/persons/romanian-diacritics.json'), 'utf8'),
    ) as PersonRecord;
    const photoJpeg = new Uint8Array(readFileSync(join(root, 'tests/fixtures/face.jpg')));
    const input = { person, photoJpeg };
    for (let i = 0; i < 5; i++) {
      await renderCard(input, { signer });
      await new Promise((resolve) => setImmediate(resolve));
    }

    const rssWarmMb = process.resourceUsage().maxRSS / 1024;
    const render: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < 40; i++) {
      const c0 = process.cpuUsage();
      const t = performance.now();
      await renderCard(input, { signer });
      render.push(performance.now() - t);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
      // Let the event loop turn between cards, as it does in the station: native canvas buffers
      // are released by finalizers that run from the loop, not from the microtask queue.
      await new Promise((resolve) => setImmediate(resolve));
    }
    const rssAfterRenderMb = process.resourceUsage().maxRSS / 1024;
    const produce: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t = performance.now();
      await produceCard(input, { signer });
      produce.push(performance.now() - t);
    }
    const rssMb = process.resourceUsage().maxRSS / 1024;
    return [
      {
        name: 'render card: both sides + panels + MRZ + seal, median',
        value: median(render),
        unit: 'ms',
        goal: '< 20 ms',
      },
      { name: 'render card, p95', value: percentile(render, 95), unit: 'ms' },
      {
        name: 'render card, CPU time of the process, median',
        value: median(cpu),
        unit: 'ms',
        note: 'wall time above includes waiting for a core on a loaded machine',
      },
      {
        name: 'produceCard incl. 2 PNG previews + DG2 JPEG search, median',
        value: median(produce),
        unit: 'ms',
      },
      { name: 'peak RSS after loading and 5 warm-up renders', value: rssWarmMb, unit: 'MB' },
      {
        name: 'peak RSS after 45 renders',
        value: rssAfterRenderMb,
        unit: 'MB',
        goal: '< 250 MB',
      },
      { name: 'peak RSS after 10 produceCard more', value: rssMb, unit: 'MB' },
    ];
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
