import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CardReport } from '../../drivers/encoder/card-report.js';
import { createEphemeralChipSigner } from '../../drivers/encoder/ephemeral-signer.js';
import { createEncoder } from '../../drivers/encoder/factory.js';
import type { CardEncoder, EncoderState } from '../../drivers/encoder/interface.js';
import { loadPcsclite } from '../../drivers/encoder/pcsc/load.js';
import type { PcscFactory } from '../../drivers/encoder/pcsc/types.js';
import { FILES } from '../../drivers/encoder/profiles/iso7816-fs/layout.js';
import { iso7816FsProfile } from '../../drivers/encoder/profiles/iso7816-fs/profile.js';
import { startPcscStack, VPCD_READER, type PcscStack } from '../helpers/pcsc-stack.js';
import { runCli, waitFor } from '../helpers/processes.js';
import { describeWithSystem } from '../helpers/system.js';
import { chipInput } from './chip-input.js';
import { codeOf } from './encoder-error-code.js';
import { rawApdus } from './raw-apdus.js';

// Every test that needs pcscd lives in this one file: only one pcscd can run on the machine.

describeWithSystem(['pcscd', 'vicc'], 'PC/SC encoder against pcscd + vpcd + vicc', () => {
  let stack: PcscStack;
  let encoder: CardEncoder;
  let factory: PcscFactory;
  const signer = createEphemeralChipSigner();

  const waitState = (pred: (s: EncoderState) => boolean, timeoutMs = 10_000): Promise<boolean> =>
    waitFor(() => pred(encoder.state()), { timeoutMs, what: 'encoder state' });

  beforeAll(async () => {
    // Other files use the one pcscd too: wait for them (each holds it about a minute).
    stack = await startPcscStack({ lockWaitMs: 600_000 });
    const loaded = loadPcsclite();
    if (!loaded.ok) throw new Error(loaded.reason);
    factory = loaded.factory;
    encoder = createEncoder({ driver: 'pcsc', exchangeTimeoutMs: 3000, pcsc: factory, retryMs: 200 });
    await encoder.start();
    await encoder.waitForCard(10_000);
  }, 660_000);

  afterAll(async () => {
    await encoder?.stop();
    await stack?.stop();
  });

  it('personalizes a card, reads it back and verifies it', async () => {
    expect(encoder.driver).toBe('pcsc');
    expect(encoder.emulated).toBe(false);
    // With pcscd answering, auto picks PC/SC (not the emulator).
    expect(createEncoder({ driver: 'auto', exchangeTimeoutMs: 1000, pcsc: factory }).driver).toBe('pcsc');
    expect(encoder.state()).toMatchObject({ available: true, cardPresent: true });
    expect(encoder.state().readers).toContain(VPCD_READER);
    const s = await signer;
    const input = chipInput(s);
    const steps = new Set<string>();
    encoder.on('progress', (p) => steps.add(p.step));
    const res = await encoder.personalize(input);
    expect(res.bytesWritten).toBeGreaterThan(12_000);
    expect(res.apdus).toBeGreaterThan(2 * (12_000 / 256));
    expect([...steps]).toEqual(['connect', 'write', 'readback', 'verified']);
    const back = await encoder.readBack();
    expect(Object.keys(back.files).sort()).toEqual(FILES.map((f) => f.name).sort());
    expect(Buffer.from(back.files.dg1!).includes(Buffer.from(input.dg1))).toBe(true);
    expect(Buffer.from(back.files.dg2!).includes(Buffer.from(input.dg2))).toBe(true);
    expect(Buffer.from(back.files.cert!).equals(Buffer.from(s.certificateDer))).toBe(true);
    // (Each read-back over vpcd costs ~3 s here: check the same contents rather than reading again.)
    expect(iso7816FsProfile.verify(back, s.certificateDer)).toEqual({ ok: true, failures: [] });
  });

  it('cardgate card read / verify print what the card holds and whether it is genuine', async () => {
    const read = await runCli(['card', 'read', '--show-personal', '--wait-ms', '10000']);
    expect(read.stderr).toBe('');
    expect(read.code).toBe(0);
    const report = JSON.parse(read.stdout) as CardReport;
    expect(report.verify).toEqual({ ok: true, failures: [] });
    expect(report.files.dg2!.bytes).toBeGreaterThan(12_000);
    expect(report.personal?.mrz).toEqual([
      'IDXYZAB12345670<<<<<<<<<<<<<<<',
      '9001014M3001018XYZ<<<<<<<<<<<4',
      'DOE<<JANE<<<<<<<<<<<<<<<<<<<<<',
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'cardgate-e-'));
    try {
      const other = await createEphemeralChipSigner('CN=not the signer');
      const pem = new X509Certificate(Buffer.from(other.certificateDer)).toString();
      writeFileSync(join(dir, 'other.pem'), pem);
      const bad = await runCli(['card', 'verify', '--cert', join(dir, 'other.pem'), '--wait-ms', '10000']);
      expect(bad.code).toBe(1);
      expect(JSON.parse(bad.stdout)).toEqual({ ok: false, failures: ['signature'] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses to personalize a card holding data without wipe (FILE_EXISTS); wipe replaces it', async () => {
    const s = await signer;
    expect(await codeOf(encoder.personalize(chipInput(s, { jobId: 'job-2' })))).toBe('FILE_EXISTS');
    const other = await createEphemeralChipSigner('CN=other signer');
    await encoder.personalize(chipInput(other, { jobId: 'job-3', wipe: true }));
    const back = await encoder.readBack();
    expect(iso7816FsProfile.verify(back, other.certificateDer).ok).toBe(true);
    expect(iso7816FsProfile.verify(back, s.certificateDer).failures).toEqual(['signature']);
  });

  it('fails verify when one byte of DG2 on the card was changed', async () => {
    // Another PC/SC client flips byte 5000 of DG2 (EF 0102 in the application DF).
    const [, , , old] = await rawApdus(factory, [
      '00a4000c023f00',
      '00a4040c09f04341524447415445',
      '00a4020c020102',
      '00b0138801',
    ]);
    expect(old).toMatch(/^[0-9a-f]{2}9000$/);
    const flipped = (Number.parseInt(old!.slice(0, 2), 16) ^ 0xff).toString(16).padStart(2, '0');
    const [, , , sw] = await rawApdus(factory, [
      '00a4000c023f00',
      '00a4040c09f04341524447415445',
      '00a4020c020102',
      `00d6138801${flipped}`,
    ]);
    expect(sw).toBe('9000');
    expect(await encoder.verify()).toEqual({ ok: false, failures: ['dg2'] });
  });

  it('reports CARD_REMOVED (not a time-out) when vicc dies during UPDATE BINARY, then works with the next card', async () => {
    await stack.killCard();
    await stack.insertCard();
    await encoder.waitForCard(10_000);
    const s = await signer;
    let killedAt = 0;
    let killed: Promise<void> = Promise.resolve();
    const onProgress = (p: { step: string; file?: string; bytesDone: number }): void => {
      if (!killedAt && p.step === 'write' && p.file === 'dg2') {
        killedAt = Date.now();
        killed = stack.killCard();
      }
    };
    encoder.on('progress', onProgress);
    const failed = encoder.personalize(chipInput(s, { jobId: 'job-4' }));
    expect(await codeOf(failed)).toBe('CARD_REMOVED');
    encoder.off('progress', onProgress);
    // Killed during the DG2 write, and the code (not TIMEOUT) shows the removal was noticed.
    expect(killedAt).toBeGreaterThan(0);
    await killed;
    await waitState((st) => !st.cardPresent);
    expect(await codeOf(encoder.personalize(chipInput(s)))).toBe('NO_CARD');

    await stack.insertCard();
    await encoder.waitForCard(10_000);
    // personalize resolves only after reading every file back and checking hashes and signature.
    const again = await encoder.personalize(chipInput(s, { jobId: 'job-5' }));
    expect(again.bytesWritten).toBeGreaterThan(12_000);
  });

  it('goes offline when pcscd stops and online again when it is back, without a restart', async () => {
    const states: EncoderState[] = [];
    const onState = (st: EncoderState): void => void states.push(st);
    encoder.on('state', onState);
    await stack.stopPcscd();
    await waitState((st) => !st.available);
    expect(encoder.state().reason).toMatch(/pcscd/);
    expect(await codeOf(encoder.readBack())).toBe('PCSC_UNAVAILABLE');

    await stack.startPcscd();
    await stack.insertCard();
    await waitState((st) => st.available && st.cardPresent, 15_000);
    encoder.off('state', onState);
    expect(states.some((st) => !st.available)).toBe(true);
    expect(states.at(-1)).toMatchObject({ available: true, cardPresent: true });
    const s = await signer;
    const after = await encoder.personalize(chipInput(s, { jobId: 'job-6' }));
    expect(after.bytesWritten).toBeGreaterThan(12_000);
  });
});
