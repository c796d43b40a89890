import { X509Certificate } from 'node:crypto';
import type { ChipContents } from '../../interface.js';
import { parseTlv } from '../../tlv.js';

export interface DecodedChip {
  /** DG1 MRZ text (personal). */
  mrz?: string;
  /** DG2 JPEG bytes (personal). */
  photoJpeg?: Uint8Array;
  /** Document-data bytes as the document module wrote them (personal). */
  documentData?: Uint8Array;
  signerSubject?: string;
  /** Files present but not decodable. */
  malformed: string[];
}

function inner(file: Uint8Array | undefined, outer: number, tag: number | undefined): Uint8Array | undefined {
  if (!file) return undefined;
  const o = parseTlv(file);
  if (o.tag !== outer) throw new RangeError('wrong outer tag');
  if (tag === undefined) return o.value;
  const i = parseTlv(o.value);
  if (i.tag !== tag) throw new RangeError('wrong inner tag');
  return i.value;
}

/** The card's files unwrapped from their TLVs; a malformed file is named, never thrown. */
export function decodeChip(contents: ChipContents): DecodedChip {
  const out: DecodedChip = { malformed: [] };
  const attempt = (name: string, fn: () => void): void => {
    try {
      fn();
    } catch {
      out.malformed.push(name);
    }
  };
  attempt('dg1', () => {
    const v = inner(contents.files.dg1, 0x61, 0x5f1f);
    if (v) out.mrz = Buffer.from(v).toString('latin1');
  });
  attempt('dg2', () => {
    const v = inner(contents.files.dg2, 0x75, 0x5f2e);
    if (v) out.photoJpeg = v;
  });
  attempt('data', () => {
    const v = inner(contents.files.data, 0x70, undefined);
    if (v) out.documentData = v;
  });
  attempt('cert', () => {
    if (contents.files.cert) out.signerSubject = new X509Certificate(contents.files.cert).subject;
  });
  return out;
}
