import { timingSafeEqual } from 'node:crypto';
import type { CardChannel } from '../../card-channel.js';
import {
  EncoderError,
  type ChipContents,
  type ChipPersonalization,
  type EncoderProgress,
} from '../../interface.js';
import type { CardProfile } from '../../profile.js';
import { parseTlv, tlv } from '../../tlv.js';
import {
  createApp,
  createEf,
  deleteFile,
  peek,
  readTlvFile,
  selectApp,
  selectEf,
  updateBinary,
} from './card-files.js';
import { FILES, HASHED, type ChipFileName } from './layout.js';
import {
  buildSecurityObject,
  parseSecurityObject,
  sha256,
  signatureValid,
  signedPart,
} from './security-object.js';

type Progress = (p: Omit<EncoderProgress, 'jobId'>) => void;

const equal = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && timingSafeEqual(a, b);

/** The bytes each EF will hold. */
async function buildFiles(input: ChipPersonalization): Promise<Record<ChipFileName, Uint8Array>> {
  const dg1 = tlv(0x61, tlv(0x5f1f, input.dg1));
  const dg2 = tlv(0x75, tlv(0x5f2e, input.dg2));
  const data = tlv(0x70, input.documentData);
  let cert: Uint8Array;
  try {
    const parsed = parseTlv(input.signer.certificateDer);
    if (parsed.tag !== 0x30 || parsed.size !== input.signer.certificateDer.length) throw new Error();
    cert = input.signer.certificateDer;
  } catch {
    throw new EncoderError('CARD_ERROR', 'signer certificate is not one DER SEQUENCE');
  }
  const signed = signedPart({ dg1: sha256(dg1), dg2: sha256(dg2), data: sha256(data) });
  const signature = await input.signer.sign(signed);
  return { dg1, dg2, data, cert, sod: buildSecurityObject(signed, signature) };
}

/**
 * Wipe, defined for this profile: DELETE FILE every EF of the application, so the card holds no
 * document data; the empty application DF stays (vicc's DELETE of a named DF leaves its name
 * registered, so the DF could not be created again). A card that does not implement DELETE
 * instead gets every file overwritten with zeros (a zeroed file reads as empty) and the new files
 * are written into the same EFs; a new file larger than the old EF then fails with the card's
 * MEMORY error.
 */
async function wipe(ch: CardChannel, signal?: AbortSignal): Promise<void> {
  if (!(await selectApp(ch))) return;
  let deleteWorks = true;
  for (const f of FILES) {
    signal?.throwIfAborted();
    if (deleteWorks && (await deleteFile(ch, 0x02, f.fid))) continue;
    deleteWorks = false;
    if (!(await selectEf(ch, f.fid))) continue;
    const old = await readTlvFile(ch, signal);
    if (old.length > 0) await updateBinary(ch, new Uint8Array(old.length), () => {}, signal);
  }
}

async function readFiles(
  ch: CardChannel,
  signal?: AbortSignal,
  onFile?: (name: ChipFileName, bytes: number) => void,
): Promise<ChipContents> {
  const files: Record<string, Uint8Array> = {};
  if (!(await selectApp(ch))) return { files };
  for (const f of FILES) {
    signal?.throwIfAborted();
    if (!(await selectEf(ch, f.fid))) continue;
    const bytes = await readTlvFile(ch, signal);
    if (bytes.length > 0) files[f.name] = bytes;
    onFile?.(f.name, bytes.length);
  }
  return { files };
}

export const iso7816FsProfile: CardProfile = {
  name: 'iso7816-fs',

  async hasData(ch) {
    if (!(await selectApp(ch))) return false;
    for (const f of FILES) {
      if (!(await selectEf(ch, f.fid))) continue;
      const head = await peek(ch, 2);
      if (head.some((b) => b !== 0)) return true;
    }
    return false;
  },

  async personalize(ch, input, progress: Progress, signal) {
    progress({ step: 'connect', bytesDone: 0, bytesTotal: 0 });
    const files = await buildFiles(input);
    const total = FILES.reduce((a, f) => a + files[f.name].length, 0);

    if (await this.hasData(ch)) {
      if (!input.wipe) {
        throw new EncoderError(
          'FILE_EXISTS',
          'the card already holds document data; personalize with wipe: true to replace it',
        );
      }
    }
    if (input.wipe) await wipe(ch, signal);
    if (!(await selectApp(ch))) await createApp(ch);

    let before = 0;
    for (const f of FILES) {
      signal?.throwIfAborted();
      const bytes = files[f.name];
      if (!(await selectEf(ch, f.fid))) await createEf(ch, f.fid, bytes.length);
      const base = before;
      await updateBinary(
        ch,
        bytes,
        (done) => progress({ step: 'write', file: f.name, bytesDone: base + done, bytesTotal: total }),
        signal,
      );
      before += bytes.length;
    }

    let read = 0;
    const back = await readFiles(ch, signal, (name, bytes) => {
      read += bytes;
      progress({ step: 'readback', file: name, bytesDone: read, bytesTotal: total });
    });
    const failures: string[] = FILES.filter(
      (f) => !equal(back.files[f.name] ?? new Uint8Array(0), files[f.name]),
    ).map((f) => f.name);
    const verified = this.verify(back, input.signer.certificateDer);
    failures.push(...verified.failures.filter((n) => !failures.includes(n)));
    if (failures.length > 0) {
      throw new EncoderError(
        'VERIFY_FAILED',
        `read-back differs from what was written: ${failures.join(', ')}`,
      );
    }
    progress({ step: 'verified', bytesDone: total, bytesTotal: total });
    return { bytesWritten: total };
  },

  readBack(ch, signal) {
    return readFiles(ch, signal);
  },

  verify(contents, trustedCertDer) {
    const failures: string[] = [];
    const sodFile = contents.files.sod;
    if (!sodFile) return { ok: false, failures: ['sod'] };
    let sod;
    try {
      sod = parseSecurityObject(sodFile);
    } catch {
      return { ok: false, failures: ['sod'] };
    }
    for (const name of HASHED) {
      const file = contents.files[name];
      const expected = sod.hashes[name];
      if (!file || !expected || !equal(sha256(file), expected)) failures.push(name);
    }
    const cert = trustedCertDer ?? contents.files.cert;
    if (!cert || !signatureValid(sod.signed, sod.signature, cert)) failures.push('signature');
    return { ok: failures.length === 0, failures };
  },
};
