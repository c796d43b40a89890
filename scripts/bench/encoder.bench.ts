/**
 * Chip encoding against the real stack (pcscd + vpcd + vicc iso7816): time to personalize and
 * verify one card with a 12 KB face, APDUs per card and bytes written; the in-process emulator
 * alongside for comparison. Each vicc card is fresh (killed and started between cards).
 */
import { createEphemeralChipSigner } from '../../drivers/encoder/ephemeral-signer.js';
import { createEncoder } from '../../drivers/encoder/factory.js';
import type { CardEncoder, ChipSigner } from '../../drivers/encoder/interface.js';
import { loadPcsclite } from '../../drivers/encoder/pcsc/load.js';
import { chipInput } from '../../tests/encoder/chip-input.js';
import { startPcscStack, type PcscStack } from '../../tests/helpers/pcsc-stack.js';
import { missingComponents } from '../../tests/helpers/system.js';
import { median, type BenchRow } from './row.js';

interface CardRun {
  personalizeMs: number;
  verifyMs: number;
  apdus: number;
  bytesWritten: number;
}

async function oneCard(encoder: CardEncoder, signer: ChipSigner, i: number): Promise<CardRun> {
  const t0 = performance.now();
  const res = await encoder.personalize(chipInput(signer, { jobId: `bench-${i}` }));
  const t1 = performance.now();
  const verified = await encoder.verify(signer.certificateDer);
  const t2 = performance.now();
  if (!verified.ok) throw new Error(`verify failed: ${verified.failures.join(',')}`);
  return {
    personalizeMs: t1 - t0,
    verifyMs: t2 - t1,
    apdus: res.apdus,
    bytesWritten: res.bytesWritten,
  };
}

function rows(prefix: string, runs: CardRun[], note: string): BenchRow[] {
  const first = runs[0]!;
  return [
    {
      name: `${prefix}: personalize (write + read-back + hash check), median of ${runs.length}`,
      value: median(runs.map((r) => r.personalizeMs)),
      unit: 'ms',
      note,
    },
    {
      name: `${prefix}: verify (read all + hashes + signature)`,
      value: median(runs.map((r) => r.verifyMs)),
      unit: 'ms',
    },
    { name: `${prefix}: APDUs per card (personalize)`, value: first.apdus, unit: 'APDUs' },
    { name: `${prefix}: bytes written per card`, value: first.bytesWritten, unit: 'B' },
  ];
}

export async function run(): Promise<BenchRow[]> {
  const signer = await createEphemeralChipSigner();
  const out: BenchRow[] = [];

  const emu = createEncoder({ driver: 'emulator', exchangeTimeoutMs: 3000 });
  await emu.start();
  const emuRuns: CardRun[] = [];
  for (let i = 0; i < 5; i++) {
    emuRuns.push(await oneCard(emu, signer, i));
    (emu as unknown as { control: { insertCard(): void } }).control.insertCard();
  }
  out.push(...rows('emulator', emuRuns, 'in-process, no I/O'));

  const missing = missingComponents(['pcscd', 'vicc']);
  if (missing.length > 0) {
    out.push({ name: 'vicc: skipped', value: NaN, unit: '', note: `${missing.join(', ')} missing` });
    return out;
  }
  const loaded = loadPcsclite();
  if (!loaded.ok) throw new Error(loaded.reason);
  let stack: PcscStack | undefined;
  let encoder: CardEncoder | undefined;
  try {
    stack = await startPcscStack();
    encoder = createEncoder({ driver: 'pcsc', exchangeTimeoutMs: 5000, pcsc: loaded.factory });
    await encoder.start();
    await encoder.waitForCard(10_000);
    const runs: CardRun[] = [];
    for (let i = 0; i < 2; i++) {
      if (i > 0) {
        await stack.killCard();
        await stack.insertCard();
        await encoder.waitForCard(10_000);
      }
      runs.push(await oneCard(encoder, signer, i));
    }
    out.push(...rows('vicc', runs, 'pcscd + vpcd + vicc iso7816, short APDUs'));

    // Card pulled mid-write: time from killing vicc to the CARD_REMOVED rejection.
    await stack.killCard();
    await stack.insertCard();
    await encoder.waitForCard(10_000);
    let killedAt = 0;
    let killed: Promise<void> = Promise.resolve();
    const enc = encoder;
    const st = stack;
    const onProgress = (p: { step: string; file?: string }): void => {
      if (!killedAt && p.step === 'write' && p.file === 'dg2') {
        killedAt = performance.now();
        killed = st.killCard();
      }
    };
    enc.on('progress', onProgress);
    const code = await enc.personalize(chipInput(signer, { jobId: 'bench-pull' })).then(
      () => 'none',
      (e: { code?: string }) => e.code ?? 'unknown',
    );
    const tookMs = performance.now() - killedAt;
    enc.off('progress', onProgress);
    await killed;
    out.push({
      name: 'vicc: card pulled mid-write → error',
      value: tookMs,
      unit: 'ms',
      goal: '< 2000',
      note: `code ${code}`,
    });
  } finally {
    await encoder?.stop();
    await stack?.stop();
  }
  return out;
}
