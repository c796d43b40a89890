import type { X509Certificate } from '@peculiar/x509';
import { isCardgateError } from '../../core/errors.js';
import { decodeSeal, type DecodedSeal } from './codec.js';

/**
 * The parts of seal verification that need no crypto primitive: decoding, matching the
 * certificate the header names and its validity on the signature date. Browser-safe: the server
 * (verify.ts, node:crypto) and the verify page (verify-web.ts, WebCrypto) both run these.
 */
export type SealFailure =
  | 'MALFORMED'
  | 'UNSIGNED'
  | 'SIGNATURE'
  | 'CERT_MISMATCH'
  | 'CERT_NOT_VALID_AT_SIGNING'
  /** No trusted signer certificate carries the reference the header names (verify page). */
  | 'UNKNOWN_SIGNER'
  /** The signer certificate is not issued by a trusted country signing CA (verify page). */
  | 'CHAIN';

export type SealVerdict =
  | { valid: true; seal: DecodedSeal }
  | { valid: false; reason: SealFailure; detail: string; seal?: DecodedSeal };

/** The certificate reference a seal names for a signer certificate: its serial number in upper-case hex. */
export function certReferenceOf(cert: Pick<X509Certificate, 'serialNumber'>): string {
  return cert.serialNumber.toUpperCase().replace(/^0+(?=.)/, '');
}

/** The header's certificate reference in the same normal form as certReferenceOf. */
export const sealCertReference = (seal: DecodedSeal): string =>
  seal.header.certReference.toUpperCase().replace(/^0+(?=.)/, '');

/** Decodes; a verdict for a seal that cannot be checked, else the seal and its signature. */
export function decodeForCheck(
  bytes: Uint8Array,
): { verdict: SealVerdict } | { seal: DecodedSeal; signature: Uint8Array } {
  let seal: DecodedSeal;
  try {
    seal = decodeSeal(bytes);
  } catch (e) {
    return {
      verdict: { valid: false, reason: 'MALFORMED', detail: isCardgateError(e) ? e.message : String(e) },
    };
  }
  if (!seal.signature)
    return { verdict: { valid: false, reason: 'UNSIGNED', detail: 'the seal has no signature zone', seal } };
  return { seal, signature: seal.signature };
}

/**
 * The header must name this certificate (by serial) and the signature date must fall in its
 * validity (a day's tolerance either side: the header holds a date, not a time). Null when both hold.
 */
export function certificateMismatch(
  seal: DecodedSeal,
  cert: Pick<X509Certificate, 'serialNumber' | 'notBefore' | 'notAfter'>,
): SealVerdict | null {
  const ref = certReferenceOf(cert);
  if (sealCertReference(seal) !== ref)
    return {
      valid: false,
      reason: 'CERT_MISMATCH',
      detail: `seal names certificate ${seal.header.certReference}, given ${ref}`,
      seal,
    };
  const signedOn = new Date(`${seal.header.signatureDate}T12:00:00Z`);
  const day = 86_400_000;
  if (
    signedOn.getTime() + day < cert.notBefore.getTime() ||
    signedOn.getTime() - day > cert.notAfter.getTime()
  )
    return {
      valid: false,
      reason: 'CERT_NOT_VALID_AT_SIGNING',
      detail: 'the certificate was not valid on the signature date',
      seal,
    };
  return null;
}
