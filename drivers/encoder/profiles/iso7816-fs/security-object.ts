import { createHash, verify as verifySignature, X509Certificate } from 'node:crypto';
import { parseTlv, parseTlvList, tlv } from '../../tlv.js';

/**
 * The security object (file `sod`): the SHA-256 of each data-group file, signed with ECDSA P-256
 * (raw r‖s) by the document signer.
 *
 *   77 { 80 01 <version>  A0 { 30 { 0C <name> 04 <sha-256> } … }  5F37 <signature> }
 *
 * The signature covers the bytes of the 80 and A0 objects exactly as stored.
 */
const VERSION = 1;

export const sha256 = (b: Uint8Array): Uint8Array => new Uint8Array(createHash('sha256').update(b).digest());

export function signedPart(hashes: Record<string, Uint8Array>): Uint8Array {
  const entries = Object.entries(hashes).map(([name, h]) =>
    tlv(0x30, tlv(0x0c, Buffer.from(name, 'utf8')), tlv(0x04, h)),
  );
  const part = [tlv(0x80, Uint8Array.of(VERSION)), tlv(0xa0, ...entries)];
  return Buffer.concat(part);
}

export function buildSecurityObject(signed: Uint8Array, signature: Uint8Array): Uint8Array {
  return tlv(0x77, signed, tlv(0x5f37, signature));
}

export interface ParsedSecurityObject {
  version: number;
  hashes: Record<string, Uint8Array>;
  signed: Uint8Array;
  signature: Uint8Array;
}

/** Throws RangeError on anything malformed (the caller reports it as a verify failure). */
export function parseSecurityObject(file: Uint8Array): ParsedSecurityObject {
  const outer = parseTlv(file);
  if (outer.tag !== 0x77) throw new RangeError('not a security object');
  const parts = parseTlvList(outer.value);
  const [ver, list, sig] = parts;
  if (!ver || ver.tag !== 0x80 || !list || list.tag !== 0xa0 || !sig || sig.tag !== 0x5f37) {
    throw new RangeError('security object has the wrong structure');
  }
  const hashes: Record<string, Uint8Array> = {};
  for (const entry of parseTlvList(list.value)) {
    const [name, hash] = parseTlvList(entry.value);
    if (entry.tag !== 0x30 || name?.tag !== 0x0c || hash?.tag !== 0x04) {
      throw new RangeError('security object hash entry malformed');
    }
    hashes[Buffer.from(name.value).toString('utf8')] = hash.value;
  }
  return {
    version: ver.value[0] ?? 0,
    hashes,
    signed: outer.value.slice(0, ver.size + list.size),
    signature: sig.value,
  };
}

export function signatureValid(signed: Uint8Array, signature: Uint8Array, certDer: Uint8Array): boolean {
  try {
    const key = new X509Certificate(certDer).publicKey;
    return verifySignature('sha256', signed, { key, dsaEncoding: 'ieee-p1363' }, signature);
  } catch {
    return false;
  }
}
