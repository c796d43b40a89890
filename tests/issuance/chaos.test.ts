import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { webcrypto } from 'node:crypto';
import { join } from 'node:path';
import { startPrinterEmulator } from '../../drivers/printer/emulator/index.js';
import { JournalStore } from '../../gateway/storage/journal-store.js';
import { allocatedNumbers, type NumberBlockState } from '../../gateway/issuance/numbers.js';
import { RESTING } from '../../gateway/issuance/state-machine.js';
import type { JobRecord } from '../../gateway/issuance/job.js';
import { identityHolds, type StockTotals } from '../../gateway/issuance/stock.js';
import { projectRoot, runCli, startProcess, type RunningProcess } from '../helpers/processes.js';
import { tempDir } from './service-helpers.js';

const TARGET = 200;
const KILLS = 20;

/** A P-256 key and self-signed certificate for the chip, made once so worker restarts stay fast. */
async function signerFile(dir: string): Promise<string> {
  await import('reflect-metadata');
  const x509 = await import('@peculiar/x509');
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: '01',
      name: 'CN=chaos chip signer',
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + 86_400_000),
      signingAlgorithm: alg,
      keys,
    },
    webcrypto as unknown as Crypto,
  );
  const file = join(dir, 'signer.json');
  const key = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64');
  writeFileSync(file, JSON.stringify({ key, cert: Buffer.from(cert.rawData).toString('base64') }));
  return file;
}

let signer = '';

function worker(dataDir: string, url: string, target = TARGET): RunningProcess {
  return startProcess(
    process.execPath,
    ['--import', 'tsx', join(projectRoot, 'tests/issuance/chaos-worker.ts'), dataDir, url, String(target)],
    {
      cwd: projectRoot,
      env: { ...process.env, CHAOS_BACK: '0', CHAOS_RIBBON: 'k', CHAOS_SIGNER: signer },
    },
  );
}

/** SIGKILLs the station `kills0` times while it issues `target` cards on `lines` print lines, then checks every account. */
async function chaosRun(lines: number, target: number, kills0: number): Promise<void> {
  const dataDir = tempDir();
  signer = await signerFile(tempDir());
  const emus = await Promise.all(
    Array.from({ length: lines }, () =>
      startPrinterEmulator({ tcpPort: 0, panelMs: 0, feederCards: 100_000, ribbon: 'k' }),
    ),
  );
  const url = emus.map((e) => e.url).join(',');
  const started = Date.now();
  let kills = 0;
  let resolvedTotal = 0;
  try {
    while (kills < kills0) {
      const w = worker(dataDir, url, target);
      const m = await w.waitForOutput(/ready resolved=(\d+)/, 60_000);
      resolvedTotal += Number(m[1]);
      // A random moment in the life: while creating, encoding, printing or committing.
      await new Promise((r) => setTimeout(r, 30 + Math.random() * 600));
      if (w.output().includes('chaos-done')) break;
      await w.stop('SIGKILL');
      kills++;
    }
    const last = worker(dataDir, url, target);
    await last.waitForOutput(/chaos-done/, 150_000);
    await last.stop();
  } finally {
    for (const e of emus) await e.close();
  }
  const elapsed = Date.now() - started;
  process.stderr.write(`chaos: ${kills} kills, ${resolvedTotal} interrupted jobs resolved, ${elapsed} ms\n`);
  expect(kills).toBeGreaterThanOrEqual(kills0);

  const store = await JournalStore.open(join(dataDir, 'issuance'));
  const jobs: JobRecord[] = [];
  for (const p of await store.partitions('jobs/')) jobs.push(...(await store.list<JobRecord>(p)));
  const state = (await store.get<{
    numbers: { blocks: NumberBlockState[] };
    stock: StockTotals;
    lines?: Record<string, { stock: StockTotals }>;
  }>('station', 'state'))!;
  await store.close();

  // Every job rests in exactly one terminal or resumable state.
  expect(jobs.length).toBe(target);
  for (const j of jobs) expect(RESTING.has(j.status), `${j.id} is ${j.status}`).toBe(true);
  expect(jobs.filter((j) => j.status === 'done').length).toBeGreaterThan(target * 0.9);

  // No document number twice; every number handed out belongs to exactly one job, with its fate.
  const numbers = jobs.map((j) => j.documentNumber).filter((n): n is string => n !== null);
  expect(new Set(numbers).size).toBe(numbers.length);
  expect([...numbers].sort()).toEqual(allocatedNumbers(state.numbers.blocks).sort());
  for (const j of jobs) {
    const fate = { done: 'issued', voided: 'voided', failed: 'spoiled', cancelled: 'spoiled' }[
      j.status as string
    ];
    if (j.documentNumber && fate) expect(j.numberFate, j.id).toBe(fate);
  }

  // Blank stock: the identity holds and good cards are exactly the issued ones.
  expect(identityHolds(state.stock)).toBe(true);
  expect(state.stock.good).toBe(jobs.filter((j) => j.status === 'done' || j.status === 'voided').length);
  // Each line's books hold, add up to the station's, and its good cards are the jobs it finished.
  const books = Object.entries(state.lines ?? {});
  expect(books.length).toBe(lines);
  for (const [id, b] of books) {
    expect(identityHolds(b.stock), id).toBe(true);
    expect(b.stock.good, id).toBe(
      jobs.filter((j) => j.status === 'done' && (j.line ?? 'line-1') === id).length,
    );
  }
  expect(books.reduce((n, [, b]) => n + b.stock.spoiled, 0)).toBe(state.stock.spoiled);
  expect(books.reduce((n, [, b]) => n + b.stock.inFeeder, 0)).toBe(state.stock.inFeeder);

  const verify = await runCli(['audit', 'verify', '--data-dir', dataDir]);
  expect(verify.code, verify.stderr).toBe(0);

  // Nothing personal in plain text anywhere in the data directory.
  const photo = readFileSync(join(projectRoot, 'tests/fixtures/face.jpg'));
  const needles = [
    Buffer.from('Chaosname'),
    Buffer.from('1979-02-17'),
    Buffer.from('2790217000001'),
    Buffer.from('Chaosville'),
    photo.subarray(300, 364),
  ];
  const walk = (d: string): string[] =>
    readdirSync(d, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)],
    );
  for (const f of walk(dataDir)) {
    const buf = readFileSync(f);
    for (const n of needles) expect(buf.includes(n), `${f} holds personal data in plain text`).toBe(false);
  }
}

describe('chaos: SIGKILL the issuing station at random moments', () => {
  it(`issues ${TARGET} cards through ${KILLS} kills and restarts with every card, number and blank accounted for`, async () => {
    await chaosRun(1, TARGET, KILLS);
  }, 180_000);

  it('with three print lines: 120 cards through 8 kills, every line’s books and the station’s agree', async () => {
    await chaosRun(3, 120, 8);
  }, 600_000);
});
