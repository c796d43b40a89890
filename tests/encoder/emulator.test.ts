import { describe, expect, it } from 'vitest';
import { EmulatorEncoder } from '../../drivers/encoder/emulator/emulator-encoder.js';
import { createEphemeralChipSigner } from '../../drivers/encoder/ephemeral-signer.js';
import { cardReport } from '../../drivers/encoder/card-report.js';
import { createEncoder } from '../../drivers/encoder/factory.js';
import type { EncoderProgress } from '../../drivers/encoder/interface.js';
import { FILES } from '../../drivers/encoder/profiles/iso7816-fs/layout.js';
import { APP_FID } from '../../drivers/encoder/profiles/iso7816-fs/layout.js';
import { chipInput } from './chip-input.js';
import { codeOf } from './encoder-error-code.js';

const signer = await createEphemeralChipSigner();

async function started(
  opts: Partial<ConstructorParameters<typeof EmulatorEncoder>[0]> = {},
): Promise<EmulatorEncoder> {
  const enc = new EmulatorEncoder({ exchangeTimeoutMs: 1000, ...opts });
  await enc.start();
  return enc;
}

describe('encoder emulator', () => {
  it('personalizes, reads back the same bytes and verifies the signature', async () => {
    const enc = await started();
    const progress: EncoderProgress[] = [];
    enc.on('progress', (p) => progress.push(p));
    const input = chipInput(signer);
    const res = await enc.personalize(input);
    expect(res.bytesWritten).toBeGreaterThan(12_000);
    expect(res.apdus).toBeGreaterThan(12_000 / 255);
    const back = await enc.readBack();
    expect(Object.keys(back.files).sort()).toEqual(FILES.map((f) => f.name).sort());
    expect(Buffer.from(back.files.dg2!).includes(Buffer.from(input.dg2))).toBe(true);
    expect(await enc.verify()).toEqual({ ok: true, failures: [] });
    expect(await enc.verify(signer.certificateDer)).toEqual({ ok: true, failures: [] });
    expect(progress[0]?.step).toBe('connect');
    const reads = progress.filter((p) => p.step === 'readback');
    expect(reads.map((p) => p.file)).toEqual(FILES.map((f) => f.name));
    expect(reads.at(-1)?.bytesDone).toBe(res.bytesWritten);
    expect(progress.at(-1)).toMatchObject({ step: 'verified', jobId: 'job-1' });
    const writes = progress.filter((p) => p.step === 'write');
    expect(writes.at(-1)?.bytesDone).toBe(res.bytesWritten);
    expect(writes.every((p, i) => i === 0 || p.bytesDone > writes[i - 1]!.bytesDone)).toBe(true);
    expect(enc.emulated).toBe(true);
  });

  it('refuses a card that holds data with FILE_EXISTS, and wipes it on request', async () => {
    const enc = await started();
    await enc.personalize(chipInput(signer));
    expect(await codeOf(enc.personalize(chipInput(signer)))).toBe('FILE_EXISTS');
    const other = await createEphemeralChipSigner('CN=second signer');
    await enc.personalize(chipInput(other, { wipe: true }));
    expect((await enc.verify(other.certificateDer)).ok).toBe(true);
    expect((await enc.verify(signer.certificateDer)).failures).toEqual(['signature']);
  });

  it('wipes a card without DELETE FILE by zeroing, then rewrites into the same files', async () => {
    const enc = await started({ card: { supportsDelete: false } });
    await enc.personalize(chipInput(signer));
    const before = enc.control.card()!.ef([0x3f00, APP_FID, 0x0102])!.data.length;
    await enc.personalize(chipInput(signer, { wipe: true }));
    expect(enc.control.card()!.ef([0x3f00, APP_FID, 0x0102])!.data.length).toBe(before);
    expect((await enc.verify()).ok).toBe(true);
  });

  it('reports a tampered DG2 byte as a verify failure', async () => {
    const enc = await started();
    await enc.personalize(chipInput(signer));
    const dg2 = enc.control.card()!.ef([0x3f00, APP_FID, 0x0102])!;
    dg2.data[5000] = dg2.data[5000]! ^ 0xff;
    expect(await enc.verify()).toEqual({ ok: false, failures: ['dg2'] });
  });

  it('answers NO_CARD without a card and waits for one', async () => {
    const enc = await started({ cardPresent: false });
    expect(enc.state().cardPresent).toBe(false);
    expect(await codeOf(enc.personalize(chipInput(signer)))).toBe('NO_CARD');
    expect(await codeOf(enc.waitForCard(50))).toBe('NO_CARD');
    const waiting = enc.waitForCard(2000);
    setTimeout(() => enc.control.insertCard(), 20);
    await waiting;
    await enc.personalize(chipInput(signer));
  });

  it('fails with CARD_REMOVED when the card is pulled mid-write, and works with the next card', async () => {
    const enc = await started({ latencyMs: 2 });
    enc.control.removeCardAfterUpdates(10);
    // The code tells a noticed removal from a hang (which would end as TIMEOUT).
    expect(await codeOf(enc.personalize(chipInput(signer)))).toBe('CARD_REMOVED');
    expect(enc.state().cardPresent).toBe(false);
    enc.control.insertCard();
    await enc.personalize(chipInput(signer));
    expect((await enc.verify()).ok).toBe(true);
  });

  it('aborts a slow exchange with TIMEOUT', async () => {
    // The card would answer after 5 s: TIMEOUT before then is the exchange time-out at work,
    // on a machine of any speed.
    const enc = await started({ exchangeTimeoutMs: 100, latencyMs: 5000 });
    const t0 = Date.now();
    expect(await codeOf(enc.readBack())).toBe('TIMEOUT');
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('refuses a face larger than the card holds with MEMORY', async () => {
    const enc = await started({ card: { capacity: 8000 } });
    expect(await codeOf(enc.personalize(chipInput(signer)))).toBe('MEMORY');
  });

  it('writes with extended-length APDUs when the card supports them', async () => {
    const short = await started();
    const ext = await started({ card: { extendedLength: true } });
    const a = await short.personalize(chipInput(signer));
    const b = await ext.personalize(chipInput(signer));
    expect(b.apdus).toBeLessThan(a.apdus / 2);
    expect((await ext.verify()).ok).toBe(true);
  });

  it('refuses a face over the configured budget before touching the card (TOO_LARGE)', async () => {
    const enc = createEncoder({ driver: 'emulator', exchangeTimeoutMs: 500, dg2MaxBytes: 8000 });
    await enc.start();
    expect(await codeOf(enc.personalize(chipInput(signer)))).toBe('TOO_LARGE');
    expect(enc.state().cardPresent).toBe(true);
    expect(await enc.readBack()).toEqual({ files: {} });
  });

  it('the factory gives the emulator on request, reported as emulated', async () => {
    const enc = createEncoder({ driver: 'emulator', exchangeTimeoutMs: 500 });
    expect(enc.driver).toBe('emulator');
    expect(enc.emulated).toBe(true);
    await enc.start();
    expect(enc.state()).toMatchObject({ available: true, cardPresent: true });
  });

  it('the factory falls back to the emulator in auto mode when pcscd does not answer', () => {
    const enc = createEncoder({
      driver: 'auto',
      exchangeTimeoutMs: 500,
      pcsc: () => {
        throw new Error('SCardEstablishContext error: Service not available.(0x8010001d)');
      },
    });
    expect(enc.driver).toBe('emulator');
  });

  it('a pcsc encoder without a loadable binding starts offline with the reason', async () => {
    const enc = createEncoder({
      driver: 'pcsc',
      exchangeTimeoutMs: 500,
      pcsc: () => {
        throw new Error('SCardEstablishContext error: Service not available.(0x8010001d)');
      },
      retryMs: 10_000,
    });
    await enc.start();
    expect(enc.state()).toMatchObject({ available: false, cardPresent: false });
    expect(enc.state().reason).toMatch(/pcscd not answering/);
    expect(await codeOf(enc.personalize(chipInput(signer)))).toBe('PCSC_UNAVAILABLE');
    await enc.stop();
  });

  it('card report shows sizes, hashes and verify without personal data unless asked', async () => {
    const enc = await started();
    await enc.personalize(chipInput(signer));
    const contents = await enc.readBack();
    const plain = cardReport(contents, enc.verifyContents(contents), false);
    const text = JSON.stringify(plain);
    expect(plain.verify.ok).toBe(true);
    expect(plain.signer).toContain('cardgate ephemeral chip signer');
    expect(plain.files.dg2?.bytes).toBeGreaterThan(12_000);
    expect(text).not.toMatch(/DOE|JANE|39001010000|Example street/);
    const full = cardReport(contents, enc.verifyContents(contents), true);
    expect(full.personal?.mrz?.[2]).toBe('DOE<<JANE<<<<<<<<<<<<<<<<<<<<<');
    expect(full.personal?.documentData).toMatchObject({ personalCode: '39001010000' });
    expect(full.personal?.photo).toMatchObject({ bytes: 12_000, jpeg: true });
  });
});
