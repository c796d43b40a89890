import { createHash } from 'node:crypto';
import type { ChipContents, VerifyResult } from './interface.js';
import { decodeChip } from './profiles/iso7816-fs/decode.js';

export interface CardReport {
  files: Record<string, { bytes: number; sha256: string }>;
  verify: VerifyResult;
  signer: string | null;
  malformed: string[];
  /** Only with showPersonal: what the card says about the person. */
  personal?: {
    mrz: string[] | null;
    documentData: unknown;
    photo: { bytes: number; jpeg: boolean; base64: string } | null;
  };
}

function parseData(bytes: Uint8Array | undefined): unknown {
  if (!bytes) return null;
  const text = Buffer.from(bytes).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return { hex: Buffer.from(bytes).toString('hex') };
  }
}

/**
 * What `cardgate card read` prints. Sizes, hashes, the signer and the verify result are not
 * personal; the MRZ, the document data and the photo appear only when asked for.
 */
export function cardReport(contents: ChipContents, verify: VerifyResult, showPersonal: boolean): CardReport {
  const decoded = decodeChip(contents);
  const files = Object.fromEntries(
    Object.entries(contents.files).map(([name, b]) => [
      name,
      { bytes: b.length, sha256: createHash('sha256').update(b).digest('hex') },
    ]),
  );
  const report: CardReport = {
    files,
    verify,
    signer: decoded.signerSubject ?? null,
    malformed: decoded.malformed,
  };
  if (showPersonal) {
    const mrz = decoded.mrz;
    report.personal = {
      mrz: mrz
        ? mrz.length % 30 === 0
          ? (mrz.match(/.{30}/g) ?? [mrz])
          : mrz.length % 44 === 0
            ? (mrz.match(/.{44}/g) ?? [mrz])
            : [mrz]
        : null,
      documentData: parseData(decoded.documentData),
      photo: decoded.photoJpeg
        ? {
            bytes: decoded.photoJpeg.length,
            jpeg: decoded.photoJpeg[0] === 0xff && decoded.photoJpeg[1] === 0xd8,
            base64: Buffer.from(decoded.photoJpeg).toString('base64'),
          }
        : null,
    };
  }
  return report;
}
