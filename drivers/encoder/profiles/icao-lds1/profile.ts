import { timingSafeEqual, X509Certificate } from 'node:crypto';
import type { CardChannel } from '../../card-channel.js';
import {
  EncoderError,
  type ChipContents,
  type ChipPersonalization,
  type EncoderProgress,
} from '../../interface.js';
import type { CardProfile } from '../../profile.js';
import { openBac } from './bac.js';
import { buildDataGroups } from './data-groups.js';
import {
  createEfIso,
  createEfJmrtd,
  createLdsDf,
  hasMasterFile,
  lockApplet,
  putMrzSeed,
  readSelected,
  selectEf,
  selectLds,
  send,
  writeSelected,
} from './lds-files.js';
import { LDS_FILES, type LdsFileName } from './layout.js';
import { keyFieldsFromMrz } from './mrz-key.js';
import { buildSod } from './security-object.js';
import { checkLds, toVerifyResult, type LdsCheck, type LdsTrust } from './verify-lds.js';

/**
 * The ICAO LDS1 chip profile (Doc 9303-10/11/12). Two ways to personalise, found from the card:
 * - `jmrtd`: the open JMRTD passport applet (no master file): CREATE FILE, UPDATE BINARY, PUT DATA
 *   of the MRZ key seed, PUT DATA lock; read back through BAC and secure messaging.
 * - `iso7816`: a plain ISO 7816-4 file system (the vicc iso7816 stand-in, the in-process
 *   emulator): the LDS1 application as a DF named by its AID; no BAC (such a card cannot do it).
 * Either way the card counts only when every file reads back as written, every data-group hash
 * equals EF.SOD's, the SOD verifies and its signer chains to the CSCA without being revoked.
 */
export type Lds1Variant = 'auto' | 'jmrtd' | 'iso7816';

export interface IcaoLds1Options {
  variant?: Lds1Variant;
  /** Trusted CSCAs and CRLs when the signer brings none, and for verify() without a certificate. */
  trust?: () => LdsTrust;
  /** The MRZ for BAC when reading a card outside personalisation (`cardgate card read --mrz`). */
  mrz?: string;
}

export interface IcaoLds1Profile extends CardProfile {
  /** The full check behind verify(): hashes, signature, signer, chain, revocation. */
  check(contents: ChipContents, trust?: LdsTrust): LdsCheck;
}

type Progress = (p: Omit<EncoderProgress, 'jobId'>) => void;

const equal = (a: Uint8Array | undefined, b: Uint8Array): boolean =>
  a !== undefined && a.length === b.length && timingSafeEqual(a, b);

async function buildFiles(input: ChipPersonalization): Promise<Partial<Record<LdsFileName, Uint8Array>>> {
  const files = buildDataGroups(input);
  const groups = new Map<number, Uint8Array>();
  for (const f of LDS_FILES) if (f.dg !== undefined && files[f.name]) groups.set(f.dg, files[f.name]!);
  files.sod = await buildSod(groups, input.signer);
  return files;
}

/** Reads every LDS file over `ch`; a file the card does not have is left out. */
async function readFiles(
  ch: CardChannel,
  secure: boolean,
  signal?: AbortSignal,
  onFile?: (name: LdsFileName, bytes: number) => void,
): Promise<ChipContents> {
  const files: Record<string, Uint8Array> = {};
  for (const f of LDS_FILES) {
    signal?.throwIfAborted();
    if (!(await selectEf(ch, f.fid))) continue;
    const bytes = await readSelected(ch, secure, signal);
    if (bytes.length > 0) files[f.name] = bytes;
    onFile?.(f.name, bytes.length);
  }
  return { files };
}

/** True when the card answers a plain SELECT of EF.COM with "security status not satisfied". */
async function needsBac(ch: CardChannel): Promise<boolean> {
  const r = await send(ch, { ins: 0xa4, p1: 0x02, p2: 0x0c, data: Uint8Array.of(0x01, 0x1e) });
  return r.sw === 0x6982 || r.sw === 0x6988 || r.sw === 0x6985;
}

/** Opens the application and, when the chip demands it, BAC with `mrz`. */
async function openForReading(
  ch: CardChannel,
  mrz: string | undefined,
): Promise<{ ch: CardChannel; secure: boolean } | null> {
  if (!(await selectLds(ch))) return null;
  if (!(await needsBac(ch))) return { ch, secure: false };
  if (!mrz) throw new EncoderError('BAC_REFUSED', 'the chip requires Basic Access Control: give the MRZ');
  return { ch: (await openBac(ch, mrz)).channel, secure: true };
}

/** ISO variant: removes the EFs of an earlier personalisation (DELETE FILE). */
async function wipeIso(ch: CardChannel): Promise<void> {
  for (const f of LDS_FILES) {
    const r = await send(ch, {
      ins: 0xe4,
      p1: 0x02,
      p2: 0x00,
      data: Uint8Array.of(f.fid >> 8, f.fid & 0xff),
    });
    if (r.sw === 0x9000 || r.sw === 0x6a82) continue;
    throw new EncoderError('FILE_EXISTS', 'the card holds an LDS and cannot delete it', { sw: r.sw });
  }
}

