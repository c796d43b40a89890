import { CardgateError } from '../../core/errors.js';
import { decodeLength, encodeLength } from './der-length.js';

/** One feature of the message zone: tag, value (the length is implied). */
export interface SealFeature {
  tag: number;
  value: Uint8Array;
}

export const SIGNATURE_MARKER = 0xff;

export function encodeFeatures(features: readonly SealFeature[]): Uint8Array {
  const out: number[] = [];
  for (const f of features) {
    if (f.tag < 0 || f.tag > 0xfe)
      throw new CardgateError('SEAL_MALFORMED', `feature tag ${f.tag} out of range`, { status: 400 });
    out.push(f.tag, ...encodeLength(f.value.length), ...f.value);
  }
  return Uint8Array.from(out);
}

/** Reads features from `offset` until the signature marker or the end. */
export function decodeFeatures(bytes: Uint8Array, offset: number): { features: SealFeature[]; next: number } {
  const features: SealFeature[] = [];
  let off = offset;
  while (off < bytes.length && bytes[off] !== SIGNATURE_MARKER) {
    const tag = bytes[off]!;
    const { length, next } = decodeLength(bytes, off + 1);
    if (next + length > bytes.length)
      throw new CardgateError('SEAL_MALFORMED', `feature 0x${tag.toString(16)} runs past the end`, {
        status: 400,
      });
    features.push({ tag, value: bytes.slice(next, next + length) });
    off = next + length;
  }
  return { features, next: off };
}
