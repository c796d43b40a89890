import { CardgateError } from '../../core/errors.js';
import { decodeLength, encodeLength } from './der-length.js';
import { decodeHeader, encodeHeader, type SealHeader } from './header.js';
import { decodeFeatures, encodeFeatures, SIGNATURE_MARKER, type SealFeature } from './message.js';

/** Anything that signs with ECDSA P-256 / SHA-256 and answers raw r‖s (the DocumentSigner). */
export interface RawSigner {
  sign(data: Uint8Array): Promise<Uint8Array>;
}

export interface DecodedSeal {
  header: SealHeader;
  features: SealFeature[];
  /** Raw r‖s, or null for an unsigned byte string. */
  signature: Uint8Array | null;
  /** Header + message zone: the bytes the signature covers. */
  signedBytes: Uint8Array;
}

/** Header + message zone + signature zone (`0xFF`, DER length, r‖s). */
export async function encodeSeal(
  header: SealHeader,
  features: readonly SealFeature[],
  signer: RawSigner,
): Promise<Uint8Array> {
  const h = encodeHeader(header);
  const m = encodeFeatures(features);
  const signed = new Uint8Array(h.length + m.length);
  signed.set(h, 0);
  signed.set(m, h.length);
  const sig = await signer.sign(signed);
  const zone = [SIGNATURE_MARKER, ...encodeLength(sig.length)];
  const out = new Uint8Array(signed.length + zone.length + sig.length);
  out.set(signed, 0);
  out.set(zone, signed.length);
  out.set(sig, signed.length + zone.length);
  return out;
}

/** Parses any well-formed seal (version 3 or 4 header); does not check the signature. */
export function decodeSeal(bytes: Uint8Array): DecodedSeal {
  const { header, next } = decodeHeader(bytes);
  const { features, next: end } = decodeFeatures(bytes, next);
  const signedBytes = bytes.slice(0, end);
  if (end === bytes.length) return { header, features, signature: null, signedBytes };
  const { length, next: sigStart } = decodeLength(bytes, end + 1);
  if (sigStart + length !== bytes.length)
    throw new CardgateError('SEAL_MALFORMED', 'signature zone length does not match the data', {
      status: 400,
    });
  return { header, features, signature: bytes.slice(sigStart, sigStart + length), signedBytes };
}
