import { createHash } from 'node:crypto';
import type { ChipContents, VerifyResult } from '../../interface.js';
import { decodeLds } from './data-groups.js';
import type { FaceHeader } from './face-record.js';
import { toVerifyResult, type LdsCheck } from './verify-lds.js';

/**
 * What `cardgate card read` shows of an LDS1 chip: EF.COM, the DG1 MRZ (only when the reader
 * proved it knows it with --mrz, or with --show-personal), DG2's size and face header, the SOD's
 * signer, the hash results and the chain result. DG11/DG12 contents are personal: only with
 * --show-personal.
 */
export interface LdsReport {
  profile: 'icao-lds1';
  files: Record<string, { bytes: number; sha256: string }>;
  com: { ldsVersion: string; unicodeVersion: string; tags: string[] } | null;
  mrz: string[] | null;
  face: (FaceHeader & { recordBytes: number; imageBytes: number; jpeg: boolean }) | null;
  dg11: Record<string, string> | null;
  dg12: Record<string, string> | null;
  sod: Pick<LdsCheck, 'sod' | 'eContentType' | 'hashAlgorithm' | 'signer'>;
  hashes: LdsCheck['hashes'];
  signature: LdsCheck['signature'];
  chain: LdsCheck['chain'];
  revocation: LdsCheck['revocation'];
  verify: VerifyResult;
  malformed: string[];
}

export function ldsReport(
  contents: ChipContents,
  check: LdsCheck,
  show: { mrz: boolean; personal: boolean },
): LdsReport {
  const lds = decodeLds(contents.files);
  const image = lds.face?.image;
  return {
    profile: 'icao-lds1',
    files: Object.fromEntries(
      Object.entries(contents.files).map(([name, b]) => [
        name,
        { bytes: b.length, sha256: createHash('sha256').update(b).digest('hex') },
      ]),
    ),
    com: lds.com ?? null,
    mrz: (show.mrz || show.personal) && lds.mrz ? (lds.mrz.match(/.{30}|.{44}/g) ?? [lds.mrz]) : null,
    face:
      lds.face && image
        ? {
            ...lds.face.header,
            recordBytes: lds.face.recordBytes,
            imageBytes: image.length,
            jpeg: image[0] === 0xff && image[1] === 0xd8,
          }
        : null,
    dg11: show.personal ? (lds.dg11 ?? null) : null,
    dg12: show.personal ? (lds.dg12 ?? null) : null,
    sod: {
      sod: check.sod,
      eContentType: check.eContentType,
      hashAlgorithm: check.hashAlgorithm,
      signer: check.signer,
    },
    hashes: check.hashes,
    signature: check.signature,
    chain: check.chain,
    revocation: check.revocation,
    verify: toVerifyResult(check),
    malformed: lds.malformed,
  };
}

/** The report as lines for a person at a terminal. */
export function ldsReportText(r: LdsReport): string {
  const out: string[] = [];
  out.push(
    `LDS1 chip (${r.verify.ok ? 'VALID' : `NOT VALID: ${r.verify.code ?? r.verify.failures.join(', ')}`})`,
  );
  if (r.com)
    out.push(
      `EF.COM      LDS ${r.com.ldsVersion}, Unicode ${r.com.unicodeVersion}, tags ${r.com.tags.join(' ')}`,
    );
  if (r.mrz) out.push(`DG1 MRZ     ${r.mrz.join('\n            ')}`);
  else if (r.files.dg1)
    out.push(`DG1         ${r.files.dg1.bytes} bytes (MRZ shown with --mrz or --show-personal)`);
  if (r.face) {
    out.push(
      `DG2         ${r.files.dg2?.bytes ?? 0} bytes; face record ${r.face.version} ${r.face.width}×${r.face.height}, ` +
        `${r.face.imageDataType === 0 ? 'JPEG' : 'JPEG 2000'} ${r.face.imageBytes} bytes`,
    );
  }
  for (const dg of ['dg11', 'dg12'] as const) {
    const fields = r[dg];
    if (fields)
      out.push(
        `${dg.toUpperCase().padEnd(12)}${Object.entries(fields)
          .map(([k, v]) => `${k}=${v}`)
          .join('; ')}`,
      );
    else if (r.files[dg]) out.push(`${dg.toUpperCase().padEnd(12)}${r.files[dg].bytes} bytes`);
  }
  const s = r.sod;
  out.push(`EF.SOD      ${s.sod}, eContentType ${s.eContentType ?? '-'}, ${s.hashAlgorithm ?? '-'}`);
  if (s.signer)
    out.push(
      `signer      ${s.signer.subject.replaceAll('\n', ', ')} (serial ${s.signer.serial}, until ${s.signer.notAfter})`,
    );
  out.push(
    `hashes      ${
      Object.entries(r.hashes)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') || '-'
    }`,
  );
  out.push(`signature   ${r.signature}`);
  out.push(`chain       ${r.chain}`);
  out.push(`revocation  ${r.revocation}`);
  if (r.malformed.length) out.push(`malformed   ${r.malformed.join(', ')}`);
  return `${out.join('\n')}\n`;
}
