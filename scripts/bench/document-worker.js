// The document bench's measuring process: a fresh `node` that loads the renderer the way the
// station does (the compiled dist/, or the TypeScript sources when started with --import tsx)
// and nothing else, so its peak RSS is the renderer's own, not the bench harness's or another
// suite's. Prints one JSON object with the samples.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [root, from] = process.argv.slice(2);
const mod = (path) =>
  import(
    pathToFileURL(join(root, from === 'dist' ? 'dist' : '', `${path}.${from === 'dist' ? 'js' : 'ts'}`)).href
  );
// Peak RSS of this process since exec (VmHWM). Not resourceUsage().maxRSS: Linux carries into
// it the high-water mark of the forked copy of the parent before exec, i.e. the bench harness.
const maxRssMb = () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))[1]) / 1024;
const turn = () => new Promise((resolve) => globalThis.setImmediate(resolve));

const rssStartMb = maxRssMb();
const { produceCard, renderCard } = await mod('gateway/document/render/index');
const { loadDocumentSigner } = await mod('gateway/document/seal/signer');
const dataDir = mkdtempSync(join(tmpdir(), 'cardgate-bench-doc-'));
try {
  const signer = await loadDocumentSigner({ dataDir });
  const person = JSON.parse(
    readFileSync(join(root, 'tests/fixtures/persons/romanian-diacritics.json'), 'utf8'),
  );
  const photoJpeg = new Uint8Array(readFileSync(join(root, 'tests/fixtures/face.jpg')));
  const input = { person, photoJpeg };
  for (let i = 0; i < 5; i++) {
    await renderCard(input, { signer });
    await turn();
  }
  const rssWarmMb = maxRssMb();
  const render = [];
  const cpu = [];
  for (let i = 0; i < 200; i++) {
    const c0 = process.cpuUsage();
    const t = performance.now();
    await renderCard(input, { signer });
    render.push(performance.now() - t);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    // The event loop turns between cards, as in the station: native canvas buffers are released
    // by finalizers that run from the loop, not from the microtask queue.
    await turn();
  }
  const rssAfterRenderMb = maxRssMb();
  const produce = [];
  for (let i = 0; i < 10; i++) {
    const t = performance.now();
    await produceCard(input, { signer });
    produce.push(performance.now() - t);
    await turn();
  }
  const rssAfterProduceMb = maxRssMb();
  process.stdout.write(
    JSON.stringify({ render, cpu, produce, rssStartMb, rssWarmMb, rssAfterRenderMb, rssAfterProduceMb }),
  );
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
