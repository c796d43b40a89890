import { CardgateError } from '../../core/errors.js';
import { c40Length, decodeC40, encodeC40 } from './c40.js';

export const SEAL_MAGIC = 0xdc;

/** The seal header (Doc 9303 part 13 §2.2; BSI TR-03137 for version 4). */
export interface SealHeader {
  /** 3 (version byte 0x02) or 4 (version byte 0x03). */
  version: 3 | 4;
  issuingState: string;
  /** 4 characters: country (2) and signer (2), e.g. `ROCG`. */
  signerId: string;
  /** Certificate reference: 5 characters in version 3, any length (≤ 255) in version 4. */
  certReference: string;
  /** Document issue date and signature creation date, `YYYY-MM-DD`. */
  issueDate: string;
  signatureDate: string;
  featureDefinitionRef: number;
  documentTypeCategory: number;
}

const malformed = (m: string): CardgateError => new CardgateError('SEAL_MALFORMED', m, { status: 400 });

/** `YYYY-MM-DD` → 3 bytes of the integer MMDDYYYY, big-endian. */
export function encodeSealDate(iso: string): number[] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new CardgateError('SEAL_BAD_DATE', 'seal dates are YYYY-MM-DD', { status: 400 });
  const n = Number(m[2]) * 1_000_000 + Number(m[3]) * 10_000 + Number(m[1]);
  return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}

export function decodeSealDate(b: Uint8Array): string {
  const n = (b[0]! << 16) | (b[1]! << 8) | b[2]!;
  const s = String(n).padStart(8, '0');
  const [mm, dd, yyyy] = [s.slice(0, 2), s.slice(2, 4), s.slice(4)];
  const date = new Date(`${yyyy}-${mm}-${dd}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== `${yyyy}-${mm}-${dd}`)
    throw malformed(`seal date ${s} is not a date`);
  return `${yyyy}-${mm}-${dd}`;
}

function signerField(h: SealHeader): string {
  if (!/^[A-Z0-9]{4}$/.test(h.signerId)) throw malformed('signer identifier must be 4 characters A–Z 0–9');
  if (h.version === 3) {
    if (!/^[A-Z0-9]{5}$/.test(h.certReference))
      throw malformed('version 3 certificate reference is 5 characters');
    return h.signerId + h.certReference;
  }
  if (!/^[A-Z0-9]{1,255}$/.test(h.certReference)) throw malformed('certificate reference must be A–Z 0–9');
  return h.signerId + h.certReference.length.toString(16).toUpperCase().padStart(2, '0') + h.certReference;
}

export function encodeHeader(h: SealHeader): Uint8Array {
  const state = encodeC40(h.issuingState.replace(/<+$/, '').padEnd(3, ' '));
  if (state.length !== 2) throw malformed('issuing state must be 3 characters');
  return Uint8Array.from([
    SEAL_MAGIC,
    h.version === 3 ? 0x02 : 0x03,
    ...state,
    ...encodeC40(signerField(h)),
    ...encodeSealDate(h.issueDate),
    ...encodeSealDate(h.signatureDate),
    h.featureDefinitionRef & 0xff,
    h.documentTypeCategory & 0xff,
  ]);
}

/** Parses a header; returns it and the offset of the message zone. */
export function decodeHeader(bytes: Uint8Array): { header: SealHeader; next: number } {
  if (bytes.length < 20) throw malformed('too short for a seal');
  if (bytes[0] !== SEAL_MAGIC) throw malformed('no seal magic 0xDC');
  const vb = bytes[1];
  if (vb !== 0x02 && vb !== 0x03) throw malformed(`unknown seal version byte ${vb}`);
  const version = vb === 0x02 ? 3 : 4;
  const issuingState = decodeC40(bytes.subarray(2, 4)).replaceAll(' ', '<');
  let off = 4;
  let signerId: string;
  let certReference: string;
  if (version === 3) {
    const s = decodeC40(bytes.subarray(off, off + 6));
    signerId = s.slice(0, 4);
    certReference = s.slice(4);
    off += 6;
  } else {
    const head = decodeC40(bytes.subarray(off, off + 4)); // 6 characters: id (4) + hex length (2)
    const refLen = Number.parseInt(head.slice(4, 6), 16);
    if (!/^[0-9A-F]{2}$/.test(head.slice(4, 6))) throw malformed('bad certificate reference length');
    const total = c40Length(6 + refLen);
    if (off + total > bytes.length) throw malformed('header truncated');
    const s = decodeC40(bytes.subarray(off, off + total));
    signerId = s.slice(0, 4);
    certReference = s.slice(6, 6 + refLen);
    off += total;
  }
  if (off + 8 > bytes.length) throw malformed('header truncated');
  const issueDate = decodeSealDate(bytes.subarray(off, off + 3));
  const signatureDate = decodeSealDate(bytes.subarray(off + 3, off + 6));
  const header: SealHeader = {
    version,
    issuingState,
    signerId,
    certReference,
    issueDate,
    signatureDate,
    featureDefinitionRef: bytes[off + 6]!,
    documentTypeCategory: bytes[off + 7]!,
  };
  return { header, next: off + 8 };
}