/** The CSCA the signer names (DER, or the document signer's PEM). */
function signerCsca(input: ChipPersonalization): Uint8Array | undefined {
  const s = input.signer;
  if (s.cscaCertificateDer) return s.cscaCertificateDer;
  if (!s.caCertificatePem) return undefined;
  try {
    return new Uint8Array(new X509Certificate(s.caCertificatePem).raw);
  } catch {
    return undefined;
  }
}

export function createIcaoLds1Profile(opts: IcaoLds1Options = {}): IcaoLds1Profile {
  const trustFor = (signerTrust?: Uint8Array, crls?: Uint8Array[]): LdsTrust => {
    const base = opts.trust?.() ?? { csca: [] };
    if (!signerTrust) return base;
    return { ...base, csca: [signerTrust], crls: [...(crls ?? []), ...(base.crls ?? [])] };
  };

  async function variantOf(ch: CardChannel): Promise<'jmrtd' | 'iso7816'> {
    if (opts.variant && opts.variant !== 'auto') return opts.variant;
    return (await hasMasterFile(ch)) ? 'iso7816' : 'jmrtd';
  }

  const profile: IcaoLds1Profile = {
    name: 'icao-lds1',

    async hasData(ch) {
      if (!(await selectLds(ch))) return false;
      if (await needsBac(ch)) return true;
      return selectEf(ch, 0x011e);
    },

    async personalize(ch, input, progress: Progress, signal) {
      progress({ step: 'connect', bytesDone: 0, bytesTotal: 0 });
      const mrz = Buffer.from(input.dg1).toString('latin1');
      let key;
      try {
        key = keyFieldsFromMrz(mrz);
      } catch (e) {
        throw new EncoderError('CARD_ERROR', `DG1 is not an MRZ: ${(e as Error).message}`, { cause: e });
      }
      const files = await buildFiles(input);
      const order = LDS_FILES.filter((f) => files[f.name]);
      const total = order.reduce((a, f) => a + files[f.name]!.length, 0);
      const variant = await variantOf(ch);

      if (variant === 'jmrtd') {
        if (!(await selectLds(ch))) throw new EncoderError('CARD_ERROR', 'the card has no LDS1 applet');
        // The applet is write-once: a personalised (locked) card cannot be wiped.
        if ((await needsBac(ch)) || (await selectEf(ch, 0x011e))) {
          throw new EncoderError('FILE_EXISTS', 'the LDS1 applet is already personalised');
        }
        await putMrzSeed(ch, key);
      } else {
        if (await this.hasData(ch)) {
          if (!input.wipe) {
            throw new EncoderError(
              'FILE_EXISTS',
              'the card already holds an LDS; personalize with wipe: true',
            );
          }
          await wipeIso(ch);
        }
        if (!(await selectLds(ch))) {
          await createLdsDf(ch);
          if (!(await selectLds(ch))) throw new EncoderError('CARD_ERROR', 'LDS1 DF missing after CREATE');
        }
      }

      let before = 0;
      for (const f of order) {
        signal?.throwIfAborted();
        const bytes = files[f.name]!;
        if (variant === 'jmrtd') await createEfJmrtd(ch, f.fid, bytes.length);
        else await createEfIso(ch, f.fid, bytes.length);
        if (!(await selectEf(ch, f.fid)))
          throw new EncoderError('CARD_ERROR', `EF ${f.name} missing after CREATE`);
        const base = before;
        await writeSelected(
          ch,
          bytes,
          (done) => progress({ step: 'write', file: f.name, bytesDone: base + done, bytesTotal: total }),
          signal,
        );
        before += bytes.length;
      }
      if (variant === 'jmrtd') await lockApplet(ch);

      const opened = await openForReading(ch, mrz);
      if (!opened) throw new EncoderError('CARD_ERROR', 'LDS1 application missing after writing');
      let read = 0;
      const back = await readFiles(opened.ch, opened.secure, signal, (name, bytes) => {
        read += bytes;
        progress({ step: 'readback', file: name, bytesDone: read, bytesTotal: total });
      });
      const differs = order.filter((f) => !equal(back.files[f.name], files[f.name]!)).map((f) => f.name);
      if (differs.length > 0) {
        throw new EncoderError(
          'VERIFY_FAILED',
          `read-back differs from what was written: ${differs.join(', ')}`,
        );
      }
      const result = toVerifyResult(checkLds(back.files, trustFor(signerCsca(input), input.signer.crlsDer)));
      if (!result.ok) {
        throw new EncoderError(
          result.code ?? 'VERIFY_FAILED',
          `the card does not verify: ${result.failures.join(', ')}`,
        );
      }
      progress({ step: 'verified', bytesDone: total, bytesTotal: total });
      return { bytesWritten: total, securityObject: files.sod! };
    },

    async readBack(ch, signal) {
      const opened = await openForReading(ch, opts.mrz);
      if (!opened) return { files: {} };
      return readFiles(opened.ch, opened.secure, signal);
    },

    check(contents, trust) {
      return checkLds(contents.files, trust ?? trustFor());
    },

    verify(contents, trustedCertDer) {
      return toVerifyResult(checkLds(contents.files, trustFor(trustedCertDer)));
    },
  };
  return profile;
}
